"""The equivalence engine's signals on small hand-written records (not from ../shared)."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from standards_lib.errors import MatchError
from standards_lib.interchange import record_from_dict
from standards_lib.matching import MATCHER_VERSION, Suggestion, suggest_equivalents
from standards_lib.matching.equivalence.blocking import CandidateIndex
from standards_lib.matching.equivalence.engine import match_records
from standards_lib.matching.equivalence.profile import profile_record


def rec(designation: str, *, adoptions=None, status=None, replaced_by=None, ics=None, **titles):
    data = {"designation": designation, "titles": titles, "extra": {"hand_written": True}}
    if adoptions:
        data["adoptions"] = [{"ref": r, "degree": d} for r, d in adoptions]
    if status:
        data["status"] = status
    if replaced_by:
        data["replaced_by"] = replaced_by
    if ics:
        data["ics"] = ics
    return record_from_dict(data)


def one(foreign, chinese, **options) -> list[Suggestion]:
    return suggest_equivalents([foreign], chinese, **options)


def test_neq_adoption_is_related_only() -> None:
    f = rec("IS/ISO 1382:2025", en="Rubber — Vocabulary")
    c = rec("GB/T 9881-2026", adoptions=[("ISO 1382:2025", "NEQ")], zh="橡胶 术语", en="Rubber—Vocabulary")
    [s] = one(f, [c], min_score=0.0)
    assert s.relation == "related"
    assert s.evidence["adoption"]["content"].startswith("not equivalent")
    assert "adoption_shared" not in s.evidence["features"]  # NEQ is not an adoption: no shared-adoption credit
    assert s.score <= 0.5


def test_different_editions_of_the_same_work_are_equivalent_and_stated() -> None:
    f = rec("IS/IEC 60529:2001", en="Degrees of protection provided by enclosures (IP Code)")
    c = rec(
        "GB/T 4208-2017",
        adoptions=[("IEC 60529:2013", "IDT")],
        en="Degrees of protection provided by enclosure (IP code)",
    )
    [s] = one(f, [c])
    assert s.relation == "equivalent"
    assert s.evidence["adoption"]["edition"] == "different editions of the same work"


def test_part_conflict_caps_the_score_whatever_the_titles_say() -> None:
    f = rec("SANS 61131-1:2005", en="Programmable controllers — Part 1: General information")
    c1 = rec("GB/T 15969.1-2007", en="Programmable controllers—Part 1: General information")
    c2 = rec("GB/T 15969.2-2008", en="Programmable controllers—Part 2: General information")
    by_id = {s.chinese_id: s for s in one(f, [c1, c2], min_score=0.0)}
    assert by_id["GB/T 15969.1-2007"].score > 0.9
    conflict = by_id["GB/T 15969.2-2008"]
    assert conflict.score <= 0.3 and conflict.relation == "related"
    assert conflict.evidence["parts"]["foreign"] == "1" and conflict.evidence["parts"]["chinese"] == "2"
    assert conflict.evidence["parts"]["agree"] is False


def test_adoptions_of_different_standards_count_against_a_title_match() -> None:
    f = rec("IS/ISO 9000:2015", en="Quality management systems — Fundamentals and vocabulary")
    right = rec(
        "GB/T 19000-2016",
        adoptions=[("ISO 9000:2015", "IDT")],
        en="Quality management systems—Fundamentals and vocabulary",
    )
    wrong = rec("GB/T 19001-2016", adoptions=[("ISO 9001:2015", "IDT")], en="Quality management systems—Requirements")
    suggestions = one(f, [right, wrong], min_score=0.0)
    assert suggestions[0].chinese_id == "GB/T 19000-2016"
    other = next(s for s in suggestions if s.chinese_id == "GB/T 19001-2016")
    assert other.score < 0.1 and other.evidence["adoption"]["shared"] is False


def test_titles_in_different_languages_are_compared_through_english_stems() -> None:
    f = rec("ГОСТ Р 12345-2020", ru="Системы менеджмента качества. Требования", ics=["03.120.10"])
    same = rec("GB/T 19001-2016", zh="质量管理体系 要求", ics=["03.120.10"])
    other = rec("GB/T 24001-2016", zh="环境管理体系 要求及使用指南", ics=["13.020.10"])
    by_id = {s.chinese_id: s for s in one(f, [same, other], min_score=0.0)}
    title = by_id["GB/T 19001-2016"].evidence["title"]
    assert title["comparable"] is True and title["language"] == "across languages" and title["languages"] == "ru/zh"
    assert title["similarity"] >= 0.8
    assert by_id["GB/T 19001-2016"].score > by_id["GB/T 24001-2016"].score
    assert by_id["GB/T 24001-2016"].evidence["title"]["similarity"] < title["similarity"]


def test_withdrawn_standard_ranks_below_its_replacement() -> None:
    f = rec("IS 99999:2020", en="Quality management systems — Requirements")
    old = rec(
        "GB/T 19001-2008", status="废止", replaced_by=["GB/T 19001-2016"], en="Quality management systems—Requirements"
    )
    new = rec("GB/T 19001-2016", en="Quality management systems—Requirements")
    suggestions = one(f, [old, new], min_score=0.0)
    assert [s.chinese_id for s in suggestions] == ["GB/T 19001-2016", "GB/T 19001-2008"]
    assert suggestions[1].relation == "related"


def test_replacement_with_another_number_outranks_the_withdrawn_standard() -> None:
    f = rec(
        "IS/ISO 45001:2018", en="Occupational health and safety management systems — Requirements with guidance for use"
    )
    old = rec(
        "GB/T 28001-2011",
        status="废止",
        replaced_by=["GB/T 45001-2020"],
        en="Occupational health and safety management systems—Requirements",
    )
    new = rec(
        "GB/T 45001-2020", en="Occupational health and safety management systems—Requirements with guidance for use"
    )
    suggestions = one(f, [old, new], min_score=0.0)
    assert suggestions[0].chinese_id == "GB/T 45001-2020"
    assert suggestions[1].evidence["replacement_note"].startswith("replaced by GB/T 45001-2020")


def test_inference_from_an_international_record() -> None:
    iso = rec("ISO 50001:2018", en="Energy management systems — Requirements with guidance for use")
    russian = rec(
        "ГОСТ Р ИСО 50001-2023", ru="Системы энергетического менеджмента. Требования и руководство по применению"
    )
    chinese = rec(
        "GB/T 23331-2020",
        zh="能源管理体系 要求及使用指南",
        en="Energy management systems—Requirements with guidance for use",
    )
    [s] = suggest_equivalents([russian], [chinese], international=[iso])
    assert s.rank == 1 and s.score >= 0.5
    assert "inferred from the title of ISO 50001:2018" in s.evidence["adoption"]["inferred"][0]
    assert suggest_equivalents([russian], [chinese], international=[iso], infer=False) == []


def test_ambiguous_inference_is_not_made() -> None:
    a = rec("IS/ISO 11111:2010", en="Widgets — Test methods")
    b = rec("IS/ISO 22222:2010", en="Widgets — Test methods")
    russian = rec("ГОСТ Р ИСО 11111-2012", ru="Виджеты. Методы испытаний")
    chinese = rec("GB/T 33333-2015", en="Widgets—Test methods")
    suggestions = suggest_equivalents([a, b, russian], [chinese])
    assert not [s for s in suggestions if s.foreign_id.startswith("ГОСТ")]


def test_options_are_checked() -> None:
    f = rec("IS/ISO 9001:2015", en="Quality management systems — Requirements")
    with pytest.raises(MatchError, match="unknown matching option"):
        one(f, [], no_such_weight=1.0)
    with pytest.raises(MatchError, match="top_k"):
        one(f, [], top_k=0)
    with pytest.raises(MatchError, match="min_score"):
        one(f, [], min_score=2)


def test_the_fitted_model_scores_and_another_model_changes_the_score() -> None:
    from dataclasses import replace

    from standards_lib.matching.equivalence.model import bundled_equivalence_model

    f = rec("IS 99999:2020", en="Quality management systems — Requirements", ics=["03.120.10"])
    c = rec("GB/T 19001-2016", en="Quality management systems—Requirements", ics=["03.120.10"])
    [default] = one(f, [c])
    model = bundled_equivalence_model()
    assert default.evidence["signals"]["title_near_identical"] == round(model.coefficients["title_near_identical"], 2)
    assert default.evidence["model"] == model.version
    weaker = replace(model, coefficients={**model.coefficients, "title_near_identical": 0.0})
    [lower] = one(f, [c], model=weaker, min_score=0.0)
    assert lower.score < default.score


def test_top_k_and_min_score_limit_the_output_and_rows_match_the_contract() -> None:
    f = rec("IS 99999:2020", en="Household and similar electrical appliances — Safety — Part 1: General requirements")
    chinese = [
        rec(
            f"GB 4706.{i}-2010",
            en=f"Household and similar electrical appliances—Safety—Part 1: General requirements {i}",
        )
        for i in range(1, 9)
    ]
    suggestions = one(f, chinese, top_k=3, min_score=0.0)
    assert len(suggestions) == 3
    row = suggestions[0].to_row()
    assert set(row) == {"foreign_id", "chinese_id", "rank", "score", "relation", "evidence"}
    assert isinstance(row["evidence"], dict)
    _, summary = match_records([f, *chinese])
    assert summary.foreign == 1 and summary.chinese == 8 and summary.matcher_version == MATCHER_VERSION


def test_blocking_finds_the_best_title_of_a_brute_force_comparison() -> None:
    """Hand-generated titles: the blocked candidates contain every strong brute-force top-1 title match."""
    rng = random.Random(3)
    words = [
        "valve",
        "pump",
        "cable",
        "steel",
        "copper",
        "safety",
        "test",
        "method",
        "vocabulary",
        "household",
        "appliance",
        "battery",
        "cell",
        "lithium",
        "solar",
        "module",
        "wind",
        "turbine",
        "robot",
        "controller",
        "network",
        "security",
        "energy",
        "quality",
        "water",
        "pipe",
        "fitting",
        "plastic",
        "rubber",
        "glass",
        "paint",
        "textile",
        "fibre",
        "food",
        "milk",
        "meat",
        "grain",
    ]
    chinese = [rec(f"GB/T {30000 + i}-2020", en=" ".join(rng.sample(words, 5))) for i in range(400)]
    foreign = []
    for j in range(150):
        source = rng.choice(chinese).titles["en"].split()
        rng.shuffle(source)
        foreign.append(rec(f"IS {40000 + j}:2021", en=" ".join(source[:4] + [rng.choice(words)])))
    c_profiles = [profile_record(r) for r in chinese]
    index = CandidateIndex(c_profiles)
    strong = found = 0
    for f in foreign:
        fp = profile_record(f)
        scores = [fuzz.token_sort_ratio(fp.texts["en"], cp.texts["en"]) for cp in c_profiles]
        best = max(scores)
        if best < 80:
            continue
        strong += 1
        candidates = index.candidates(fp)
        found += any(scores[i] == best for i in candidates)
    assert strong >= 20
    assert found / strong >= 0.99


def test_forked_workers_give_the_same_suggestions(monkeypatch) -> None:
    from standards_lib.matching.equivalence import engine, preparation

    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    monkeypatch.setattr(preparation, "PARALLEL_MIN", 1)
    foreign = [rec(f"IS {40000 + i}:2020", en=f"Widget type {i} — Test methods") for i in range(12)]
    chinese = [rec(f"GB/T {30000 + i}-2019", en=f"Widget type {i}—Test methods") for i in range(12)]
    sequential = suggest_equivalents(foreign, chinese, workers=1)
    assert suggest_equivalents(foreign, chinese, workers=2) == sequential
    assert len({s.foreign_id for s in sequential}) == 12


def test_a_chain_of_two_inferences_is_a_lead_not_an_equivalence() -> None:
    # Hand-written records: a Russian and a Chinese standard, each linked to ISO 8373 by title inference only.
    from standards_lib.matching.equivalence.model import bundled_equivalence_model
    from standards_lib.matching.equivalence.profile import AdoptedWork
    from standards_lib.matching.equivalence.scoring import score_pair

    def inferred(confidence: float) -> AdoptedWork:
        return AdoptedWork("ISO 8373:2021", "ISO 8373", "ISO|IEC|8373", "8373", 2021, "unknown", "inferred", (),
                           "title", confidence)  # fmt: skip

    russian = profile_record(
        record_from_dict({"designation": "ГОСТ Р 60.5.0.1-2023", "title": "Роботы. Экзоскелеты", "title_lang": "ru"})
    )
    chinese = profile_record(record_from_dict({"designation": "GB/T 12643-2025", "title": "机器人 词汇"}))
    russian.add_inferred(inferred(0.95))
    chinese.add_inferred(inferred(0.98))
    model = bundled_equivalence_model()
    score, relation, evidence = score_pair(russian, chinese, model, explain=True)
    assert relation == "related" and score <= model.rules.inferred_chain_cap and evidence["inferred_chain"]
    declared = profile_record(
        record_from_dict({"designation": "ГОСТ Р ИСО 8373-2014", "title": "Роботы. Словарь", "title_lang": "ru"})
    )
    score, relation, _ = score_pair(declared, chinese, model)
    assert relation in ("identical", "equivalent") and score > model.rules.inferred_chain_cap
