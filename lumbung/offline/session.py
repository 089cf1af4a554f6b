"""One build's PDFs, across mkdocs-static-i18n's passes (one per language).

Each pass hands over its resource and webinar pages as MkDocs rendered them (:meth:`PdfBuild.add`);
a page whose printable HTML is in the cache is done, any other is rendered by WeasyPrint in
worker processes while MkDocs renders the rest. Before a page's template is filled, its PDF's
size is needed for the link (:meth:`PdfBuild.link`, waiting for that one PDF if need be).
After the last language, :meth:`PdfBuild.finish` copies every PDF into the site and forgets
cached PDFs no page uses any more. The PDF build is a part of the site build
(lumbung.site.session), which closes it.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lumbung.config import Site
from lumbung.content.library import Library
from lumbung.content.model import Document
from lumbung.offline import listing, pdf, zim
from lumbung.offline.cache import CACHE_ENV, PDF_KEYS_PART, PdfCache, cache_dir, pdf_key
from lumbung.site import parts

PANGO = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"  # what WeasyPrint loads


@dataclass(frozen=True)
class PdfLink:
    """What a page's PDF link shows."""

    url: str  # site-root URL
    size: int  # bytes
    lang: str  # the PDF's language (English on a fallback page)


@dataclass(frozen=True)
class PdfReport:
    pdfs: int
    rendered: int  # by WeasyPrint in this build; the others came from the cache
    total_bytes: int
    largest: tuple[str, int]
    seconds: float  # the build's time waiting for PDFs
    warnings: tuple[str, ...]

    def summary(self) -> str:
        return (f"PDF: {self.pdfs} files ({self.rendered} rendered, "
                f"{self.pdfs - self.rendered} from the cache), {self.total_bytes // 1024} KiB in "
                f"all, largest {self.largest[0]} ({self.largest[1] // 1024} KiB); the build "
                f"waited {self.seconds:.2f} s for them")


def _render_to_cache(html: str, base_url: str, css: str, directory: str,
                     key: str) -> tuple[str, ...]:
    """In a worker process: render one PDF into the cache; WeasyPrint's warnings."""
    rendered = pdf.render_pdf(html, base_url, css)
    PdfCache(Path(directory)).put(key, rendered.data)
    return rendered.warnings


def worker_count() -> int:
    """One worker per core, up to four (MkDocs mostly waits for them when the cache is cold)."""
    return max(1, min(4, os.cpu_count() or 1))


@dataclass
class _Job:
    doc: Document
    key: str
    future: Future[tuple[str, ...]] | None  # None: found in the cache
    own: bool = True  # False: another process of a parallel build writes it into the site


