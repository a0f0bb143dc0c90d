"""The engine against the curated gold set (tests/data/gold, curated from public knowledge; see its README).

(a) with the adoption data of both sides; (b) with the Chinese records' adoption data removed and their
designations written without the ``/ISO ...`` suffix, as in bulk Chinese lists.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest
from conftest import TEST_DATA

from standards_lib.interchange import record_from_dict
from standards_lib.matching import evaluate_suggestions, read_gold_pairs, suggest_equivalents
from standards_lib.matching.equivalence.engine import split_by_side
from standards_lib.records import StandardRecord

GOLD = TEST_DATA / "gold"
THRESHOLD = 0.6


def gold_records(strip_chinese_adoptions: bool) -> list[StandardRecord]:
    records = []
    for line in (GOLD / "records.jsonl").read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        if strip_chinese_adoptions and record_from_dict(data).country == "CN":
            data.pop("adoptions", None)
            data["designation"] = re.split(r"/(?:ISO|IEC)", data["designation"])[0]
        records.append(record_from_dict(data))
    return records


@lru_cache(maxsize=2)
def run(strip: bool):
    foreign, chinese, international = split_by_side(gold_records(strip))
    suggestions = suggest_equivalents(foreign, chinese, international=international)
    return foreign, chinese, suggestions


def test_gold_set_is_curated_and_sized() -> None:
    records = gold_records(False)
    assert all(r.extra.get("curated") is True for r in records)
    foreign = [r for r in records if r.country in ("BR", "RU", "IN", "ZA")]
    assert 40 <= len(foreign) <= 80
    assert {r.country for r in foreign} == {"BR", "RU", "IN", "ZA"}
    gold = read_gold_pairs(GOLD / "pairs.csv")
    assert gold.foreign == {r.canonical for r in foreign}
    chinese_ids = {r.canonical for r in records if r.country == "CN"}
    assert {c for _, c in gold.pairs} <= chinese_ids


def test_with_adoption_data_on_both_sides_precision_and_recall_reach_098() -> None:
    _, _, suggestions = run(False)
    result = evaluate_suggestions(suggestions, read_gold_pairs(GOLD / "pairs.csv")).at(THRESHOLD)
    assert result.precision >= 0.98, result
    assert result.recall >= 0.98, result


def test_without_chinese_adoption_data_precision_09_recall_07() -> None:
    foreign, chinese, suggestions = run(True)
    assert not any(r.adoptions for r in chinese)
    report = evaluate_suggestions(suggestions, read_gold_pairs(GOLD / "pairs.csv"))
    result = report.at(THRESHOLD)
    assert result.precision >= 0.9, (result, report.wrong)
    assert result.recall >= 0.7, (result, report.missed)


def by_pair(suggestions):
    return {(s.foreign_id, s.chinese_id): s for s in suggestions}


def test_identical_adoption_of_the_same_edition_is_identical_with_its_evidence() -> None:
    _, _, suggestions = run(False)
    s = by_pair(suggestions)[("IS/ISO 9001:2015", "GB/T 19001-2016")]
    assert s.rank == 1 and s.relation == "identical" and s.score >= 0.95
    adoption = s.evidence["adoption"]
    assert adoption["work"] == "ISO 9001" and adoption["edition"] == "same edition"
    assert adoption["degrees"] == {"foreign": "IDT", "chinese": "IDT"}
    assert s.evidence["title"]["comparable"] is True
    assert "ISO 9001" in s.evidence["summary"]


def test_modified_adoption_gives_equivalent_not_identical() -> None:
    _, _, suggestions = run(False)
    s = by_pair(suggestions)[("ГОСТ 14254-2015", "GB/T 4208-2017")]
    assert s.rank == 1 and s.relation == "equivalent"
    assert s.evidence["adoption"]["degrees"]["foreign"] == "MOD"


def test_withdrawn_edition_ranks_below_the_current_one_unless_it_is_the_same_edition() -> None:
    _, _, suggestions = run(False)
    pairs = by_pair(suggestions)
    current = pairs[("SANS 9001:2015", "GB/T 19001-2016")]
    assert current.rank == 1
    old = pairs.get(("SANS 9001:2015", "GB/T 19001-2008"))
    assert old is None or (old.rank > 1 and old.score < THRESHOLD and old.relation == "related")
    # a Russian standard adopting ISO 9001:2008 gets the Chinese 2008 edition first
    assert pairs[("ГОСТ ИСО 9001-2011", "GB/T 19001-2008")].rank == 1
    # GB/T 28001-2011 (withdrawn, replaced by GB/T 45001-2020) never outranks its replacement
    replaced = pairs.get(("IS/ISO 45001:2018", "GB/T 28001-2011"))
    assert replaced is None or replaced.score < pairs[("IS/ISO 45001:2018", "GB/T 45001-2020")].score


def test_russian_against_chinese_titles_are_compared_across_languages() -> None:
    _, _, suggestions = run(False)
    s = by_pair(suggestions)[("ГОСТ Р ИСО 9001-2015", "GB/T 19001-2016")]
    assert s.evidence["title"]["language"] == "across languages" and s.evidence["title"]["similarity"] >= 0.8
    assert "crosslang_similarity" in s.evidence["signals"] and "title_similarity" not in s.evidence["signals"]


def test_different_parts_of_one_series_are_never_equivalent() -> None:
    _, _, suggestions = run(True)
    for s in suggestions:
        parts = s.evidence.get("parts") or {}
        if parts.get("agree") is False:
            assert s.relation == "related" and s.score <= 0.3
    pairs = by_pair(suggestions)
    assert pairs[("SANS 60335-2-24:2012", "GB 4706.13-2014")].rank == 1
    wrong_part = pairs.get(("ГОСТ Р 50571.5.52-2011", "GB/T 16895.23-2020"))
    assert wrong_part is None or wrong_part.score <= 0.3


def test_adoption_is_inferred_from_titles_and_reaches_russian_standards() -> None:
    _, _, suggestions = run(True)
    s = by_pair(suggestions)[("ГОСТ Р ИСО 14001-2016", "GB/T 24001-2016")]
    assert s.rank == 1 and s.score >= THRESHOLD
    inferred = " ".join(s.evidence["adoption"]["inferred"])
    assert "ISO 14001" in inferred and "inferred from the title of" in inferred


def test_designation_number_hint_for_sans() -> None:
    _, _, suggestions = run(False)
    s = by_pair(suggestions)[("SANS 17025:2017", "GB/T 27025-2019")]
    assert s.rank == 1 and s.score >= 0.9
    assert "SANS" in " ".join(s.evidence["adoption"]["inferred"])


def test_foreign_standards_without_chinese_equivalent_get_nothing_confident() -> None:
    _, _, suggestions = run(False)
    gold = read_gold_pairs(GOLD / "pairs.csv")
    unpaired = gold.foreign - {f for f, _ in gold.pairs}
    assert len(unpaired) >= 5
    assert not [s for s in suggestions if s.foreign_id in unpaired and s.score >= THRESHOLD]


@pytest.mark.parametrize("strip", [False, True])
def test_ranks_are_dense_and_scores_sorted(strip: bool) -> None:
    _, _, suggestions = run(strip)
    per_foreign: dict[str, list] = {}
    for s in suggestions:
        per_foreign.setdefault(s.foreign_id, []).append(s)
        assert s.relation in ("identical", "equivalent", "related")
    for items in per_foreign.values():
        assert [s.rank for s in items] == list(range(1, len(items) + 1))
        assert [s.score for s in items] == sorted((s.score for s in items), reverse=True)
