"""Write the Pagefind bundle (site/pagefind/) from search records, with the standard binary.

Pagefind indexes in a process of its own. ``Indexer`` drives it from a thread, so records can be
handed over as soon as each language's pages are rendered and the bundle written while MkDocs
writes the last language's pages: on a machine with two cores the build hardly waits for it.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import os
import shutil
import threading
import time
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pagefind.service import PagefindService, get_executable

from lumbung.errors import LumbungError
from lumbung.search.records import Record
from lumbung.search.shards import shard_folder, split

# The one Pagefind release this module is written against, pinned exactly in pyproject.toml.
# Pagefind's Python service (pagefind.service.PagefindService) sleeps 0.1 s before reading each
# answer of the binary: 14 s for this site's 144 records, against 5 s beside the build with the
# reader below. ``_Service`` therefore replaces parts of it that are not a documented interface
# (its constructor, ``_wait_for_responses``, the ``_backend``/``_responses``/``_loop`` attributes),
# which any release may change. tests/test_search_pin.py fails when the installed release is not
# this one, or when those parts are gone: check them against the new release, then update both.
PAGEFIND_VERSION = "1.5.2"
BUNDLE_DIR = "pagefind"
CHUNK_SIZE_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
# Pagefind's default, 20,000 word locations, makes chunks of 20-50 KB compressed; a query loads
# the chunks of the words it starts (a word typed is also a prefix). Smaller chunks lengthen the
# chunk list in each language's metadata, by about 20 bytes a chunk. At 200 resources, 1,000
# made the Vietnamese "tổ chức" fetch 36 KB of chunks ("to" folds tổ, tờ, toàn, tổn... into one
# chunk); 300 makes it 17 KB, for 0.1-0.7 KB more metadata per language.
CHUNK_SIZE = 300
# Files of Pagefind's own interfaces, which Lumbung does not use (it has its own results list);
# a bundle of originals or a shard also needs no script of its own (the main bundle's
# pagefind.js reads it).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")
UNUSED_INSIDE = ("pagefind.js", "pagefind-worker.js")
WAIT = 600.0  # seconds the build waits for Pagefind at most


class IndexingFailed(LumbungError):
    """Pagefind stopped or failed before the bundle was written."""


@dataclass(frozen=True)
class BundleStats:
    records: int
    seconds: float  # from the first record handed over to the bundle written
    waited: float  # of which the build waited for it at the end
    files: int
    bytes: int


def _binary() -> Path:
    """The standard Pagefind binary even if the extended one is installed too.

    The extended build splits Thai (and Chinese, Japanese) words itself, which would undo the
    ICU segmentation this site does for every language alike. PAGEFIND_BINARY_PATH, if set,
    still wins.
    """
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return Path(os.environ["PAGEFIND_BINARY_PATH"])
    try:
        from pagefind_bin import get_executable as standard
    except ImportError:  # only the extended build is installed: let pagefind pick it
        found = get_executable()
    else:
        found = standard()
    if found is None:
        raise RuntimeError("Pagefind's binary is not installed (pip install 'pagefind[bin]')")
    return Path(found)


class _Service(PagefindService):
    """Pagefind's Python service, launched with our binary and settings, reading each answer as
    soon as it arrives (the stock reader sleeps 0.1 s before every answer: 7.7 s for 74 records).
    """

    def __init__(self, binary: Path, env: dict[str, str]) -> None:
        self._loop = asyncio.get_running_loop()
        self._bin = binary
        self._env = env
        self._responses = {}

    async def launch(self) -> _Service:
        self._backend = await asyncio.create_subprocess_exec(
            self._bin, "--service", env=self._env, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, limit=2**21)
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

    async def stop(self) -> None:
        """Stop the binary whatever state it is in (answering, hung, or gone already), and
        reap it, so that no process or pipe outlives the indexer."""
        try:
            await self.close()
        except ProcessLookupError:  # it had stopped on its own
            pass
        finally:
            self._poll_task.cancel()
            await asyncio.gather(self._poll_task, return_exceptions=True)
            if self._backend.returncode is None:
                self._backend.kill()
            await self._backend.wait()

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        while True:
            try:
                output = await self._backend.stdout.readuntil(b",")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
                for future in self._responses.values():  # the binary stopped: fail, don't hang
                    if not future.done():
                        future.set_exception(RuntimeError(f"Pagefind stopped answering: {exc}"))
                return
            response = json.loads(base64.b64decode(output[:-1]))
            if response is None:
                continue
            payload = response["payload"]
            message_id = response.get("message_id")
            if message_id is None and payload.get("original_message"):
                message_id = json.loads(payload["original_message"]).get("message_id")
            waiting = self._responses.get(message_id)
            if waiting is None or waiting.done():
                continue
            if payload["type"] == "Error":
                waiting.set_exception(RuntimeError(f"Pagefind: {payload.get('message')}"))
            else:
                waiting.set_result(payload)


class _Work:
    """The side of the indexer that runs on its own event loop.

    Pagefind holds an index in memory until it is written, and its process keeps that memory to
    the end: at 800 resources, one process for every language took 550 MiB, more than the build
    itself. So each language of each bundle is indexed by a Pagefind process of its own, one at a
    time, and merged into the bundle: a bundle keeps each language's files apart (their names
    start with its code) and lists the languages in pagefind-entry.json. A language with more
    records than one process should hold is split into shards, each indexed by a process of its
    own (lumbung.search.shards). The bundles are made in a folder beside the site's and put in
    place at the end, whole.
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self.staging = output.with_name(f".{output.name}-new")
        self.scratch = output.with_name(f".{output.name}-scratch")
        for folder in (self.staging, self.scratch):
            if folder.exists():
                shutil.rmtree(folder)
        self.env = {**os.environ, CHUNK_SIZE_VARIABLE: os.environ.get(CHUNK_SIZE_VARIABLE,
                                                                      str(CHUNK_SIZE))}
        self.binary = _binary()
        self.one_at_a_time = asyncio.Lock()
        self.adds: list[asyncio.Future[int]] = []
        self.runs = 0
        self.indexed: set[tuple[str, str]] = set()  # (bundle, language) indexed or under way
        self.services: set[_Service] = set()

    def add(self, records: tuple[Record, ...]) -> None:
        self.adds.append(asyncio.ensure_future(self._add(records)))

    async def _add(self, records: tuple[Record, ...]) -> int:
        groups: dict[tuple[str, str], list[Record]] = {}
        for rec in records:
            groups.setdefault((rec.bundle, rec.language), []).append(rec)
        async with self.one_at_a_time:
            for (bundle, language), recs in groups.items():
                if (bundle, language) in self.indexed:
                    raise IndexingFailed(f"records of index '{language}' of bundle "
                                         f"'{bundle or 'main'}' came in two parts: a language's "
                                         "records are handed over at once")
                self.indexed.add((bundle, language))
                for number, shard in enumerate(split(recs), 1):
                    await self._index(shard_folder(bundle, language, number), shard)
        return len(records)

    async def _index(self, bundle: str, records: list[Record]) -> None:
        """One language of one bundle (or a shard of it: see lumbung.search.shards), by a
        Pagefind process of its own, merged into that bundle."""
        self.runs += 1
        folder = self.scratch / str(self.runs)
        service = await _Service(self.binary, self.env).launch()
        self.services.add(service)
        try:
            index = await service.create_index({"output_path": str(folder)})
            await asyncio.gather(*(index.add_custom_record(**rec.as_kwargs()) for rec in records))
            await index.write_files()
            # Pagefind answers before its last file is always on disk: stopping it now could
            # cut pagefind-entry.json short (seen: empty).
            await _entry_written(folder)
        finally:
            self.services.discard(service)
            await service.stop()
        merge_bundle(folder, self.staging / bundle)
        shutil.rmtree(folder)

    async def flush(self) -> None:
        await asyncio.gather(*self.adds)

    async def write(self) -> int:
        """Wait for every language's index, then put the bundles in place."""
        count = sum(await asyncio.gather(*self.adds))
        if self.output.exists():
            shutil.rmtree(self.output)
        if self.staging.exists():
            self.staging.replace(self.output)
        else:
            self.output.mkdir(parents=True)
        shutil.rmtree(self.scratch, ignore_errors=True)
        return count

    async def close(self) -> None:
        for add in self.adds:
            add.cancel()
        await asyncio.gather(*self.adds, return_exceptions=True)
        for service in list(self.services):
            await service.stop()
        for folder in (self.staging, self.scratch):
            shutil.rmtree(folder, ignore_errors=True)


