"""parse_designation over the real lists in ../shared/data (skipped with a reason when absent).

Figures asserted: GB family of the csres list >= 99.5 % (all rows reported), BIS compulsory list >= 98 %
with every written ISO/IEC reference extracted, every Relaton GOST/EASC identifier parsed.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import shared_path

from standards_lib import DesignationError, parse_designation

CSRES = ("china", "laokevincn-standard_scrapting", "standards_csres.csv")
BIS = ("india", "bis_compulsory_certification_products.json")
RELATON_DIRS = (
    ("russia", "relaton-data-gost-sample"),
    ("russia", "relaton-data-easc", "data"),
    ("russia", "relaton-monorepo-gost-fixtures"),
)


def _parse_all(texts: list[str]) -> tuple[list, list[tuple[str, str]]]:
    parsed, failures = [], []
    for text in texts:
        try:
            parsed.append(parse_designation(text))
        except DesignationError as exc:
            failures.append((text, exc.reason))
    return parsed, failures


def _report(failures: list[tuple[str, str]]) -> str:
    return "\n".join(f"  {text!r}: {reason}" for text, reason in failures)


def _round_trips(designation) -> bool:
    again = parse_designation(designation.canonical)
    return (again.canonical, again.work_key, again.edition_key) == (
        designation.canonical,
        designation.work_key,
        designation.edition_key,
    )


def _csres_numbers() -> list[str]:
    with shared_path(*CSRES).open(encoding="utf-8", newline="") as stream:
        return [row["std_num"] for row in csv.DictReader(stream)]


def test_gb_family_of_the_csres_list_parses(capsys: pytest.CaptureFixture[str]) -> None:
    numbers = [n for n in _csres_numbers() if n.startswith("GB")]  # GB, GB/T, GB/Z, GBZ, GBJ: 16,162 rows
    assert len(numbers) == 16162
    parsed, failures = _parse_all(numbers)
    rate = len(parsed) / len(numbers)
    with capsys.disabled():
        print(f"\nGB family: {len(parsed)}/{len(numbers)} parsed ({rate:.2%}); failures:\n{_report(failures)}")
    assert rate >= 0.995, _report(failures)
    assert all(d.country == "CN" and d.kind == "national" for d in parsed)
    assert [d.canonical for d in parsed if not _round_trips(d)] == []


def test_every_row_of_the_csres_list(capsys: pytest.CaptureFixture[str]) -> None:
    numbers = _csres_numbers()
    parsed, failures = _parse_all(numbers)
    with capsys.disabled():
        print(
            f"\ncsres all rows: {len(parsed)}/{len(numbers)} parsed ({len(parsed) / len(numbers):.2%}); "
            f"failures:\n{_report(failures)}"
        )
    # the only failures allowed are ISBNs of books and fields holding two designations (or a typo'd year)
    for text, reason in failures:
        assert any(word in reason for word in ("ISBN", "two designations", "year", "a dot where")), (text, reason)
    kinds = {d.kind for d in parsed}
    assert kinds == {"national", "sector", "local", "group"}


def _bis_rows() -> list[dict]:
    rows = json.loads(shared_path(*BIS).read_text(encoding="utf-8"))
    # header rows are the product-group headings (and one footnote): isNumber repeats the product text
    return [row for row in rows if row["isNumber"] != row["product"]]


def test_bis_compulsory_list_parses(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _bis_rows()
    assert len(rows) == 743
    parsed, failures = _parse_all([row["isNumber"] for row in rows])
    rate = len(parsed) / len(rows)
    with capsys.disabled():
        print(f"\nBIS: {len(parsed)}/{len(rows)} parsed ({rate:.2%}); failures:\n{_report(failures)}")
    assert rate >= 0.98, _report(failures)
    assert all(d.country == "IN" and d.body == "BIS" for d in parsed)
    assert [d.canonical for d in parsed if not _round_trips(d)] == []


_WRITTEN_REF_RE = re.compile(r"(ISO/IEC|ISO|IEC)\s*(\d+)")


def test_every_iso_iec_reference_in_the_bis_list_is_an_adoption() -> None:
    checked = 0
    for row in _bis_rows():
        text = row["isNumber"]
        written = _WRITTEN_REF_RE.findall(text)
        if not written:
            continue
        try:
            parsed = parse_designation(text)
        except DesignationError:
            continue  # counted by the parse-rate test
        numbers = {ref.split(" ", 1)[1].split(":")[0].split("-")[0] for ref in (a.ref for a in parsed.adoptions)}
        for _, number in written:
            assert number in numbers, (text, parsed.adoptions)
        assert all(a.degree == "IDT" and a.evidence == "designation" for a in parsed.adoptions)
        checked += 1
    assert checked >= 40


def _relaton_records() -> list[tuple[Path, dict]]:
    records = []
    for parts in RELATON_DIRS:
        for path in sorted(shared_path(*parts).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and "docidentifier" in data:
                records.append((path, data))
    return records


def test_relaton_designation_original_parses_with_its_adoption() -> None:
    originals = [
        (p, d["ext"]["designation_original"])
        for p, d in _relaton_records()
        if (d.get("ext") or {}).get("designation_original")
    ]
    assert len(originals) >= 14
    for path, text in originals:
        parsed = parse_designation(text)
        assert parsed.country == "RU", path
        written = re.search(r"(ISO/IEC|ISO|IEC|ИСО|МЭК|ЕН)\s*\d", text)
        if written:
            assert parsed.adoptions, (path, text)
        assert _round_trips(parsed)
    by_text = {text: parse_designation(text) for _, text in originals}
    mod = by_text["ГОСТ 14254-2015 (IEC 60529:2013)"]
    assert [(a.ref, a.degree) for a in mod.adoptions] == [("IEC 60529:2013", "MOD")]
    idt = by_text["ГОСТ Р ИСО 9001-2015"]
    assert [(a.ref, a.degree) for a in idt.adoptions] == [("ISO 9001", "IDT")]
    assert by_text["ГОСТ IEC 60335-1-2015"].adoptions[0].ref == "IEC 60335-1"


def test_relaton_docidentifiers_parse_to_the_same_work_as_the_original() -> None:
    records = _relaton_records()
    assert len(records) >= 170
    for path, data in records:
        for identifier in data["docidentifier"]:
            parsed = parse_designation(identifier["content"])
            assert parsed.country == "RU", path
            original = (data.get("ext") or {}).get("designation_original")
            if original:
                # the Latin identifier drops the organisation (GOST 60335-1-2015): same number, parts, year
                full = parse_designation(original)
                assert (parsed.number, parsed.parts, parsed.year, parsed.kind) == (
                    full.number,
                    full.parts,
                    full.year,
                    full.kind,
                ), path


def test_the_plain_gb_fast_path_agrees_with_the_general_chinese_parser() -> None:
    from standards_lib.designation.chinese import parse_chinese, parse_plain_gb

    fast = 0
    for text in _csres_numbers():
        quick = parse_plain_gb(text)
        if quick is not None:
            assert quick == parse_chinese(text), text
            fast += 1
    assert fast > 15000


def test_biaozhun_and_openstd_codes_of_every_kind_parse(capsys: pytest.CaptureFixture[str]) -> None:
    path = shared_path("china", "luoda2023-LDAssistant", "all_standards_merged_with_replacement.json")
    codes = [row["code"] for row in json.loads(path.read_text(encoding="utf-8"))]
    parsed, failures = _parse_all(codes)
    rate = len(parsed) / len(codes)
    with capsys.disabled():
        print(
            f"\nbiaozhun/openstd codes: {len(parsed)}/{len(codes)} parsed ({rate:.2%}); failures:\n{_report(failures)}"
        )
    assert rate >= 0.995, _report(failures)
    assert {d.kind for d in parsed} >= {"national", "sector", "local", "group"}
    assert [d.canonical for d in parsed if not _round_trips(d)] == []
