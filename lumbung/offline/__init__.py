"""Lumbung offline: a PDF of every resource and webinar page, a Kiwix library (ZIM) per language.

- :mod:`lumbung.offline.settings`: whether a build makes PDFs and ZIM files;
- :mod:`lumbung.offline.pdf`: the printable HTML of a page and its rendering by WeasyPrint;
- :mod:`lumbung.offline.cache`: PDFs kept by content hash, so a build renders only what changed;
- :mod:`lumbung.offline.session`: one build's PDFs (worker processes) and ZIM files;
- :mod:`lumbung.offline.rewrite`: a built page made fit for a ZIM file;
- :mod:`lumbung.offline.zim`: one ZIM file per language from the built site;
- :mod:`lumbung.offline.listing`: the "Offline" page that lists the files.
"""
