"""Write the Pagefind bundle (site/pagefind/) from search records, with the standard binary."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import time
from collections.abc import Coroutine, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pagefind.service import PagefindService

from lumbung.search.records import Record

BUNDLE_DIR = "pagefind"
CHUNK_SIZE_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
# Pagefind's default, 20,000 word locations, makes chunks of 20-50 KB compressed; a query loads
# the chunk of each of its words. Smaller chunks only lengthen the chunk list in each language's
# metadata, by about 20 bytes a chunk.
CHUNK_SIZE = 1000
# Files of Pagefind's own interfaces, which Lumbung does not use (it has its own results list);
# a bundle of originals also needs no script of its own (the main bundle's pagefind.js reads it).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")
UNUSED_INSIDE = ("pagefind.js", "pagefind-worker.js")


@dataclass(frozen=True)
class BundleStats:
    records: int
    seconds: float
    files: int
    bytes: int


@contextmanager
def _standard_binary() -> Iterator[None]:
    """Use the standard Pagefind binary even if the extended one is installed too.

    The extended build splits Thai (and Chinese, Japanese) words itself, which would undo the
    ICU segmentation this site does for every language alike. PAGEFIND_BINARY_PATH, if set,
    still wins.
    """
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        yield
        return
    try:
        from pagefind_bin import get_executable
    except ImportError:  # only the extended build is installed: let pagefind pick it
        yield
        return
    os.environ["PAGEFIND_BINARY_PATH"] = str(get_executable())
    try:
        yield
    finally:
        os.environ.pop("PAGEFIND_BINARY_PATH", None)


class _Service(PagefindService):
    """Pagefind's Python service, reading each answer as soon as it arrives.

    The stock reader sleeps 0.1 s before every answer, which made indexing take 0.1 s per
    record (7.7 s for 74 records); this one takes the same messages without the pause.
    """

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
            future = self._responses.get(message_id)
            if future is None or future.done():
                continue
            if payload["type"] == "Error":
                future.set_exception(RuntimeError(f"Pagefind: {payload.get('message')}"))
            else:
                future.set_result(payload)


async def _write(records: Iterable[Record], output: Path) -> int:
    """Index each bundle's records into its folder: the main bundle first, as Pagefind may clear
    the folder it writes into, then the bundles inside it."""
    bundles: dict[str, list[Record]] = {}
    for rec in records:
        bundles.setdefault(rec.bundle, []).append(rec)
    service = await _Service().launch()
    count = 0
    try:
        for name in sorted(bundles):
            index = await service.create_index({"output_path": str(output / name)})
            for rec in bundles[name]:
                await index.add_custom_record(**rec.as_kwargs())
                count += 1
            await index.write_files()
    finally:
        await service.close()
    return count


def _run_async(coroutine: Coroutine[Any, Any, int]) -> int:
    """asyncio.run, also from a thread whose event loop is already running (as under Playwright)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@contextmanager
def _chunk_size(size: int) -> Iterator[None]:
    """Pagefind's index chunk size, in word locations (its own default: 20,000)."""
    if os.environ.get(CHUNK_SIZE_VARIABLE):
        yield
        return
    os.environ[CHUNK_SIZE_VARIABLE] = str(size)
    try:
        yield
    finally:
        os.environ.pop(CHUNK_SIZE_VARIABLE, None)


def _drop_unused_modules(entry: Path) -> None:
    """A bundle of originals keeps only the WebAssembly module its one index runs on (used when
    a language has no index of its own to merge it into)."""
    languages = json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
    used = {f"wasm.{index['wasm'] or 'unknown'}.pagefind" for index in languages}
    for module in entry.parent.glob("wasm.*.pagefind"):
        if module.name not in used:
            module.unlink()


def write_bundle(records: Iterable[Record], site_dir: Path) -> BundleStats:
    """Index ``records`` into ``site_dir``/pagefind/, replacing any earlier bundle."""
    output = site_dir / BUNDLE_DIR
    if output.exists():
        shutil.rmtree(output)
    start = time.perf_counter()
    with _standard_binary(), _chunk_size(CHUNK_SIZE):
        count = _run_async(_write(records, output.resolve()))
    seconds = time.perf_counter() - start
    for entry in output.rglob("pagefind-entry.json"):
        folder = entry.parent
        for name in UNUSED + (UNUSED_INSIDE if folder != output else ()):
            (folder / name).unlink(missing_ok=True)
        if folder != output:
            _drop_unused_modules(entry)
    files = [p for p in output.rglob("*") if p.is_file()]
    return BundleStats(count, seconds, len(files), sum(p.stat().st_size for p in files))
