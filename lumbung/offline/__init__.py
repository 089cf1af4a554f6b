"""Lumbung offline: a PDF of every resource and webinar page, a Kiwix library (ZIM) per language.

- :mod:`lumbung.offline.cache`: PDFs kept by content hash, so a build renders only what changed;
- :mod:`lumbung.offline.pdf`: the printable HTML of a page and its rendering by WeasyPrint;
- :mod:`lumbung.offline.render`: one build's PDFs, rendered in worker processes;
- :mod:`lumbung.offline.zim`: one ZIM file per language from the built site;
- :mod:`lumbung.offline.page`: the "Offline" page that links the files.
"""
