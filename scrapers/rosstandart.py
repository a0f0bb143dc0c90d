"""Rosstandart open data: "Перечень национальных стандартов" (list of national standards), CSV.

The open dataset (rst.gov.ru/opendata, 7706406291-nationalstandards, "Каталог национальных стандартов
(библиография)") as published: windows-1251, ``;``-separated, CRLF line ends, one header line
``Обозначение;Заглавие на русском языке;Статус;Код ОКС``; several ICS codes in one cell are quoted and separated
by ``;`` (``"01.120;03.080.30"``). About 15,000 rows, current (Действует) and accepted (Принят) standards only.
The adoption of an international standard is written into the designation only (``ГОСТ Р ИСО 9001-2015``
adopts the work ISO 9001, IDT; also ``ГОСТ Р МЭК``, ``ГОСТ Р ИСО/МЭК``, ``ГОСТ Р ЕН``, ``ГОСТ Р ИСО/HL7``):
:func:`~standards_lib.designation.parse_designation` reads it into the record's adoptions.

Other releases and hand-made exports vary: UTF-8 with or without BOM, ``,`` or tab; both are sniffed.
Leading lines starting with ``#`` are skipped. Headers are matched ignoring case, spacing and a trailing
colon; supported columns (alternatives separated by ``/``):

=====================================================================  =========================================
column                                                                 field
=====================================================================  =========================================
Обозначение / Обозначение стандарта / Номер стандарта / Шифр           designation (required)
Заглавие на русском языке / Заглавие / Наименование / ...               Russian title (required)
Заглавие на английском языке / Наименование на английском языке / ...  English title
Статус / Состояние / Статус документа                                  status, through the vocabulary tables
Дата утверждения / Дата принятия / Дата регистрации                     published
Дата введения в действие / Дата введения                                effective
Дата отмены / Дата окончания действия / Дата прекращения действия       withdrawn
Код ОКС / ОКС / МКС / Код МКС                                           ICS (several codes separated by ; , or spaces)
КГС / Код КГС                                                           ``extra["kgs"]`` (the Soviet classifier)
Заменяет / Взамен / Вместо                                              replaces
Заменен на / Заменён на / Заменяющий документ                           replaced_by
Международный стандарт / Обозначение международного стандарта          adoption reference
Степень соответствия                                                    its degree (IDT, MOD, NEQ, идентичный ...)
ТК / Технический комитет                                                ``extra["technical_committee"]``
Номер приказа / Приказ                                                  ``extra["order"]`` (the approval order)
=====================================================================  =========================================

Every non-blank row is a record or a quarantine entry ``file#row N`` (N the line number) with its reason: an
empty designation, a designation that does not parse, an unknown status word (the vocabulary tables in
:mod:`standards_lib.vocab` decide), a bad ICS code or date, or text in cells beyond the header (a stray
delimiter would shift the columns). A file without the designation or title column is one Quarantined entry
naming the columns it has.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from standards_lib.errors import SourceError

from .base import Item, Quarantined, build_record, excerpt
from .textfiles import (
    RUSSIAN_ENCODINGS,
    check_options,
    clean,
    csv_rows,
    day_first_date,
    decode,
    iter_files,
    read_bounded,
    sniff_delimiter,
)

log = logging.getLogger(__name__)

NAME = "rosstandart"
DESCRIPTION = "Rosstandart open-data CSV list of national standards (Перечень национальных стандартов)"
TITLE = "Rosstandart open data: list of national standards"
URL = "https://www.rst.gov.ru/opendata"
LICENCE = "see the dataset passport on the open-data portal"

COLUMNS: dict[str, tuple[str, ...]] = {
    "designation": ("обозначение", "обозначение стандарта", "номер стандарта", "шифр"),
    "title": (
        "заглавие на русском языке",
        "заглавие",
        "заглавие стандарта",
        "наименование",
        "наименование стандарта",
        "наименование на русском языке",
    ),
    "title_en": (
        "заглавие на английском языке",
        "наименование на английском языке",
        "английское наименование",
    ),
    "status": ("статус", "состояние", "статус документа"),
    "published": ("дата утверждения", "дата принятия", "дата регистрации"),
    "effective": ("дата введения в действие", "дата введения"),
    "withdrawn": ("дата отмены", "дата окончания действия", "дата прекращения действия"),
    "ics": ("код окс", "окс", "мкс", "код мкс", "коды окс"),
    "kgs": ("кгс", "код кгс"),
    "replaces": ("заменяет", "взамен", "вместо"),
    "replaced_by": ("заменен на", "заменён на", "заменяющий документ"),
    "adoption": ("международный стандарт", "обозначение международного стандарта"),
    "adoption_degree": ("степень соответствия",),
    "technical_committee": ("тк", "технический комитет"),
    "order": ("номер приказа", "приказ"),
}
REQUIRED = ("designation", "title")
EXTRA = ("kgs", "technical_committee", "order")


def discover(root: Path) -> list[Path]:
    """CSV files under ``root`` whose header line has the designation and title columns of a Rosstandart list."""
    return [path for path in sorted(Path(root).rglob("*")) if path.suffix.lower() == ".csv" and recognises(path)]


def recognises(path: Path) -> bool:
    """Whether the first line of ``path`` (after ``#`` lines) is a Rosstandart header (see :data:`COLUMNS`)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return False
    for encoding in RUSSIAN_ENCODINGS:
        text = head.decode(encoding, "ignore")
        line = next((x for x in text.splitlines() if x.strip() and not x.startswith("#")), "")
        for delimiter in ";,\t":
            try:
                header_columns(next(csv.reader([line], delimiter=delimiter), []), str(path))
            except (SourceError, csv.Error):
                continue
            return True
    return False


def extract(paths: Sequence[Path | str], **options: Any) -> Iterator[Item]:
    """Records from Rosstandart open-data CSV files."""
    check_options("rosstandart.extract", options)
    for path in iter_files(paths, (".csv",)):
        yield from parse_csv(read_bounded(path), str(path))


def parse_csv(content: bytes, location: str) -> Iterator[Item]:
    """Records of one CSV file given as bytes; a file that cannot be read yields one Quarantined."""
    try:
        text, encoding = decode(content, location, RUSSIAN_ENCODINGS)
        delimiter = sniff_delimiter(text, location, ";,\t")
        rows = csv_rows(text, delimiter)
        _, header = next(rows, (0, []))
        columns = header_columns(header, location)
    except SourceError as exc:
        yield Quarantined(NAME, exc.location, exc.reason, excerpt(content[:300]))
        return
    log.debug("%s: %s, delimiter %r, columns %s", location, encoding, delimiter, columns)
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        where = f"{location}#row {number}"
        stray = [c for c in cells[len(header) :] if c.strip()]
        if stray:
            reason = (
                f"row has {len(cells)} cells but the header has {len(header)} columns "
                f"(text {stray[0][:40]!r} beyond the last column: a stray delimiter?)"
            )
            yield Quarantined(NAME, where, reason, excerpt(cells))
            continue
        values = {name: clean(cells[i]) if i < len(cells) else "" for name, i in columns.items()}
        try:
            fields = row_fields(values, where)
        except SourceError as exc:
            yield Quarantined(NAME, where, exc.reason, excerpt(values))
            continue
        yield build_record(fields, source=NAME, location=where)


def header_columns(header: Sequence[str], location: str) -> dict[str, int]:
    keys = [" ".join(h.replace("\ufeff", "").split()).lower().rstrip(":") for h in header]
    columns: dict[str, int] = {}
    for name, aliases in COLUMNS.items():
        for i, key in enumerate(keys):
            if key in aliases:
                columns[name] = i
                break
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        wanted = "; ".join(f"{name}: {' / '.join(COLUMNS[name])}" for name in missing)
        raise SourceError(
            location,
            f"not a Rosstandart list: no column for {wanted}; "
            f"the header has: {', '.join(h for h in header if h.strip()) or '(nothing)'}",
        )
    return columns


def row_fields(values: dict[str, str], location: str) -> dict[str, Any]:
    if not values.get("designation"):
        raise SourceError(location, "the designation cell (Обозначение) is empty")
    fields: dict[str, Any] = {"designation": values["designation"]}
    if values.get("title"):
        fields.update(title=values["title"], title_lang="ru")
    if values.get("title_en"):
        fields["title_en"] = values["title_en"]
    if values.get("status"):
        fields["status"] = values["status"]
    for name in ("published", "effective", "withdrawn"):
        if values.get(name):
            fields[name] = day_first_date(values[name], location, name)
    for name in ("ics", "replaces", "replaced_by"):
        if values.get(name):
            fields[name] = values[name]
    if values.get("adoption"):
        fields["adoptions"] = [{"ref": values["adoption"], "degree": values.get("adoption_degree") or None}]
    fields["extra"] = {name: values[name] for name in EXTRA if values.get(name)}
    return fields