class PdfBuild:
    def __init__(self, site: Site, library: Library, workers: int | None = None, *,
                 prune: bool = True) -> None:
        self.prune = prune  # False in a parallel build's processes: the merge step prunes
        self.site = site  # as the first pass sees it: its site_dir is the top one
        self.library = library
        override = os.environ.get(CACHE_ENV, "").strip()
        self.cache = PdfCache(Path(override) if override else cache_dir(site.root))
        self.css = pdf.stylesheet()
        self.version = pdf.engine_version()
        self.workers = workers or worker_count()
        self.jobs: dict[str, _Job] = {}  # PDF URL -> job
        self.warnings: list[str] = []
        self.unloadable = False  # WeasyPrint's system libraries are missing (said once)
        self.waited = 0.0
        self.rendered = 0
        self.shared_cache = bool(override)  # never pruned: other builds use it too
        self._pool: ProcessPoolExecutor | None = None

    def _submit(self, html: str, base_url: str, key: str) -> Future[tuple[str, ...]]:
        if self._pool is None:
            # forkserver: workers do not inherit the build's threads (Pagefind's) or state
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("forkserver"))
        self.rendered += 1
        return self._pool.submit(_render_to_cache, html, base_url, self.css,
                                 str(self.cache.directory), key)

    def add(self, doc: Document, body_html: str, *, own: bool = True) -> None:
        """A page version was rendered: make sure its PDF will exist. ``own`` False: an English
        original shown in the language being built, whose PDF another process writes into the
        site (this one needs it for the link)."""
        if not pdf.has_pdf(doc):
            return
        original = self.library.original(doc)
        data = original.data
        topics = getattr(data, "topics", ())
        names = {t: self.library.vocabulary.topic_name(t, doc.lang) for t in topics}
        page = pdf.printable(self.site, doc, original, body_html, names)
        html = pdf.printable_html(page)
        key = pdf_key(html, self.css, self.version)
        url = pdf.pdf_url(doc, self.site.default)
        known = self.jobs.get(url)
        if known is not None and known.key == key:
            return
        future = None if self.cache.get(key) else self._submit(html, page.address, key)
        self.jobs[url] = _Job(doc, key, future, own)

    def _wait(self, job: _Job) -> None:
        if job.future is None:
            return
        started = time.perf_counter()
        where = f"{pdf.pdf_url(job.doc, self.site.default)} (from docs/{job.doc.src_uri})"
        try:
            warnings = job.future.result()
        except OSError as exc:  # WeasyPrint cannot load Pango: one message, not one a page
            if not self.unloadable:
                self.warnings.append(f"PDFs: WeasyPrint cannot load its system libraries ({exc});"
                                     f" install {PANGO} (Debian/Ubuntu), or build without PDFs:"
                                     " LUMBUNG_PDF=0")
            self.unloadable = True
            job.future = None
            return
        except Exception as exc:  # WeasyPrint failed on this page: say which, build the rest
            warnings = (f"the PDF could not be made: {type(exc).__name__}: {exc}",)
        self.waited += time.perf_counter() - started
        job.future = None
        self.warnings.extend(f"{where}: {w}" for w in warnings)

    def link(self, doc: Document) -> PdfLink | None:
        """The link to ``doc``'s PDF (None if it has none), once the PDF exists."""
        job = self.jobs.get(pdf.pdf_url(doc, self.site.default))
        if job is None:
            return None
        self._wait(job)
        found = self.cache.get(job.key)
        if found is None:
            return None
        return PdfLink(pdf.pdf_url(doc, self.site.default), found.stat().st_size, doc.lang)

    def keys(self) -> set[str]:
        """The cached PDFs this build uses."""
        return {job.key for job in self.jobs.values()}

    def take_warnings(self) -> list[str]:
        taken, self.warnings = self.warnings, []
        return taken

    def finish(self) -> PdfReport:
        """After the last language: every PDF into the site; cached PDFs no page uses any more
        are deleted (unless the cache is shared)."""
        sizes: dict[str, int] = {}
        for url, job in self.jobs.items():
            self._wait(job)
            source = self.cache.get(job.key)
            if source is None or not job.own:
                continue
            target = self.site.site_dir / url
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            sizes[url] = source.stat().st_size
        self.close()
        if not self.shared_cache and self.prune:
            self.cache.prune(self.keys())
        largest = max(sizes.items(), key=lambda item: item[1], default=("", 0))
        return PdfReport(len(sizes), self.rendered, sum(sizes.values()), largest, self.waited,
                         tuple(self.warnings))

    def close(self) -> None:
        """Stop the workers (a build that failed half-way cancels what is left)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class OfflineBuild:
    """A build's offline files: its PDFs (if switched on) and, after the last language, its ZIM
    files (if switched on), made once even if the last language's on_post_build runs twice."""

    def __init__(self, site: Site, library: Library, *, pdfs: bool, zims: bool,
                 parts: Path | None = None, lang: str = "") -> None:
        self.site = site
        self.parts = parts  # a parallel build's process: the merge step prunes the cache
        self.lang = lang
        self.pdfs = PdfBuild(site, library, prune=parts is None) if pdfs else None
        self.zims = zims
        self.finished = False

    def finish(self) -> list[str]:
        """Write the PDFs into the site, then make the ZIM files; what was done, in words."""
        if self.finished:
            return []
        self.finished = True
        done = []
        if self.pdfs is not None:
            done.append(self.pdfs.finish().summary())
        if self.parts is not None:
            keys = sorted(self.pdfs.keys()) if self.pdfs is not None else []
            parts.write(self.parts, PDF_KEYS_PART, self.lang, keys)
        if self.zims:
            made = zim.make_all(self.site)
            listing.fill_pages(self.site, made)
            done.append(zim.summary(made))
        return done

    def close(self) -> None:
        if self.pdfs is not None:
            self.pdfs.close()
