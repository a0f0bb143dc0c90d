"""Read the curated adoption gold set: Chinese standards and the ISO/IEC work each adopts (or none).

CSV files (UTF-8, header row) live in ``tests/data/adoption_gold/``:

* ``chinese_adoptions.csv`` (the curated set), ``hard_cases.csv`` (hard cases drawn at random from
  inferred links) and ``random_check.csv`` (a random check of the refitted model's links, held out only):
  ``designation,title_zh,source,adopts,degree,edition_year,fact,split``; an empty ``adopts`` says the
  standard adopts no ISO/IEC work. :func:`read_adoption_gold_files` reads the three.
* ``foreign_chinese_pairs.csv``: ``foreign_designation,chinese_designation,relation,via,fact,split``.

Every row is checked; a malformed one raises :class:`GoldFileError` naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..designation import parse_designation
from ..errors import DesignationError, RecordError

#: The gold files are small (tens of kilobytes); anything far larger is not a gold file.
MAX_GOLD_BYTES = 5_000_000

ADOPTION_COLUMNS = ("designation", "title_zh", "source", "adopts", "degree", "edition_year", "fact", "split")
PAIR_COLUMNS = ("foreign_designation", "chinese_designation", "relation", "via", "fact", "split")
SOURCES = frozenset({"csres", "biaozhun"})
DEGREES = frozenset({"IDT", "MOD", "NEQ", ""})
SPLITS = frozenset({"tune", "heldout"})
PAIR_RELATIONS = frozenset({"identical", "equivalent", "related"})
_YEAR = re.compile(r"^(19|20)\d\d$")

#: The adoption files of the gold directory, in the order they are read.
ADOPTION_FILES = ("chinese_adoptions.csv", "hard_cases.csv", "random_check.csv")


class GoldFileError(RecordError):
    """A gold file is missing, too large, or has a malformed row (file and line are named)."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True, slots=True)
class AdoptionGoldRow:
    """One Chinese standard and the international work it adopts (``adopts`` empty: none)."""

    designation: str
    title_zh: str
    source: str
    adopts: str
    degree: str
    edition_year: int | None
    fact: str
    split: str

    @property
    def is_adopter(self) -> bool:
        return bool(self.adopts)


@dataclass(frozen=True, slots=True)
class ForeignChinesePair:
    """A foreign record and a Chinese record that adopt the same international work (``via``)."""

    foreign_designation: str
    chinese_designation: str
    relation: str
    via: str
    fact: str
    split: str


def _rows(path: str | Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a gold CSV with their line numbers, after checking size and header."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_GOLD_BYTES:
            raise GoldFileError(name, None, f"{size} bytes, larger than a gold file can be ({MAX_GOLD_BYTES})")
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GoldFileError(name, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise GoldFileError(name, None, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = tuple(reader.fieldnames or ())
    if header != columns:
        raise GoldFileError(name, 1, f"header must be {','.join(columns)}; found {','.join(header) or 'nothing'}")
    out = []
    for record in reader:
        line = reader.line_num
        if None in record or any(value is None for value in record.values()):
            raise GoldFileError(name, line, f"expected {len(columns)} fields")
        out.append((line, dict(record)))
    return out


def _designation(name: str, line: int, text: str, what: str) -> str:
    if not text.strip():
        raise GoldFileError(name, line, f"empty {what}")
    if text != text.strip():
        raise GoldFileError(name, line, f"{what} {text!r} has leading or trailing spaces")
    try:
        parse_designation(text)
    except DesignationError as exc:
        raise GoldFileError(name, line, f"{what} {text!r} is not a designation ({exc.reason})") from None
    return text


def _choice(name: str, line: int, value: str, allowed: frozenset[str], what: str) -> str:
    if value not in allowed:
        shown = ", ".join(sorted(a or "(empty)" for a in allowed))
        raise GoldFileError(name, line, f"{what} {value!r} is not one of {shown}")
    return value


def read_adoption_gold(path: str | Path) -> list[AdoptionGoldRow]:
    """Read ``chinese_adoptions.csv``; :class:`GoldFileError` on the first malformed row."""
    name = str(path)
    rows: list[AdoptionGoldRow] = []
    seen: dict[str, int] = {}
    for line, r in _rows(path, ADOPTION_COLUMNS):
        designation = _designation(name, line, r["designation"], "designation")
        if designation in seen:
            raise GoldFileError(name, line, f"designation {designation!r} already on line {seen[designation]}")
        seen[designation] = line
        if not r["title_zh"].strip():
            raise GoldFileError(name, line, "empty title_zh")
        if not r["fact"].strip():
            raise GoldFileError(name, line, "empty fact: every label needs its supporting fact")
        adopts = _designation(name, line, r["adopts"], "adopts") if r["adopts"] else ""
        degree = _choice(name, line, r["degree"], DEGREES, "degree")
        if not adopts and (degree or r["edition_year"]):
            raise GoldFileError(name, line, "degree or edition_year given for a standard that adopts nothing")
        year_text = r["edition_year"]
        if year_text and not _YEAR.match(year_text):
            raise GoldFileError(name, line, f"edition_year {year_text!r} is not a four-digit year")
        rows.append(
            AdoptionGoldRow(
                designation=designation,
                title_zh=r["title_zh"],
                source=_choice(name, line, r["source"], SOURCES, "source"),
                adopts=adopts,
                degree=degree,
                edition_year=int(year_text) if year_text else None,
                fact=r["fact"],
                split=_choice(name, line, r["split"], SPLITS, "split"),
            )
        )
    return rows


def read_adoption_gold_files(directory: str | Path) -> dict[str, list[AdoptionGoldRow]]:
    """Every file of :data:`ADOPTION_FILES` in ``directory``, by file name; a designation labelled in two
    files raises :class:`GoldFileError` (naming the second file and its line)."""
    out: dict[str, list[AdoptionGoldRow]] = {}
    seen: dict[str, str] = {}
    for name in ADOPTION_FILES:
        path = Path(directory) / name
        rows = read_adoption_gold(path)
        for line, row in enumerate(rows, start=2):
            if row.designation in seen:
                raise GoldFileError(
                    str(path), line, f"designation {row.designation!r} already in {seen[row.designation]}"
                )
            seen[row.designation] = name
        out[name] = rows
    return out


def read_foreign_pairs(path: str | Path) -> list[ForeignChinesePair]:
    """Read ``foreign_chinese_pairs.csv``; :class:`GoldFileError` on the first malformed row."""
    name = str(path)
    pairs: list[ForeignChinesePair] = []
    for line, r in _rows(path, PAIR_COLUMNS):
        if not r["fact"].strip():
            raise GoldFileError(name, line, "empty fact: every pair needs its supporting fact")
        pairs.append(
            ForeignChinesePair(
                foreign_designation=_designation(name, line, r["foreign_designation"], "foreign_designation"),
                chinese_designation=_designation(name, line, r["chinese_designation"], "chinese_designation"),
                relation=_choice(name, line, r["relation"], PAIR_RELATIONS, "relation"),
                via=_designation(name, line, r["via"], "via"),
                fact=r["fact"],
                split=_choice(name, line, r["split"], SPLITS, "split"),
            )
        )
    return pairs
