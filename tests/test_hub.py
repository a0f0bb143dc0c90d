"""The international hub: declared adoptions linked to the international record of their edition, and the
inferred adoption of a standard shown next to its declared ones (hand-written records)."""

from __future__ import annotations

from pathlib import Path

from standards_lib import record_from_dict
from standards_lib.catalog import Catalog

INTERNATIONAL = [
    {
        "designation": "ISO 9001:2008",
        "titles": {"en": "Quality management systems — Requirements"},
        "status": "withdrawn",
    },
    {
        "designation": "ISO 9001:2015",
        "titles": {"en": "Quality management systems — Requirements"},
        "status": "current",
    },
    {"designation": "ISO 606:2015", "titles": {"en": "Short-pitch transmission precision roller and bush chains"}},
    {"designation": "IEC 60947-5-1:2016", "titles": {"en": "Low-voltage switchgear and controlgear — Part 5-1"}},
]
NATIONAL = [
    {
        "designation": "GB/T 19001-2016",
        "titles": {"zh": "质量管理体系 要求"},
        "adoptions": [{"ref": "ISO 9001:2015", "degree": "IDT"}],
    },
    {
        "designation": "ГОСТ Р ИСО 9001-2015",
        "titles": {"ru": "Системы менеджмента качества. Требования"},
    },  # undated ISO 9001
    {
        "designation": "IS 2403 : 2014/ISO 606 : 2004",
        "titles": {"en": "Transmission precision roller chains"},
    },  # 2004 absent
    {
        "designation": "IS/IEC 60529 : 2001",
        "titles": {"en": "Degrees of protection provided by enclosures"},
    },  # work absent
    {"designation": "GB/T 14048.5-2017", "titles": {"zh": "低压开关设备和控制设备 第5-1部分：控制电路电器和开关元件"}},
]


def make(tmp_path: Path) -> Catalog:
    catalog = Catalog(tmp_path / "hub.db")
    rows = [record_from_dict(r, source="jsonl") for r in INTERNATIONAL + NATIONAL]
    catalog.upsert_records(rows, source="jsonl", run_id=catalog.start_run("load", []))
    return catalog


def test_adoptions_point_at_the_international_edition_they_name(tmp_path: Path) -> None:
    with make(tmp_path) as catalog:
        counts = catalog.link_adoptions()
        links = {(r["standard_id"], r["ref"]): r["international_id"] for r in catalog.db["adoptions"].rows}
    assert links[("GB/T 19001-2016", "ISO 9001:2015")] == "ISO 9001:2015"
    assert links[("ГОСТ Р ИСО 9001-2015", "ISO 9001")] == "ISO 9001:2015"  # undated: the latest edition
    assert links[("IS 2403:2014", "ISO 606:2004")] is None  # that edition is not in the catalogue: no false link
    assert links[("IS/IEC 60529:2001", "IEC 60529:2001")] is None
    assert counts == {
        "adoptions": 4,
        "linked": 2,
        "edition": 1,
        "latest_edition": 1,
        "amended_edition": 0,
        "work_only": 1,
        "work_absent": 1,
    }


def test_the_inferred_adoption_is_listed_after_the_declared_ones(tmp_path: Path) -> None:
    with make(tmp_path) as catalog:
        catalog.link_adoptions()
        written = catalog.replace_adoption_suggestions(
            [
                {
                    "standard_id": "GB/T 14048.5-2017",
                    "work": "IEC 60947-5-1",
                    "international_id": "IEC 60947-5-1:2016",
                    "score": 0.93,
                    "evidence": {"signals": {"title": 2.1, "part": 1.4}},
                    "candidates": [{"work": "IEC 60947-5-2", "score": 0.08}],
                }
            ],
            model_version="test-model",
        )
        assert written == 1
        view = catalog.get("GB/T 14048.5-2017").to_dict()
        assert view["adoptions"] == [
            {
                "ref": "IEC 60947-5-1",
                "ref_work": "IEC 60947-5-1",
                "degree": "unknown",
                "evidence": "inferred",
                "decision": None,  # no committee decision yet
                "reviewer": None,
                "international_id": "IEC 60947-5-1:2016",
                "score": 0.93,
                "signals": {"signals": {"title": 2.1, "part": 1.4}},
                "model_version": "test-model",
            }
        ]
        assert view["adoption_candidates"] == [{"work": "IEC 60947-5-2", "score": 0.08}]
        declared = catalog.get("GB/T 19001-2016").to_dict()
        assert [a["evidence"] for a in declared["adoptions"]] == ["metadata"]
        # a re-match replaces the inferred adoptions
        catalog.replace_adoption_suggestions([], model_version="test-model")
        assert catalog.get("GB/T 14048.5-2017").to_dict()["adoptions"] == []
