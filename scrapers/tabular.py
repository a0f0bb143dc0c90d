"""Declarative CSV / XLSX importer: a small mapping file says which column holds what.

Used for catalogue exports users hold (ABNT, SABS) and for the committee's own spreadsheet. Shipped mappings
(``scrapers/mappings/``) are referenced by name: ``abnt``, ``sabs``, ``committee``; any other mapping is a
path to a YAML or JSON file of this shape::

    name: abnt                      # shown in errors and stored as extra["mapping"]
    description: ABNT catalogue export
    header_row: 1                   # 1-based row of the column headers (CSV: after leading '#' lines)
    sheet: null                     # XLSX sheet name (first sheet when null)
    delimiter: auto                 # CSV: auto, ";", ",", "\\t" ...
    encoding: auto                  # CSV: auto (UTF-8 with/without BOM, else cp1252), or a codec name
    title_lang: pt                  # language of the 'title' column ...
    title_lang_column: null         # ... or a column giving each row's language (codes or names)
    columns:                        # field -> header (a list gives alternatives, the first present wins)
      designation: [Código, Codigo]
      title: Título
      status: Status
    optional: [ics]                 # fields whose column may be absent from a file
    extra: {committee: Comitê}      # extra name -> header, copied into extra
    status_words: {Em Vigor: current, Cancelada: withdrawn}
    date_formats: ["%d/%m/%Y"]      # tried before ISO dates
    edition_format: "{designation} Ed. {edition}"   # how an 'edition' column joins the designation
    default_degree: IDT             # degree of the 'adoption' column when no adoption_degree is given

Fields: designation (required), title, title_en, status, published, effective, withdrawn, ics, ccs, replaces,
replaced_by, edition, adoption (international reference) with adoption_degree, source_url. Headers are
matched ignoring case, accents and spacing. A column the mapping names that the file lacks (and that is not
``optional``) makes the whole file one Quarantined entry naming the file, the mapping and the column; a bad
row is quarantined as ``file#row N`` (the spreadsheet row number) and the batch continues.

:func:`discover` finds files that carry a sidecar mapping: ``<file>.mapping.yaml``/``.json`` or
``tabular-mapping.yaml`` in the same directory; :func:`extract` uses it when no ``mapping`` is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from standards_lib.errors import SourceError
from standards_lib.interchange import native_date
from standards_lib.limits import MAX_CELL_CHARS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS

from .base import Item, Quarantined, build_record, excerpt
from .sheets import RowProblem, read_xlsx_rows
from .textfiles import (
    WESTERN_ENCODINGS,
    check_options,
    clean,
    csv_rows,
    decode,
    iter_files,
    read_bounded,
    sniff_delimiter,
)

log = logging.getLogger(__name__)

NAME = "tabular"
DESCRIPTION = "CSV / XLSX catalogue exports read through a mapping file (shipped: abnt, sabs, committee)"
TITLE = "Catalogue exports held by the user (ABNT, SABS, committee spreadsheet)"
URL = ""
LICENCE = "as held by the user"

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
SUFFIXES = (".csv", ".xlsx", ".txt")
FIELDS = (
    "designation",
    "title",
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
DATE_FIELDS = ("published", "effective", "withdrawn")
LANGUAGE_NAMES = {
    "english": "en",
    "inglês": "en",
    "ingles": "en",
    "英文": "en",
    "英语": "en",
    "chinese": "zh",
    "中文": "zh",
    "汉语": "zh",
    "portuguese": "pt",
    "português": "pt",
    "portugues": "pt",
    "russian": "ru",
    "русский": "ru",
    "spanish": "es",
    "french": "fr",
}


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
    if not isinstance(data, Mapping) or not isinstance(data.get("columns"), Mapping):
        raise SourceError(path, "mapping needs a 'columns' table of field -> column header")
    columns = {str(k): _names(v) for k, v in data["columns"].items() if v}
    unknown = set(columns) - set(FIELDS)
    if unknown:
        raise SourceError(
            path, f"mapping names unknown field(s) {', '.join(sorted(unknown))}; fields are {', '.join(FIELDS)}"
        )
    if "designation" not in columns:
        raise SourceError(path, "mapping has no column for the required field 'designation'")
    known_keys = {
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
        "status_words",
        "date_formats",
        "edition_format",
        "default_degree",
    }
    stray = set(data) - known_keys
    if stray:
        raise SourceError(path, f"mapping has unknown key(s) {', '.join(sorted(stray))}")
    header_row = data.get("header_row", 1)
    if not isinstance(header_row, int) or header_row < 1:
        raise SourceError(path, f"header_row must be a row number from 1, not {header_row!r}")
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
        status_words={str(k): str(v) for k, v in (data.get("status_words") or {}).items()},
        date_formats=list(data.get("date_formats") or ()),
        edition_format=data.get("edition_format"),
        default_degree=data.get("default_degree"),
    )


def discover(root: Path) -> list[Path]:
    """CSV/XLSX files under ``root`` that carry a sidecar mapping (see the module docstring)."""
    return [p for p in sorted(Path(root).rglob("*")) if p.suffix.lower() in SUFFIXES and sidecar_mapping(p)]


def sidecar_mapping(path: Path) -> Path | None:
    for candidate in (
        path.with_name(path.name + ".mapping.yaml"),
        path.with_name(path.name + ".mapping.json"),
        path.with_name(path.stem + ".mapping.yaml"),
        path.parent / "tabular-mapping.yaml",
    ):
        if candidate.is_file():
            return candidate
    return None


def extract(
    paths: Sequence[Path | str], *, mapping: str | Path | TableMapping | None = None, **options: Any
) -> Iterator[Item]:
    """Records from CSV/XLSX files read through ``mapping`` (a shipped name or a path; else each file's sidecar)."""
    check_options("tabular.extract", options)
    given = load_mapping(mapping) if mapping is not None else None
    for path in iter_files(paths, (".csv", ".xlsx")):
        table_mapping = given
        if table_mapping is None:
            sidecar = sidecar_mapping(path)
            if sidecar is None:
                raise SourceError(
                    str(path),
                    "no mapping given and no sidecar mapping file beside it "
                    f"(shipped mappings: {', '.join(shipped_mappings())})",
                )
            table_mapping = load_mapping(sidecar)
        yield from extract_file(path, table_mapping)


def extract_file(path: Path, mapping: TableMapping) -> Iterator[Item]:
    location = str(path)
    try:
        rows = read_xlsx(path, mapping) if path.suffix.lower() == ".xlsx" else read_csv(path, mapping)
        header_number, header = next(rows, (0, []))
        if isinstance(header, RowProblem):
            raise SourceError(location, f"header row {header_number}: {header.reason}")
        if not any(clean(c) for c in header):
            raise SourceError(location, f"no header in row {mapping.header_row} (mapping {mapping.name})")
        columns = resolve_columns(header, mapping, location)
        for number, cells in rows:
            if isinstance(cells, RowProblem):
                yield Quarantined(NAME, f"{location}#row {number}", cells.reason)
                continue
            if not any(clean(c) for c in cells):
                continue
            yield row_item(cells, columns, mapping, f"{location}#row {number}")
    except SourceError as exc:
        yield Quarantined(NAME, exc.location, exc.reason)


def read_csv(path: Path, mapping: TableMapping) -> Iterator[tuple[int, list[Any] | RowProblem]]:
    location = str(path)
    encodings = WESTERN_ENCODINGS if mapping.encoding == "auto" else (mapping.encoding,)
    try:
        text, _ = decode(read_bounded(path), location, encodings)
    except LookupError:
        raise SourceError(location, f"mapping {mapping.name}: unknown encoding {mapping.encoding!r}") from None
    delimiter = sniff_delimiter(text, location) if mapping.delimiter == "auto" else mapping.delimiter
    delimiter = "\t" if delimiter in ("\\t", "tab") else delimiter
    seen = 0
    try:
        for number, cells in csv_rows(text, delimiter, header_row=mapping.header_row):
            seen += 1
            if seen > MAX_SHEET_ROWS:
                raise SourceError(
                    location, f"more than {MAX_SHEET_ROWS:,} rows (the limit); line {number} and after are not read"
                )
            if len(cells) > MAX_SHEET_COLUMNS:
                yield number, RowProblem(f"{len(cells)} cells, more than the limit of {MAX_SHEET_COLUMNS} columns")
            elif any(len(c) > MAX_CELL_CHARS for c in cells):
                yield number, RowProblem(f"a cell holds more than {MAX_CELL_CHARS:,} characters (the limit)")
            else:
                yield number, cells
    except csv.Error as exc:
        raise SourceError(location, f"not readable as CSV after {seen} rows: {exc}") from None


def read_xlsx(path: Path, mapping: TableMapping) -> Iterator[tuple[int, list[Any] | RowProblem]]:
    """Rows of the mapping's sheet from the header row on, read within bounds (:mod:`.sheets`)."""
    for number, cells in read_xlsx_rows(path, mapping.sheet):
        if number >= mapping.header_row:
            yield number, cells


def _key(header: Any) -> str:
    text = unicodedata.normalize("NFKD", clean(header)).casefold()
    return "".join(c for c in text if not unicodedata.combining(c))


def resolve_columns(header: Sequence[Any], mapping: TableMapping, location: str) -> dict[str, int]:
    """Field (or ``extra:<name>``, ``title_lang``) -> column index; SourceError naming the missing column."""
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        index.setdefault(_key(cell), i)
    wanted = dict(mapping.columns)
    wanted.update({f"extra:{k}": v for k, v in mapping.extra.items()})
    if mapping.title_lang_column:
        wanted["title_lang"] = mapping.title_lang_column
    resolved: dict[str, int] = {}
    for name, headers in wanted.items():
        found = next((index[_key(h)] for h in headers if _key(h) in index), None)
        if found is not None:
            resolved[name] = found
        elif name not in mapping.optional and name.removeprefix("extra:") not in mapping.optional:
            raise SourceError(
                location,
                f"column {' / '.join(map(repr, headers))} named in mapping {mapping.name} "
                f"({mapping.path}) for {name!r} is not in the header; the file has: "
                f"{', '.join(clean(h) for h in header if clean(h))}",
            )
    return resolved


def row_item(cells: Sequence[Any], columns: Mapping[str, int], mapping: TableMapping, location: str) -> Item:
    def cell(name: str) -> Any:
        i = columns.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    try:
        fields = row_fields(cell, columns, mapping, location)
    except SourceError as exc:
        return Quarantined(NAME, location, exc.reason, excerpt([clean(c) for c in cells]))
    return build_record(fields, source=NAME, location=location, status_words=mapping.status_words)


def row_fields(cell: Any, columns: Mapping[str, int], mapping: TableMapping, location: str) -> dict[str, Any]:
    designation = clean(cell("designation"))
    if not designation:
        raise SourceError(location, "the designation cell is empty")
    edition = clean(cell("edition"))
    extra: dict[str, Any] = {"mapping": mapping.name}
    if edition and mapping.edition_format:
        designation = mapping.edition_format.format(designation=designation, edition=edition)
    elif edition:
        extra["edition"] = edition
    fields: dict[str, Any] = {"designation": designation}
    title = clean(cell("title"))
    if title:
        fields["title"] = title
        fields["title_lang"] = (
            language(cell("title_lang"), mapping, location) if "title_lang" in columns else mapping.title_lang
        )
    if clean(cell("title_en")):
        fields["title_en"] = clean(cell("title_en"))
    for name in ("status", "ics", "ccs", "replaces", "replaced_by", "source_url"):
        if clean(cell(name)):
            fields[name] = clean(cell(name))
    for name in DATE_FIELDS:
        value = date_value(cell(name), mapping, location, name)
        if value:
            fields[name] = value
    if clean(cell("adoption")):
        degree = clean(cell("adoption_degree")) or mapping.default_degree
        fields["adoptions"] = [{"ref": clean(cell("adoption")), "degree": degree, "evidence": "metadata"}]
    for name in mapping.extra:
        value = cell(f"extra:{name}")
        if clean(value):
            extra[name] = value.isoformat()[:10] if isinstance(value, (dt.date, dt.datetime)) else clean(value)
    fields["extra"] = extra
    return fields


def language(value: Any, mapping: TableMapping, location: str) -> str:
    text = clean(value).lower()
    if not text:
        return mapping.title_lang
    code = LANGUAGE_NAMES.get(text, text)
    if len(code) != 2 or not code.isalpha():
        raise SourceError(location, f"language {clean(value)!r} is neither a two-letter code nor a known name")
    return code


def date_value(value: Any, mapping: TableMapping, location: str, name: str) -> str | None:
    if value is None or value == "":
        return None
    if native := native_date(value):
        return native
    text = clean(value)
    for fmt in mapping.date_formats:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return text  # ISO dates and bare years; record_from_dict rejects anything else naming the field


def _names(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]
