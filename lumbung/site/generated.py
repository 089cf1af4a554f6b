"""Front matter of the pages the hooks generate (catalogs, status, archive), written by a YAML
writer so any title, whatever quotes or colons it holds, reads back as written."""

from __future__ import annotations

import yaml


def front_matter(**fields: str) -> str:
    """``front_matter(title='A "B": C', template='catalog.html')`` -> a Markdown page's head."""
    body = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{body}---\n"
