"""Sources: one module per catalogue source, each turning saved pages or files into records.

Installed as ``standards_lib.scrapers``. :func:`get_source` returns a source module by name;
every source module exposes ``NAME``, ``DESCRIPTION`` and ``extract(paths, **options)``
(offline, pure parsing of saved pages or files) and, for live sites, ``scrape(fetcher, ...)``.
"""

from __future__ import annotations

import importlib
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

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


def source_descriptions() -> list[dict[str, Any]]:
    """A ``sources`` table row for every registered source (TITLE/LICENCE/URL where the module declares them)."""
    rows = []
    for name, module_name in sorted(SOURCE_MODULES.items()):
        module = importlib.import_module(f"{__name__}.{module_name}")
        rows.append(
            {
                "name": name,
                "title": getattr(module, "TITLE", None) or getattr(module, "DESCRIPTION", name),
                "description": getattr(module, "DESCRIPTION", None),
                "licence": getattr(module, "LICENCE", None),
                "url": getattr(module, "URL", None),
            }
        )
    return rows


def recognises(module: ModuleType, path: Path) -> bool:
    """Whether a source module would read the file ``path``: its own ``recognises(path)`` when it has one, else
    its ``discover`` run over a folder holding only that file (the same cheap look at the file's first bytes)."""
    own = getattr(module, "recognises", None)
    if callable(own):
        return bool(own(path))
    discover = getattr(module, "discover", None)
    if discover is None or not path.is_file():
        return False
    with tempfile.TemporaryDirectory(prefix="brics-sniff-") as tmp:
        link = Path(tmp) / path.name
        try:
            link.symlink_to(path.resolve())
        except OSError:
            return False
        return bool(discover(Path(tmp)))


def sources_for_file(path: Path) -> list[str]:
    """The names of the sources that recognise a file (one name per module; ``csv`` for the tabular importer)."""
    names: list[str] = []
    seen: set[str] = set()
    for name, module_name in SOURCE_MODULES.items():
        if module_name in seen:
            continue
        seen.add(module_name)
        if recognises(get_source(name), Path(path)):
            names.append(name)
    return names
