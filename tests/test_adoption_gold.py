"""Integrity of the curated adoption gold set (tests/data/adoption_gold) and of its loader."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from conftest import TEST_DATA, shared_path

from standards_lib.designation import parse_designation
from standards_lib.errors import StandardsError
from standards_lib.matching.gold_files import (
    ADOPTION_COLUMNS,
    PAIR_COLUMNS,
    GoldFileError,
    read_adoption_gold,
    read_adoption_gold_files,
    read_foreign_pairs,
)

GOLD = TEST_DATA / "adoption_gold"
ADOPTIONS = GOLD / "chinese_adoptions.csv"
PAIRS = GOLD / "foreign_chinese_pairs.csv"
HARD = GOLD / "hard_cases.csv"
RANDOM_CHECK = GOLD / "random_check.csv"
MIN_ADOPTERS, MIN_NON_ADOPTERS, MIN_TOTAL = 200, 100, 300


@pytest.fixture(scope="module")
def gold():
    return read_adoption_gold(ADOPTIONS)


@pytest.fixture(scope="module")
def hard():
    return read_adoption_gold(HARD)


@pytest.fixture(scope="module")
def pairs():
    return read_foreign_pairs(PAIRS)


def series(designation: str) -> str:
    """The Chinese series a designation belongs to (GB, GB/T and GB/Z share the number; other prefixes kept)."""
    match = re.match(r"^(?:GB(?:/T|/Z)? |(JJF\([^)]*\)))(\d+)", designation)
    assert match, designation
    return (match.group(1) or "") + match.group(2)


# --- the loader, on hand-written inputs -------------------------------------------------------

HEADER = ",".join(ADOPTION_COLUMNS)


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_loader_reads_hand_written_rows(tmp_path):
    path = write(
        tmp_path,
        HEADER,
        "GB/T 1243-2006,传动用短节距精密滚子链、套筒链、附件和链轮,csres,ISO 606,IDT,2004,foreword,tune",
        "GB 2760-2014,食品安全国家标准 食品添加剂使用标准,csres,,,,national,heldout",
    )
    first, second = read_adoption_gold(path)
    assert (first.designation, first.adopts, first.degree, first.edition_year) == (
        "GB/T 1243-2006",
        "ISO 606",
        "IDT",
        2004,
    )
    assert first.is_adopter and not second.is_adopter
    assert (second.adopts, second.degree, second.edition_year, second.split) == ("", "", None, "heldout")


@pytest.mark.parametrize(
    "row, reason",
    [
        ("GB/T 1243-2006,标题,csres,ISO 606,EQV,,fact,tune", "degree 'EQV'"),
        ("GB/T 1243-2006,标题,csres,ISO 606,,,fact,train", "split 'train'"),
        ("GB/T 1243-2006,标题,cnki,ISO 606,,,fact,tune", "source 'cnki'"),
        ("GB/T 1243-2006,标题,csres,ISO 606,,04,fact,tune", "edition_year '04'"),
        ("GB/T 1243-2006,标题,csres,,IDT,,fact,tune", "adopts nothing"),
        ("GB/T 1243-2006,标题,csres,ISO 606,,,,tune", "empty fact"),
        ("not a standard,标题,csres,ISO 606,,,fact,tune", "designation 'not a standard'"),
        ("GB/T 1243-2006,标题,csres,ISO 606,,,fact", "expected 8 fields"),
    ],
)
def test_loader_names_file_and_line_of_a_bad_row(tmp_path, row, reason):
    path = write(tmp_path, HEADER, "GB 2760-2014,食品添加剂使用标准,csres,,,,national,tune", row)
    with pytest.raises(GoldFileError) as info:
        read_adoption_gold(path)
    assert isinstance(info.value, StandardsError)
    assert info.value.line == 3 and info.value.path == str(path)
    assert f"{path}, line 3" in str(info.value) and reason in str(info.value)


def test_loader_refuses_duplicates_and_a_wrong_header(tmp_path):
    row = "GB 2760-2014,食品添加剂使用标准,csres,,,,national,tune"
    with pytest.raises(GoldFileError, match=r"line 3: designation 'GB 2760-2014' already on line 2"):
        read_adoption_gold(write(tmp_path, HEADER, row, row))
    with pytest.raises(GoldFileError, match="line 1: header must be"):
        read_adoption_gold(write(tmp_path, "designation,title", "GB 2760-2014,x"))
    with pytest.raises(GoldFileError, match="cannot read"):
        read_adoption_gold(tmp_path / "absent.csv")


def test_gold_files_are_read_together_and_a_designation_is_labelled_once(tmp_path):
    first = "GB/T 1243-2006,传动用短节距精密滚子链、套筒链、附件和链轮,csres,ISO 606,IDT,2004,foreword,tune"
    other = "GB 2760-2014,食品安全国家标准 食品添加剂使用标准,csres,,,,national,heldout"
    (tmp_path / "chinese_adoptions.csv").write_text(f"{HEADER}\n{first}\n", encoding="utf-8")
    (tmp_path / "hard_cases.csv").write_text(f"{HEADER}\n{other}\n", encoding="utf-8")
    (tmp_path / "random_check.csv").write_text(f"{HEADER}\n", encoding="utf-8")
    files = read_adoption_gold_files(tmp_path)
    assert [[r.designation for r in rows] for rows in files.values()] == [["GB/T 1243-2006"], ["GB 2760-2014"], []]
    (tmp_path / "hard_cases.csv").write_text(f"{HEADER}\n{other}\n{first}\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match=r"hard_cases.csv, line 3: designation 'GB/T 1243-2006' already in chinese"):
        read_adoption_gold_files(tmp_path)


def test_pair_loader_checks_relation(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text(",".join(PAIR_COLUMNS) + "\nIS 2403:2014,GB/T 1243-2006,same,ISO 606,fact,tune\n", encoding="utf-8")
    with pytest.raises(GoldFileError, match="line 2: relation 'same' is not one of"):
        read_foreign_pairs(path)


# --- the curated set itself ------------------------------------------------------------------


def test_sizes_and_no_duplicates(gold):
    adopters = [row for row in gold if row.is_adopter]
    others = [row for row in gold if not row.is_adopter]
    assert len(gold) >= MIN_TOTAL and len(adopters) >= MIN_ADOPTERS and len(others) >= MIN_NON_ADOPTERS
    assert len({row.designation for row in gold}) == len(gold)


def test_halves_are_balanced_per_label(gold):
    for adopter in (True, False):
        counts = Counter(row.split for row in gold if row.is_adopter == adopter)
        tune, heldout = counts["tune"], counts["heldout"]
        assert tune and heldout
        assert abs(tune - heldout) <= 0.1 * max(tune, heldout), (adopter, counts)


def test_series_are_spread_over_both_halves(gold):
    halves: dict[str, set[str]] = defaultdict(set)
    sizes: Counter[str] = Counter()
    for row in gold:
        halves[series(row.designation)].add(row.split)
        sizes[series(row.designation)] += 1
    lopsided = [name for name, count in sizes.items() if count >= 2 and len(halves[name]) < 2]
    assert lopsided == []


def test_every_designation_is_chinese_and_every_work_international(gold):
    for row in gold:
        parsed = parse_designation(row.designation)
        assert parsed.country == "CN", row.designation
        assert parsed.year is not None, row.designation
        if row.is_adopter:
            work = parse_designation(row.adopts)
            assert work.country == "INT" and work.year is None, row.adopts
            assert work.canonical == row.adopts, row.adopts
            if row.edition_year is not None:
                assert row.edition_year <= parsed.year, row.designation
        if row.degree:
            assert row.degree in {"IDT", "MOD"}, row.designation  # NEQ relations are left out of the set


def test_tricky_cases_are_present(gold):
    by_designation = {row.designation: row for row in gold}
    assert by_designation["GB/T 14048.10-2016"].adopts == "IEC 60947-5-2"  # part numbers differ
    assert by_designation["GB/T 12668.501-2013"].adopts == "IEC 61800-5-1"
    assert by_designation["GB/T 6495.4-1996"].adopts == "IEC 60891"  # a part of GB/T 6495 outside IEC 60904
    assert by_designation["GB/T 14598.300-2017"].adopts == ""  # China-specific part of an adopting series
    assert by_designation["GB/T 1094.23-2019"].adopts == ""
    assert by_designation["GB/T 1243-2006"].edition_year == 2004


def test_pairs_are_consistent(pairs, gold):
    assert pairs
    adopts = {row.designation: row.adopts for row in gold}
    for pair in pairs:
        foreign = parse_designation(pair.foreign_designation)
        assert foreign.country in {"IN", "RU"}, pair.foreign_designation
        assert pair.via in {parse_designation(a.ref).canonical.split(":")[0] for a in foreign.adoptions}, pair
        assert adopts.get(pair.chinese_designation) == pair.via, pair


# --- hard cases drawn at random from inferred links -----------------------------------------


def test_hard_cases_are_labelled_once_and_hold_both_classes(hard, gold):
    assert len(hard) >= 100
    assert not {row.designation for row in hard} & {row.designation for row in gold}
    for split in ("tune", "heldout"):
        half = [row for row in hard if row.split == split]
        adopters = sum(row.is_adopter for row in half)
        # 9 held-out non-adopters: GB 7956 and GB/T 10760 moved to the tune half (STEMS_KEPT_APART was made for them)
        assert adopters >= 40 and len(half) - adopters >= 9, (split, adopters, len(half))
    for row in hard:
        assert parse_designation(row.designation).country == "CN", row.designation
        if row.is_adopter:
            assert parse_designation(row.adopts).canonical == row.adopts, row.adopts


def test_hard_cases_keep_a_series_in_one_half(hard):
    halves: dict[str, set[str]] = defaultdict(set)
    for row in hard:
        halves[series(row.designation)].add(row.split)
    assert [name for name, found in halves.items() if len(found) > 1] == []


def test_series_a_fix_was_made_for_are_in_the_tune_half(hard):
    """STEMS_KEPT_APART (matching/glossary.py) was written for GB 7956 and GB/T 10760: they cannot measure unseen
    series any more, so they belong to the tune half."""
    for row in hard:
        if series(row.designation) in (series("GB 7956.1-2014"), series("GB/T 10760.1-2017")):
            assert row.split == "tune", row.designation


def test_known_wrong_inferences_are_labelled_as_non_adopters(hard):
    by_designation = {row.designation: row for row in hard}
    for designation in ("GB/T 46505.1-2025", "GB/T 10760.1-2017", "GB 7956.9-2025", "GB/T 10067.4-2005"):
        assert by_designation[designation].adopts == "", designation
    assert by_designation["GB 14023-2011"].adopts == "CISPR 12"  # a different work than the inferred CISPR 25
    assert by_designation["GB/T 16895.23-2020"].adopts == "IEC 60364-6"


# --- a random check of the refitted model's links, held out only ------------------------------


def test_random_check_is_held_out_only_and_labels_records_of_no_other_file(hard, gold):
    """random_check.csv: links of the model of 2026-11-30 drawn at random after it was fitted; never tuned on."""
    check = read_adoption_gold(RANDOM_CHECK)
    assert len(check) >= 50 and {row.split for row in check} == {"heldout"}
    assert not {row.designation for row in check} & {row.designation for row in gold + hard}
    assert sum(not row.is_adopter for row in check) >= 2
    by_designation = {row.designation: row for row in check}
    assert by_designation["GB 11299.2-1989"].adopts == "IEC 60510-1-2"  # not the inferred IEC 60510-1
    assert by_designation["GB 11536-1989"].adopts == ""  # musk ambrette: no ISO work


# --- against the real files in ../shared/data ------------------------------------------------


def test_designations_and_titles_are_in_the_named_real_file(gold, hard):
    csres = shared_path("china", "laokevincn-standard_scrapting", "standards_csres.csv")
    biaozhun = shared_path("china", "luoda2023-LDAssistant", "all_standards_merged_with_replacement.json")
    with csres.open(encoding="utf-8", newline="") as handle:
        real = {"csres": {(r["std_num"], r["title_zh"]) for r in csv.DictReader(handle)}}
    real["biaozhun"] = {(r["code"], r["name"]) for r in json.loads(biaozhun.read_text(encoding="utf-8"))}
    missing = [
        (row.source, row.designation)
        for row in gold + hard + read_adoption_gold(RANDOM_CHECK)
        if (row.designation, row.title_zh) not in real[row.source]
    ]
    assert missing == []


def test_foreign_designations_are_in_their_real_file(pairs):
    bis = shared_path("india", "bis_compulsory_certification_products.json")
    gost = shared_path("russia", "relaton-data-gost-sample")
    known = {row["isNumber"] for row in json.loads(bis.read_text(encoding="utf-8"))}
    for path in gost.glob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("designation_original:"):
                known.add(line.split(":", 1)[1].strip())
    assert [pair.foreign_designation for pair in pairs if pair.foreign_designation not in known] == []
