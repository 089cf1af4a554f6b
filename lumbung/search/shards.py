"""Large indexes in shards: at most ``SHARD_RECORDS`` records per Pagefind run.

Pagefind holds an index in memory until it is written: about 240 KB per English page (stemmed,
with the words as written, see records.exact_forms), 145 KB per unstemmed one. An index (a
language of a bundle) with more records than the limit is therefore split into shards, each
indexed by a Pagefind process of its own. The first shard is written where the whole index
would go, so a site below the limit is unchanged; each further shard is a bundle of its own
holding that one index, in a folder named for the bundle it belongs to (:func:`shard_folder`).
The search box merges a language's shards into its search (Pagefind's mergeIndex) before the
first query, and the shards of the originals together with the originals.

Which records go into which shard depends on the index's size only (:func:`split`), and how
many shards an index has on its size only (:func:`shard_count`): the indexer splits the records
it is handed, and a search box's settings (publish.SearchPlan.view) name the shards from the
sizes the library tells (records.index_sizes), which a process that builds some languages only
knows as well as the one that indexes them all.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from lumbung.errors import LumbungError
from lumbung.search.records import Record

SHARD_RECORDS = 2_500  # ~600 MiB for Pagefind at most, English being the largest per page
SHARD_VARIABLE = "LUMBUNG_SEARCH_SHARD"  # overrides SHARD_RECORDS (tests use a handful)
SHARDS = "shards"  # folder of a bundle's further shards, inside that bundle's


class ShardSettingInvalid(LumbungError):
    """LUMBUNG_SEARCH_SHARD is not a whole number above zero."""


def shard_limit() -> int:
    """The most records one Pagefind run indexes."""
    value = os.environ.get(SHARD_VARIABLE, "").strip()
    if not value:
        return SHARD_RECORDS
    if not value.isdigit() or int(value) < 1:
        raise ShardSettingInvalid(f"{SHARD_VARIABLE} is '{value}': it must be a whole number "
                                  f"of records above zero (unset, it is {SHARD_RECORDS})")
    return int(value)


def shard_count(size: int, limit: int | None = None) -> int:
    """How many shards an index of ``size`` records is split into (1: not split)."""
    most = limit or shard_limit()
    return max(1, -(-size // most))


def split(records: Sequence[Record], limit: int | None = None) -> list[list[Record]]:
    """The shards of one index's records: the records as they are when they fit in one, else
    in URL order, cut into :func:`shard_count` runs of sizes that differ by one at most."""
    count = shard_count(len(records), limit)
    if count == 1:
        return [list(records)]
    ordered = sorted(records, key=lambda rec: rec.url)
    size = len(ordered)
    return [ordered[i * size // count:(i + 1) * size // count] for i in range(count)]


def shard_folder(bundle: str, language: str, number: int) -> str:
    """Folder, inside the main bundle's, of shard ``number`` (from 1) of index ``language`` of
    ``bundle`` ('' for the main bundle): the bundle's own for the first, else for example
    shards/en-2 (the main bundle's English) or originals/unknown/shards/2."""
    if number == 1:
        return bundle
    if bundle:
        return f"{bundle}/{SHARDS}/{number}"
    return f"{SHARDS}/{language}-{number}"


def extra_shards(bundle: str, language: str, size: int,
                 limit: int | None = None) -> tuple[str, ...]:
    """The folders of the shards after the first of an index of ``size`` records."""
    return tuple(shard_folder(bundle, language, number)
                 for number in range(2, shard_count(size, limit) + 1))