ENTRY = "pagefind-entry.json"


async def _entry_written(folder: Path) -> None:
    """Wait until the bundle's entry file is whole (Pagefind writes it last)."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            json.loads((folder / ENTRY).read_text(encoding="utf-8"))
            return
        except (OSError, ValueError):
            if time.monotonic() > deadline:
                raise IndexingFailed(f"Pagefind wrote no {ENTRY} in {folder}") from None
            await asyncio.sleep(0.02)


def merge_bundle(source: Path, bundle: Path) -> None:
    """Move one Pagefind run's files into ``bundle`` and add its languages to the bundle's
    entry file (the files both have, such as pagefind.js or a WebAssembly module, are the
    same: the first is kept)."""
    bundle.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if not path.is_file() or rel.as_posix() == ENTRY:
            continue
        target = bundle / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)
    found = json.loads((source / ENTRY).read_text(encoding="utf-8"))
    entry_file = bundle / ENTRY
    if entry_file.exists():
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        entry["languages"].update(found["languages"])
    else:
        entry = found
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


class Indexer:
    """Pagefind beside the build: ``add`` records, then ``write``, then ``finish``."""

    def __init__(self, site_dir: Path) -> None:
        self.output = site_dir / BUNDLE_DIR
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind",
                                        daemon=True)
        self._thread.start()
        self._work = self._run(self._make()).result(WAIT)
        self._first: float | None = None
        self._written: concurrent.futures.Future[int] | None = None

    async def _make(self) -> _Work:
        return _Work(self.output)

    def _run(self, coroutine: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def _call(self, function: Any, *args: Any) -> None:
        self._loop.call_soon_threadsafe(function, *args)

    def add(self, records: Iterable[Record]) -> None:
        """Hand over records; those of one index (a language of a bundle) all in one call."""
        if self._first is None:
            self._first = time.perf_counter()
        self._call(self._work.add, tuple(records))

    def flush(self) -> None:
        """Wait until the records handed over so far are indexed (a caller that hands over one
        language after another keeps one language's records in memory)."""
        try:
            self._run(self._work.flush()).result(WAIT)
        except Exception as exc:  # the binary died, timed out, or refused a record
            raise IndexingFailed(f"Pagefind could not index into {self.output}: "
                                 f"{type(exc).__name__}: {exc}") from exc

    def write(self) -> None:
        """Start writing the bundles; every record must have been added."""
        if self._written is None:
            self._written = self._run(self._work.write())

    def finish(self) -> BundleStats:
        """Wait for the bundles, then tidy them (see ``tidy``) and stop Pagefind."""
        start = time.perf_counter()
        self.write()
        assert self._written is not None
        try:
            count = self._written.result(WAIT)
        except Exception as exc:  # the binary died, timed out, or refused a record
            raise IndexingFailed(f"Pagefind could not write {self.output}: "
                                 f"{type(exc).__name__}: {exc}") from exc
        finally:
            self.close()
        files = tidy(self.output)
        end = time.perf_counter()
        return BundleStats(count, end - (self._first or start), end - start, len(files),
                           sum(p.stat().st_size for p in files))

    def close(self) -> None:
        """Stop Pagefind and the thread (also when the build failed half-way)."""
        if not self._thread.is_alive():
            return
        try:
            self._run(self._work.close()).result(WAIT)
        except (OSError, RuntimeError, concurrent.futures.TimeoutError):
            pass  # it has stopped already, one way or another
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(WAIT)
            self._loop.close()


def tidy(output: Path) -> list[Path]:
    """Drop what readers never load; the bundle's files that are left."""
    for entry in output.rglob("pagefind-entry.json"):
        folder = entry.parent
        for name in UNUSED + (UNUSED_INSIDE if folder != output else ()):
            (folder / name).unlink(missing_ok=True)
        if folder != output:
            _drop_unused_modules(entry)
    return [p for p in output.rglob("*") if p.is_file()]


def _drop_unused_modules(entry: Path) -> None:
    """A bundle of originals, or a shard, keeps only the WebAssembly module its one index runs
    on (used when a language has no index of its own to merge it into)."""
    languages = json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
    used = {f"wasm.{index['wasm'] or 'unknown'}.pagefind" for index in languages}
    for module in entry.parent.glob("wasm.*.pagefind"):
        if module.name not in used:
            module.unlink()
