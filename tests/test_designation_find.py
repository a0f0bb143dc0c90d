"""find_designations: designations written inside free text (hand-written inputs in the forms of real fields)."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from standards_lib.designation import find_designations, parse_designation


def _found(text: str) -> list[str]:
    return [d.canonical for d in find_designations(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("代替GB 12021.4-2013", ["GB 12021.4-2013"]),
        ("代替DB11/T 2025-2022主管部门：北京市市场监督管理局", ["DB11/T 2025-2022"]),
        ("代替 GB/T 19001-2008, GB/T 19001-2000；", ["GB/T 19001-2008", "GB/T 19001-2000"]),
        ("替代 GB 4943-2001、GB 8898-2011", ["GB 4943-2001", "GB 8898-2011"]),
        ("代替YY 91057-1999《医用脚踏开关通用技术条件》", ["YY 91057-1999"]),
        ("GB/T 13903-1992 GB/T 13905-1992", ["GB/T 13903-1992", "GB/T 13905-1992"]),
        ("GB 1452～1453-1987 GB 1464-1987", ["GB 1452~1453-1987", "GB 1464-1987"]),
        ("IS 12933 (Part 1): 2003 IS 12933 (Part 2): 2003", ["IS 12933 (Part 1):2003", "IS 12933 (Part 2):2003"]),
        ("JJF(电子)0072-2021 代替 JJF(电子)0072-2010", ["JJF(电子)0072-2021", "JJF(电子)0072-2010"]),
        ("ISO 9001:2015 Quality management systems — Requirements", ["ISO 9001:2015"]),
        ("ISO 9001:2015 and IEC 60335-1:2020", ["ISO 9001:2015", "IEC 60335-1:2020"]),
        ("GB/T 19001-2008 代替 GB/T 19001-2008", ["GB/T 19001-2008"]),
        ("nothing here", []),
        ("Household Electrical goods", []),
        ("", []),
    ],
)
def test_designations_in_text(text: str, expected: list[str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text, canonical, adoption",
    [
        ("ГОСТ 14254-2015 (IEC 60529:2013, MOD) Степени защиты", "ГОСТ 14254-2015", ("IEC 60529:2013", "MOD")),
        ("GB/T 19001—2016/ISO 9001:2015 质量管理体系 要求", "GB/T 19001-2016", ("ISO 9001:2015", "IDT")),
        ("IS 302 (Part 1) : 2024 IEC 60335-1:2020", "IS 302 (Part 1):2024", ("IEC 60335-1:2020", "IDT")),
    ],
)
def test_international_reference_after_a_designation_stays_its_adoption(
    text: str, canonical: str, adoption: tuple[str, str]
) -> None:
    (found,) = find_designations(text)
    assert found.canonical == canonical
    assert [(a.ref, a.degree) for a in found.adoptions] == [adoption]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_whatever_is_found_in_any_text_is_a_readable_designation_found_once(text: str) -> None:
    found = find_designations(text)
    canonicals = [d.canonical for d in found]
    assert len(canonicals) == len(set(canonicals))
    for designation in found:
        assert parse_designation(designation.canonical).canonical == designation.canonical


def test_replacement_notes_of_the_biaozhun_list(capsys: pytest.CaptureFixture[str]) -> None:
    path = shared_path("china", "luoda2023-LDAssistant", "all_standards_merged_with_replacement.json")
    rows = json.loads(path.read_text(encoding="utf-8"))
    notes = [
        row["replacement_raw"].split("主管部门")[0]
        for row in rows
        if "代替" in (row.get("replacement_raw") or "") or "替代" in (row.get("replacement_raw") or "")
    ]
    missed = [note for note in notes if not find_designations(note)]
    with capsys.disabled():
        print(
            f"\nreplacement notes with a designation found: {len(notes) - len(missed)}/{len(notes)}; missed: {missed}"
        )
    assert len(notes) >= 400
    assert len(missed) <= len(notes) // 100
