"""Mapping files of the CSV / XLSX importer (:mod:`.tabular`): which column holds what, loaded and checked.

Shipped mappings (``scrapers/mappings/``) are referenced by name: ``abnt``, ``sabs``, ``committee``; any other
mapping is a path to a YAML or JSON file of this shape::

    name: abnt                      # shown in errors, stored as extra["mapping"]; the source name of a refresh
    description: ABNT catalogue export
    header_row: 1                   # 1-based row of the column headers (CSV: after leading '#' lines)
    sheet: null                     # XLSX sheet name (first sheet when null)
    delimiter: auto                 # CSV: auto, ";", ",", "\\t" ...
    encoding: auto                  # CSV: auto (UTF-8 with/without BOM, else cp1252), or a codec name
    title_lang: pt                  # language of the 'title' column ...
    title_lang_column: null         # ... or a column giving each row's language (codes or names); without
                                    # either, the language of the row's country (巴西 pt, 俄罗斯 ru, 印度/南非 en)
    columns:                        # field -> header (a list gives alternatives, the first present wins)
      designation: [Código, Codigo]
      title: Título
      status: Status
    optional: [ics]                 # fields whose column may be absent from a file
    extra: {committee: Comitê}      # extra name -> header, copied into extra
    keep_unknown_columns: false     # true: every other non-empty column goes into extra under its header
    translations: []                # languages whose title columns hold the source's own translations (zh, en):
                                    # marked in extra["translated_titles"] unless it is the original language
    status_words: {Em Vigor: current, Cancelada: withdrawn}
    date_formats: ["%d/%m/%Y"]      # tried before ISO dates
    edition_format: "{designation} Ed. {edition}"   # how an 'edition' column joins the designation
    default_degree: IDT             # degree of the 'adoption' column when no adoption_degree is given

Fields: designation (required), country (国别: a country word or code, checked against the designation), title,
title_zh (a Chinese title beside the original), title_en, status, published, effective, withdrawn, ics, ccs,
replaces, replaced_by, edition, adoption (international reference) with adoption_degree, source_url.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from standards_lib.errors import SourceError

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
FIELDS = (
    "designation",
    "country",
    "title",
    "title_zh",
    "title_en",
    "status",
    "published",
    "effective",
    "withdrawn",
    "ics",
    "ccs",
    "replaces",
    "replaced_by",
    "edition",
    "adoption",
    "adoption_degree",
    "source_url",
)
#: The keys a mapping file may have.
MAPPING_KEYS = frozenset(
    {
        "name",
        "description",
        "header_row",
        "sheet",
        "delimiter",
        "encoding",
        "title_lang",
        "title_lang_column",
        "columns",
        "optional",
        "extra",
        "keep_unknown_columns",
        "translations",
        "status_words",
        "date_formats",
        "edition_format",
        "default_degree",
    }
)


@dataclass
class TableMapping:
    """A loaded mapping file (see the module docstring)."""

    name: str
    path: str
    columns: dict[str, list[str]]
    description: str = ""
    header_row: int = 1
    sheet: str | None = None
    delimiter: str = "auto"
    encoding: str = "auto"
    title_lang: str = "und"
    title_lang_column: list[str] = field(default_factory=list)
    optional: set[str] = field(default_factory=set)
    extra: dict[str, list[str]] = field(default_factory=dict)
    keep_unknown_columns: bool = False
    translations: list[str] = field(default_factory=list)
    status_words: dict[str, str] = field(default_factory=dict)
    date_formats: list[str] = field(default_factory=list)
    edition_format: str | None = None
    default_degree: str | None = None


def shipped_mappings() -> list[str]:
    """Names of the mappings shipped with the library."""
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.y*ml")) + sorted(p.stem for p in MAPPINGS_DIR.glob("*.json"))


def load_mapping(spec: str | Path | TableMapping) -> TableMapping:
    """A mapping by shipped name (``abnt``) or path; SourceError naming the mapping when it is unusable."""
    if isinstance(spec, TableMapping):
        return spec
    path = Path(spec)
    if not path.exists():
        candidates = [MAPPINGS_DIR / f"{spec}{ext}" for ext in (".yaml", ".yml", ".json")]
        path = next((c for c in candidates if c.exists()), path)
    if not path.exists():
        raise SourceError(
            str(spec), f"no such mapping file, and not a shipped mapping ({', '.join(shipped_mappings())})"
        )
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise SourceError(str(path), f"mapping file is not valid YAML/JSON: {exc}") from None
    return mapping_from_dict(data, str(path))


def mapping_from_dict(data: Any, path: str) -> TableMapping:
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise SourceError(path, "mapping needs a 'columns' table of field -> column header")
    columns = {str(k): _names(v) for k, v in data["columns"].items() if v}
    unknown = set(columns) - set(FIELDS)
    if unknown:
        raise SourceError(
            path, f"mapping names unknown field(s) {', '.join(sorted(unknown))}; fields are {', '.join(FIELDS)}"
        )
    if "designation" not in columns:
        raise SourceError(path, "mapping has no column for the required field 'designation'")
    stray = set(data) - MAPPING_KEYS
    if stray:
        raise SourceError(path, f"mapping has unknown key(s) {', '.join(sorted(stray))}")
    header_row = data.get("header_row", 1)
    if not isinstance(header_row, int) or header_row < 1:
        raise SourceError(path, f"header_row must be a row number from 1, not {header_row!r}")
    translations = [str(t) for t in _names(data.get("translations"))]
    if any(len(t) != 2 or not t.isalpha() for t in translations):
        raise SourceError(path, f"translations must be two-letter language codes, not {translations}")
    return TableMapping(
        name=str(data.get("name") or Path(path).stem),
        path=path,
        columns=columns,
        description=str(data.get("description") or ""),
        header_row=header_row,
        sheet=data.get("sheet"),
        delimiter=str(data.get("delimiter") or "auto"),
        encoding=str(data.get("encoding") or "auto"),
        title_lang=str(data.get("title_lang") or "und"),
        title_lang_column=_names(data.get("title_lang_column")),
        optional=set(data.get("optional") or ()),
        extra={str(k): _names(v) for k, v in (data.get("extra") or {}).items()},
        keep_unknown_columns=bool(data.get("keep_unknown_columns", False)),
        translations=translations,
        status_words={str(k): str(v) for k, v in (data.get("status_words") or {}).items()},
        date_formats=list(data.get("date_formats") or ()),
        edition_format=data.get("edition_format"),
        default_degree=data.get("default_degree"),
    )


def _names(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


__all__ = ["FIELDS", "MAPPINGS_DIR", "TableMapping", "load_mapping", "mapping_from_dict", "shipped_mappings"]
