"""Declarative CSV / XLSX importer: a small mapping file says which column holds what.

Used for catalogue exports users hold (ABNT, SABS) and for the committee's own title database (题录: 国别,
标准号, 标准名称/原文标题, 中文标题, 英文标题, 状态, 发布日期, 实施日期, ICS, 采用标准, 一致性程度). The mapping
files, their keys and the fields are described in :mod:`.tabular_mapping`. Headers are matched ignoring
case, accents and spacing. A column the mapping names that the file lacks (and that is not ``optional``)
makes the whole file one Quarantined entry naming the file, the mapping and the column; a bad row is
quarantined as ``file#row N`` (the spreadsheet row number), with its country when the row names one, and
the batch continues. The original title's language comes from a language column, else the mapping's
``title_lang``, else the row's country (its 国别 cell, or the country of its designation); a Chinese or
English title listed in the mapping's ``translations`` is marked as the source's translation in
``extra["translated_titles"]``. A 国别 cell that disagrees with the designation quarantines the row.

:func:`discover` finds files that carry a sidecar mapping: ``<file>.mapping.yaml``/``.json`` or
``tabular-mapping.yaml`` in the same directory; :func:`extract` uses it when no ``mapping`` is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from standards_lib.designation import try_parse_designation
from standards_lib.errors import SourceError, VocabularyError
from standards_lib.interchange import native_date
from standards_lib.limits import MAX_CELL_CHARS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS
from standards_lib.records import TRANSLATED_TITLES
from standards_lib.vocab import COUNTRY_TITLE_LANGUAGES, normalize_country

from .base import Item, Quarantined, build_record, excerpt
from .sheets import RowProblem, read_xlsx_rows
from .tabular_mapping import FIELDS, MAPPINGS_DIR, TableMapping, load_mapping, mapping_from_dict, shipped_mappings
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

SUFFIXES = (".csv", ".xlsx", ".txt")
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


def source_description(mapping: TableMapping) -> dict[str, Any]:
    """The ``sources`` table row of a sheet read as a source of its own (named after its mapping)."""
    return {
        "name": mapping.name,
        "title": mapping.description or f"Sheet read through mapping {mapping.name}",
        "description": f"CSV / XLSX sheet read through the mapping {mapping.name}",
        "licence": LICENCE,
        "url": URL,
    }


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
    paths: Sequence[Path | str],
    *,
    mapping: str | Path | TableMapping | None = None,
    source: str | None = None,
    **options: Any,
) -> Iterator[Item]:
    """Records from CSV/XLSX files read through ``mapping`` (a shipped name or a path; else each file's sidecar).

    ``source`` names the source on the records and quarantine entries (``tabular`` by default; a refresh with
    ``--mapping committee`` makes the sheet the source ``committee``)."""
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
        yield from extract_file(path, table_mapping, source or NAME)


def extract_file(path: Path, mapping: TableMapping, source: str = NAME) -> Iterator[Item]:
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
                yield Quarantined(source, f"{location}#row {number}", cells.reason)
                continue
            if not any(clean(c) for c in cells):
                continue
            yield row_item(cells, columns, mapping, f"{location}#row {number}", source)
    except SourceError as exc:
        yield Quarantined(source, exc.location, exc.reason)


def read_csv(path: Path, mapping: TableMapping) -> Iterator[tuple[int, list[Any] | RowProblem]]:
    location = str(path)
    encodings = (
        WESTERN_ENCODINGS if mapping.encoding == "auto" else tuple(e.strip() for e in mapping.encoding.split(","))
    )
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
    """Field (or ``extra:<name>``, ``title_lang``) -> column index; SourceError naming the missing column.

    With ``keep_unknown_columns`` every other column with a header becomes ``extra:<its header>``."""
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
    if mapping.keep_unknown_columns:
        used = set(resolved.values())
        for i, cell in enumerate(header):
            if i not in used and clean(cell) and _key(cell) not in ("mapping", TRANSLATED_TITLES):
                resolved.setdefault(f"extra:{clean(cell)}", i)
    return resolved


def row_item(
    cells: Sequence[Any], columns: Mapping[str, int], mapping: TableMapping, location: str, source: str = NAME
) -> Item:
    def cell(name: str) -> Any:
        i = columns.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    country_word = clean(cell("country"))
    try:
        country = normalize_country(country_word)
    except VocabularyError as exc:
        return Quarantined(source, location, f"column 国别/country: {exc}", excerpt([clean(c) for c in cells]))
    try:
        fields = row_fields(cell, columns, mapping, location, country)
    except SourceError as exc:
        return Quarantined(source, location, exc.reason, excerpt([clean(c) for c in cells]), country or "")
    item = build_record(fields, source=source, location=location, status_words=mapping.status_words)
    if isinstance(item, Quarantined):
        return Quarantined(item.source, item.location, item.reason, item.excerpt, country or "")
    if country and item.country != country:
        reason = (
            f"the country column says {country_word!r} ({country}) but {item.designation!r} is a "
            f"standard of {item.country}: the row is not imported until one of them is corrected"
        )
        return Quarantined(source, location, reason, excerpt([clean(c) for c in cells]), country)
    return item


def row_fields(
    cell: Any, columns: Mapping[str, int], mapping: TableMapping, location: str, country: str | None = None
) -> dict[str, Any]:
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
    original_lang = title_language(cell, columns, mapping, location, designation, country)
    title = clean(cell("title"))
    if title:
        fields["title"], fields["title_lang"] = title, original_lang
    given = {"zh": clean(cell("title_zh")), "en": clean(cell("title_en"))}
    if given["zh"]:
        fields["titles"] = {"zh": given["zh"]}
    if given["en"]:
        fields["title_en"] = given["en"]
    translated = [lang for lang in mapping.translations if given.get(lang) and lang != original_lang]
    if translated:
        extra[TRANSLATED_TITLES] = translated
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
    for name in columns:
        if name.startswith("extra:") and clean(value := cell(name)):
            key = name.removeprefix("extra:")
            extra[key] = value.isoformat()[:10] if isinstance(value, (dt.date, dt.datetime)) else clean(value)
    fields["extra"] = extra
    return fields


def title_language(
    cell: Any, columns: Mapping[str, int], mapping: TableMapping, location: str, designation: str, country: str | None
) -> str:
    """The original title's language: the row's language cell, else the mapping's ``title_lang``, else the
    language of the row's country (its country cell, or the country its designation belongs to)."""
    if "title_lang" in columns and clean(cell("title_lang")):
        return language(cell("title_lang"), mapping, location)
    if mapping.title_lang != "und":
        return mapping.title_lang
    parsed = try_parse_designation(designation) if country is None else None
    return COUNTRY_TITLE_LANGUAGES.get(country or (parsed.country if parsed else ""), "und")


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


__all__ = [
    "FIELDS",
    "MAPPINGS_DIR",
    "NAME",
    "TableMapping",
    "discover",
    "extract",
    "load_mapping",
    "mapping_from_dict",
    "shipped_mappings",
    "source_description",
]
