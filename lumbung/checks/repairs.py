"""Problems a check can repair itself. Each repair rewrites the file and says what it did; the
check still fails, so the fix is reviewed and committed (like FastAPI's scripts/docs.py)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from lumbung.content import translating
from lumbung.content.library import Library
from lumbung.content.model import Document, TranslationStatus

SIZE_RE = re.compile(r"^(\s*-?\s*size:\s*)(\d+)\s*$")


def raw_text(path: Path) -> list[str]:
    """Repair encoding-level problems in place: a UTF-8 BOM, tabs in the front matter."""
    done = []
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        path.write_bytes(data)
        done.append("removed the UTF-8 byte-order mark (BOM)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return done
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
        if end is not None and any("\t" in line for line in lines[1:end]):
            for i in range(1, end):
                lines[i] = lines[i].replace("\t", "  ")
            path.write_text("\n".join(lines), encoding="utf-8")
            done.append("replaced tabs in the front matter with spaces")
    return done


def translation_record(library: Library, docs_dir: Path, doc: Document,
                       changed: dict[str, date]) -> str:
    """A reviewed translation whose record names an older English version although the review
    happened after the English last changed: the reviewer forgot to update the record."""
    if doc.translation is None or doc.translation.status != TranslationStatus.REVIEWED:
        return ""
    original = library.original(doc)
    reviewed = doc.translation.reviewed
    last = changed.get(original.src_uri)
    if doc.translation.source == original.source_version or not reviewed or not last:
        return ""
    if reviewed < last:
        return ""  # genuinely outdated: the English changed after the review
    translating.set_record(docs_dir / doc.src_uri, status=TranslationStatus.REVIEWED,
                           source=f"'{original.source_version}'", reviewed=reviewed.isoformat())
    return (f"updated the translation record to the English version {original.source_version}"
            f" (reviewed on {reviewed.isoformat()}, after the English last changed)")


def attachment_sizes(path: Path, wrong: dict[int, int]) -> str:
    """Rewrite the declared ``size`` of attachments to their real size in bytes."""
    if not wrong:
        return ""
    lines = path.read_text(encoding="utf-8").split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    index = -1
    for i in range(1, end):
        match = SIZE_RE.match(lines[i])
        if match:
            index += 1
            if index in wrong:
                lines[i] = f"{match.group(1)}{wrong[index]}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return "corrected the size of " + ", ".join(f"file {i + 1} to {s} bytes"
                                                for i, s in sorted(wrong.items()))
