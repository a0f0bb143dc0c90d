"""Sources: one module per catalogue source, each turning saved pages or files into records.

Installed as ``standards_lib.scrapers``. :func:`get_source` returns a source module by name;
every source module exposes ``NAME``, ``DESCRIPTION`` and ``extract(paths, **options)``
(offline, pure parsing of saved pages or files) and, for live sites, ``scrape(fetcher, ...)``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from standards_lib.errors import SourceError

#: source name -> module under standards_lib.scrapers
SOURCE_MODULES: dict[str, str] = {
    "samr": "samr",
    "openstd": "openstd",
    "csres": "csres",
    "biaozhun": "biaozhun",
    "relaton": "relaton",
    "relaton-intl": "relaton_intl",
    "rosstandart": "rosstandart",
    "mgscatalog": "mgscatalog",
    "bis": "bis",
    "iso": "iso",
    "csv": "tabular",
    "xlsx": "tabular",
    "jsonl": "jsonl",
}


def get_source(name: str) -> ModuleType:
    """The source module called ``name``; a clear error listing the known names otherwise."""
    try:
        module = SOURCE_MODULES[name]
    except KeyError:
        raise SourceError(name, f"unknown source; known sources: {', '.join(sorted(SOURCE_MODULES))}") from None
    return importlib.import_module(f"{__name__}.{module}")
