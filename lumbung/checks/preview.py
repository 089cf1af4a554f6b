"""A pull request's preview of the built site, made to be opened from an unzipped folder.

Opened from disk (file://), a link to a folder (``guide/``) shows the browser's "Index of" listing
instead of the page, and search cannot load its index. The preview is a copy of the built site
whose links to folders name their ``index.html``, with a note on every page that search needs a
server, and a README-first ``index.html`` at the top of the folder.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

ATTRIBUTE_RE = re.compile(r"""(\s(?:href|src)=)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/|#|\?)", re.IGNORECASE)
BODY_RE = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
NOTE_CLASS = "lumbung-preview-note"
SEARCH_NOTE = ("Preview of a pull request, opened from a folder: every page opens, but search "
               "needs the site to be served. To search, run <code>python3 -m http.server</code> "
               "in the unzipped folder and open <code>http://127.0.0.1:8000/site/</code>.")


def page_link(url: str) -> str:
    """A relative link to a folder ('guide/', '../', '.') made to name its index.html."""
    if not url or EXTERNAL_RE.match(url):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    if path.endswith("/"):
        return f"{path}index.html{rest}"
    if path in (".", ".."):
        return f"{path}/index.html{rest}"
    return url


def _attribute(match: re.Match[str]) -> str:
    url = html.unescape(match.group(3))
    fixed = page_link(url)
    if fixed == url:
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}{html.escape(fixed)}{match.group(2)}"


def rewrite_page(text: str) -> str:
    """Links to folders name their index.html; a note on search opens the page."""
    text = ATTRIBUTE_RE.sub(_attribute, text)
    note = (f'<p class="{NOTE_CLASS}" lang="en" style="margin:0;padding:.5em 1em;'
            f'background:#fff3cd;color:#332701;border-bottom:1px solid #d9c27a">{SEARCH_NOTE}</p>')
    return BODY_RE.sub(lambda m: m.group(0) + note, text, count=1)


def readme(title: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Read me first: preview of {html.escape(title)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;
line-height:1.5">
<h1>Preview of {html.escape(title)}</h1>
<p>This folder holds the site as this pull request would build it.</p>
<p><a href="site/index.html"><strong>Open the site</strong></a> (site/index.html). Every page and
every language opens from this folder, without a server.</p>
<p><strong>Search needs a server.</strong> It does not work when pages are opened from a folder.
To try it, open a terminal in this folder, run <code>python3 -m http.server</code>, and open
<a href="http://127.0.0.1:8000/site/">http://127.0.0.1:8000/site/</a>.</p>
<p>The problems the content checks found, if any, are listed on the pull request: as notes on
their lines under "Files changed", and on the check's page under "Summary".</p>
</body></html>
"""


def make_preview(site_dir: Path, out: Path, title: str) -> int:
    """Copy ``site_dir`` to ``out/site`` for opening from disk; returns the pages rewritten."""
    if out.exists():
        shutil.rmtree(out)
    target = out / "site"
    shutil.copytree(site_dir, target)
    count = 0
    for page in sorted(target.rglob("*.html")):
        page.write_text(rewrite_page(page.read_text(encoding="utf-8")), encoding="utf-8")
        count += 1
    (out / "index.html").write_text(readme(title), encoding="utf-8")
    return count
