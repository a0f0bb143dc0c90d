"""Which sources read which files of a refresh, and which files under ``--from`` no source reads.

:func:`plan_sources` turns ``--from`` (a folder or one file), ``--source`` and ``--mapping`` into the list of
``(source name, source module, files)`` a refresh reads; :func:`unread_files` names the files of the folder
that no source reads, so that a file in a changed layout is never passed over in silence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import CatalogError, SourceError
from .scrapers import SOURCE_MODULES, get_source, sources_for_file


def plan_sources(
    sources: Sequence[str] | None, from_path: Path | None, mapping: str | Path | None = None
) -> list[tuple[str, Any, list[Path]]]:
    """Which source modules read which files: ``(name, module, paths)``.

    A directory is searched by every source (or the named ones); a single file is read by the named sources,
    else by the one source that recognises it (CatalogError naming the ``--source`` choices otherwise). With
    ``mapping`` the file (or every CSV/XLSX file of the directory) is a sheet read through that mapping, as a
    source named after the mapping (``committee``).
    """
    if from_path is None:
        raise CatalogError("nothing to refresh: give --from PATH (a file, or a directory such as ../shared/data)")
    from_path = Path(from_path)
    if not from_path.exists():
        raise CatalogError(f"--from {from_path}: no such file or directory")
    if mapping is not None:
        return [_plan_sheet(sources, from_path, mapping)]
    if not from_path.is_dir() and not sources:
        sources = [_source_of_file(from_path)]
    names = list(sources) if sources else list(SOURCE_MODULES)
    plan: list[tuple[str, Any, list[Path]]] = []
    used_modules: set[str] = set()
    for name in names:
        module = get_source(name)
        if module.__name__ in used_modules:
            continue
        paths = sorted(module.discover(from_path)) if from_path.is_dir() else [from_path]
        if paths:
            plan.append((name, module, paths))
            used_modules.add(module.__name__)
        elif sources:
            raise CatalogError(f"source {name!r} finds no files it can read under {from_path}")
    if not plan:
        raise CatalogError(f"no source found files it can read under {from_path}")
    return plan


def _plan_sheet(sources: Sequence[str] | None, from_path: Path, mapping: str | Path) -> tuple[str, Any, list[Path]]:
    """The plan of a sheet read through a mapping: one source named after the mapping."""
    if sources and set(sources) - {"csv", "xlsx"}:
        raise CatalogError(
            f"--mapping reads CSV or XLSX sheets: give --source csv or --source xlsx, not {', '.join(sources)}"
        )
    module = get_source("csv")
    try:
        table_mapping = module.load_mapping(mapping)
    except SourceError as exc:
        raise CatalogError(f"--mapping {mapping}: {exc.reason}") from None
    if from_path.is_dir():
        paths = sorted(p for p in from_path.rglob("*") if p.suffix.lower() in (".csv", ".xlsx") and p.is_file())
    else:
        paths = [from_path]
    if not paths:
        raise CatalogError(f"--from {from_path}: no CSV or XLSX file to read through mapping {table_mapping.name}")
    if table_mapping.name in SOURCE_MODULES:
        raise CatalogError(
            f"mapping {table_mapping.path} is named {table_mapping.name!r}, the name of a built-in source; "
            "give the mapping another name"
        )
    return table_mapping.name, module, paths


#: files under ``--from`` that document the data rather than hold it: never reported as unread
_NOT_DATA_RE = re.compile(
    r"(?:readme|provenance|manifest|licen[cs]e|copying|notice|changelog)(?:[._-].*)?|.*\.md"
    r"|.*\.mapping\.(?:ya?ml|json)|tabular-mapping\.ya?ml",
    re.IGNORECASE,
)


def unread_files(from_path: Path, plan: Sequence[tuple[str, Any, Sequence[Path]]]) -> list[str]:
    """The files under the directory ``from_path`` that no source of ``plan`` reads, so that a file in a changed
    layout is named instead of passed over in silence. Documentation (README, PROVENANCE, MANIFEST, LICENSE,
    ``*.md``), the csv/xlsx mapping sidecars and hidden files are not data and are left out."""
    if not from_path.is_dir():
        return []
    read = {p.resolve() for _, _, paths in plan for p in paths}
    read_dirs = [p for p in read if p.is_dir()]
    unread = []
    for path in sorted(from_path.rglob("*")):
        relative = path.relative_to(from_path)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if _NOT_DATA_RE.fullmatch(path.name):
            continue
        resolved = path.resolve()
        if resolved in read or any(resolved.is_relative_to(d) for d in read_dirs):
            continue
        unread.append(str(path))
    return unread


def _source_of_file(path: Path) -> str:
    choices = ", ".join(sorted(SOURCE_MODULES))
    if not path.is_file():
        raise CatalogError(
            f"--from {path}: not a regular file, so its source cannot be detected; "
            f"give --source NAME (one of {choices})"
        )
    found = sources_for_file(path)
    if not found:
        raise CatalogError(f"--from {path}: no source recognises this file; give --source NAME (one of {choices})")
    if len(found) > 1:
        raise CatalogError(
            f"--from {path}: several sources can read this file ({', '.join(found)}); choose one with --source"
        )
    return found[0]


__all__ = ["plan_sources", "unread_files"]
