"""The engine on the real records in ../shared/data (skipped when absent).

Foreign: the Russian Relaton records and the BIS list, read by their sources. Chinese: the std.samr.gov.cn
search page (through the ``samr`` source) and the GB list from csres. The real data holds no foreign/Chinese pair adopting the same
ISO/IEC standard, so a few foreign records are HAND-WRITTEN here (marked ``hand_written``; they are
test inputs, not claims that these national standards exist) adopting what the samr page's records adopt.
"""

from __future__ import annotations

import csv
from functools import lru_cache

import pytest
from conftest import shared_path

from standards_lib.errors import StandardsError
from standards_lib.interchange import record_from_dict
from standards_lib.matching import suggest_equivalents
from standards_lib.matching.profile import profile_record
from standards_lib.records import StandardRecord

SAMR_PAGE = ("china", "laokevincn-standard_scrapting", "samr_iframe.html")
CSRES = ("china", "laokevincn-standard_scrapting", "standards_csres.csv")

#: Hand-written foreign records adopting what the samr page's records adopt (test inputs only).
HAND_WRITTEN_FOREIGN = [
    {
        "designation": "IS/ISO 8178-2:2021",
        "titles": {
            "en": "Reciprocating Internal Combustion Engines — Exhaust "
            "Emission Measurement — Part 2: Measurement of Gaseous and Particulate Exhaust Emissions Under Field Conditions"
        },
    },
    {"designation": "ГОСТ Р МЭК 60825-12-2023", "titles": {"ru": "Безопасность лазерной аппаратуры. Часть 12"}},
    {"designation": "SANS 60143-1:2016", "titles": {"en": "Series capacitors for power systems — Part 1: General"}},
    {
        "designation": "ГОСТ Р 99999-2025 (ISO 23603:2024)",
        "titles": {"ru": "Метод оценки качества имитаторов дневного света"},
    },
]


def _records(items) -> list[StandardRecord]:
    from standards_lib.scrapers.base import Quarantined

    return [item for item in items if not isinstance(item, Quarantined)]


@lru_cache(maxsize=1)
def real_inputs() -> tuple[list[StandardRecord], list[StandardRecord], list[StandardRecord]]:
    from standards_lib.scrapers import get_source

    foreign: list[StandardRecord] = []
    for name, folder in (("relaton", "russia"), ("bis", "india")):
        module = get_source(name)
        foreign += _records(module.extract(module.discover(shared_path(folder))))
    samr = get_source("samr")
    chinese = [r for r in _records(samr.extract([shared_path(*SAMR_PAGE)])) if r.adoptions]
    assert len(chinese) == 8, "the samr parser must read the 8 adoptions of the real search page (10 records)"
    with shared_path(*CSRES).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["std_num"].startswith("GB"):
                try:
                    chinese.append(
                        record_from_dict(
                            {
                                "designation": row["std_num"],
                                "titles": {"zh": row["title_zh"]},
                                "status": row["status"] or None,
                                "source": "csres",
                            }
                        )
                    )
                except StandardsError:
                    pass
    hand = [record_from_dict({**data, "extra": {"hand_written": True}}) for data in HAND_WRITTEN_FOREIGN]
    return foreign, chinese, hand


@lru_cache(maxsize=1)
def real_run():
    foreign, chinese, hand = real_inputs()
    return suggest_equivalents(foreign + hand, chinese)


def shared_work_pairs(foreign, chinese) -> set[tuple[str, str]]:
    """Pairs adopting the same ISO/IEC work, computed independently of the engine's blocking and scoring."""
    works: dict[str, set[str]] = {}
    for c in chinese:
        for a in profile_record(c).adoptions:
            works.setdefault(a.key, set()).add(c.canonical)
    return {(f.canonical, c) for f in foreign for a in profile_record(f).adoptions for c in works.get(a.key, ())}


@pytest.mark.slow
def test_real_records_are_matched_without_errors() -> None:
    foreign, chinese, _ = real_inputs()
    assert len(foreign) > 500 and len(chinese) > 10000
    assert sum(1 for r in foreign if r.adoptions) > 20
    suggestions = real_run()
    assert suggestions, "real records must produce suggestions"


@pytest.mark.slow
def test_every_pair_adopting_the_same_standard_is_found_first() -> None:
    foreign, chinese, hand = real_inputs()
    expected = shared_work_pairs(foreign + hand, chinese)
    assert len(expected) >= 3  # the hand-written bridges at least
    found = {(s.foreign_id, s.chinese_id): s for s in real_run()}
    neq_pair = ("ГОСТ Р 99999-2025", "GB/T 8415-2026")  # 非等效 (NEQ) on the Chinese side: related at most
    for pair in expected - {neq_pair}:
        assert pair in found, pair
        assert found[pair].rank == 1 and found[pair].score >= 0.5, found[pair]
    assert neq_pair not in found or (found[neq_pair].relation == "related" and found[neq_pair].score < 0.6)
    # SANS keeps the number of the IEC standard it adopts: SANS 60143-1 ~ IEC 60143-1 ~ GB/T 6115.1-2026
    sans = found[("SANS 60143-1:2016", "GB/T 6115.1-2026")]
    assert sans.rank == 1 and sans.score >= 0.6


@pytest.mark.slow
def test_confident_suggestions_between_real_records_are_explained() -> None:
    """Precision check on the real records: a score >= 0.6 needs a shared adoption or a strong title match."""
    for s in real_run():
        if s.score < 0.6:
            continue
        adoption = s.evidence.get("adoption") or {}
        title = s.evidence.get("title") or {}
        assert adoption.get("shared") or (title.get("comparable") and title["similarity"] >= 0.8), s


@pytest.mark.slow
def test_russian_records_against_chinese_list_titles_are_not_compared() -> None:
    russian = [s for s in real_run() if s.foreign_id.startswith("ГОСТ") and s.chinese_id.startswith("GB")]
    for s in russian:
        if "zh" in s.evidence["title"].get("reason", ""):
            assert s.evidence["title"]["comparable"] is False
