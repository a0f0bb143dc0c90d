"""Check every label of the adoption gold set against the ISO and IEC catalogues (Relaton archives).

For each Chinese adopter: the adopted work exists in the archive; some edition of it is not later
than the Chinese standard's year; a given ``edition_year`` is the year of an edition, amendment or
consolidated version of that work, and is not later than the Chinese year. Foreign-Chinese pairs:
``via`` exists. With ``--titles`` the Chinese title is printed beside the English title of the
latest edition not later than the Chinese year, for reading by eye.

    .venv/bin/python scripts/check_adoption_gold.py [--shared ../shared/data] [--titles]

Streams the two .tar.xz archives (about 100,000 records; a minute or so); nothing is unpacked to
disk. Exit code 0 when every label checks, 1 otherwise, 2 when an archive is missing.
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from standards_lib.designation import parse_designation  # noqa: E402
from standards_lib.errors import DesignationError  # noqa: E402
from standards_lib.matching.gold_files import read_adoption_gold_files, read_foreign_pairs  # noqa: E402

ARCHIVES = (
    "international/relaton-data-iso/relaton-data-iso.tar.xz",
    "international/relaton-data-iec/relaton-data-iec.tar.xz",
)
# the first docid of a record (list or mapping form) and every year written in it
_DOCID = re.compile(r"^docid:\s*\n(?:-\s*|\s+)id:\s*(.+?)\s*$", re.M)
_YEARS = re.compile(r":((?:19|20)\d\d)")


@dataclass
class Work:
    """What the archive holds of one international work: years of its editions and their records."""

    years: set[int] = field(default_factory=set)
    base_years: set[int] = field(default_factory=set)
    titles: dict[int, str] = field(default_factory=dict)


def work_of(docid: str) -> str:
    """The undated work a Relaton document id belongs to, in the project's canonical spelling."""
    head = docid.split(":", 1)[0].strip()
    head = re.sub(r"^(IEC|ISO|ISO/IEC) (TR|TS|PAS)\b", r"\1/\2", head)
    try:
        return parse_designation(head).canonical
    except DesignationError:  # an id the parser does not read is not a work the gold set names
        return head


def english_title(text: str) -> str:
    """The English main title of a Relaton YAML record."""
    record = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    titles = record.get("title") or []
    titles = titles if isinstance(titles, list) else [titles]
    english = [t for t in titles if isinstance(t, dict) and "en" in (t.get("language") or [])]
    for wanted in ("main", "title-main", None):
        for title in english:
            if wanted is None or title.get("type") == wanted:
                return re.sub(r"<[^>]+>", "", str(title.get("content", ""))).strip()
    return ""


def scan(archives: list[Path], wanted: set[str], titles: bool) -> dict[str, Work]:
    """Years (and, when asked, English titles) of every wanted work found in the archives."""
    works: dict[str, Work] = defaultdict(Work)
    for archive in archives:
        with tarfile.open(archive, "r:xz") as tar:
            for member in tar:
                if not member.isfile() or not member.name.endswith((".yaml", ".yml")):
                    continue
                handle = tar.extractfile(member)
                text = handle.read().decode("utf-8", "replace") if handle else ""
                match = _DOCID.search(text)
                if not match:
                    continue
                docid = match.group(1).strip().strip("'\"")
                work = work_of(docid)
                if work not in wanted:
                    continue
                years = {int(y) for y in _YEARS.findall(docid)}
                works[work].years |= years
                is_base = not re.search(r"/(Amd|AMD|Cor|COR)|CSV|\+", docid)
                if is_base and years:
                    year = min(years)
                    works[work].base_years.add(year)
                    if titles and year not in works[work].titles:
                        works[work].titles[year] = english_title(text)
    return works


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "adoption_gold")
    parser.add_argument("--titles", action="store_true", help="print Chinese and English titles side by side")
    args = parser.parse_args(argv)
    archives = [args.shared / a for a in ARCHIVES]
    absent = [str(a) for a in archives if not a.exists()]
    if absent:
        print(f"archive not found: {', '.join(absent)} (pass --shared DIR)", file=sys.stderr)
        return 2
    rows = [row for file_rows in read_adoption_gold_files(args.gold).values() for row in file_rows]
    pairs = read_foreign_pairs(args.gold / "foreign_chinese_pairs.csv")
    adopters = [row for row in rows if row.is_adopter]
    works = scan(archives, {row.adopts for row in adopters} | {p.via for p in pairs}, args.titles)
    problems: list[str] = []
    for row in adopters:
        year = parse_designation(row.designation).year or 0
        work = works.get(row.adopts)
        if work is None or not work.years:
            problems.append(f"{row.designation}: {row.adopts} is not in the ISO/IEC archives")
            continue
        earlier = sorted(y for y in work.base_years if y <= year)
        if not earlier:
            problems.append(
                f"{row.designation}: every edition of {row.adopts} is later than {year} ({sorted(work.base_years)})"
            )
        if row.edition_year is not None and (row.edition_year not in work.years or row.edition_year > year):
            problems.append(
                f"{row.designation}: edition_year {row.edition_year} is not an edition of "
                f"{row.adopts} up to {year} ({sorted(work.years)})"
            )
        if args.titles:
            english = work.titles.get(earlier[-1], "") if earlier else ""
            print(f"{row.designation:24} {row.adopts:22} {row.title_zh}\n{'':47} {english}")
    for pair in pairs:
        if pair.via not in works:
            problems.append(f"pair {pair.foreign_designation} / {pair.chinese_designation}: {pair.via} not in archives")
    for problem in problems:
        print("PROBLEM", problem)
    checked_years = sum(1 for row in adopters if row.edition_year is not None)
    print(
        f"{len(adopters)} adopters checked ({len(works)} works found, {checked_years} edition years), "
        f"{len(rows) - len(adopters)} non-adopters, {len(pairs)} pairs: {len(problems)} problem(s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
