"""The shipped equivalence model file carries its rules and version; the famous ISO 9001 pair comes out equivalent.

The records below are hand-written (Rosstandart and samr style), not read from ../shared/data.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from standards_lib.catalog import Catalog
from standards_lib.catalog_matching import match_catalog
from standards_lib.errors import MatchError
from standards_lib.interchange import record_from_dict
from standards_lib.matching.equivalence.features import FEATURES
from standards_lib.matching.equivalence.hub_pairs import series_of, split_key
from standards_lib.matching.equivalence.model import (
    MODEL_FORMAT,
    EquivalenceModel,
    ScoringRules,
    bundled_equivalence_model,
)

MODEL_FILE = Path(__file__).resolve().parent.parent / "standards_lib" / "data" / "equivalence_model.json"


def test_the_shipped_model_file_carries_its_rules_version_and_how_it_was_fitted() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["format"] == MODEL_FORMAT
    assert data["version"] and data["version"] != "equivalence-logistic"  # the model fitted on hand-written pairs
    assert set(data["rules"]) == set(ScoringRules.names())
    assert all(0.0 <= v <= 1.0 for v in data["rules"].values())
    assert data["features"] == list(FEATURES)
    fitted = data["fitted"]
    assert fitted["half"] == "tune" and "series" in fitted["split"]
    assert fitted["positives"] >= 100, "fitted on real pairs through the hub, not a handful of hand-written ones"
    model = bundled_equivalence_model()
    assert asdict(model.rules) == data["rules"]
    assert EquivalenceModel.from_json(model.to_json()).to_dict() == model.to_dict()


def test_a_model_file_without_rules_is_refused_with_its_name() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    del data["rules"]
    with pytest.raises(MatchError, match="old.json.*no rules"):
        EquivalenceModel.from_dict(data, origin="old.json")
    data["rules"] = {"part_conflict_cap": 0.3}
    with pytest.raises(MatchError, match="missing"):
        EquivalenceModel.from_dict(data, origin="old.json")
    del data["format"]
    with pytest.raises(MatchError, match="not an equivalence model file"):
        EquivalenceModel.from_dict(data, origin="old.json")


def test_rules_are_overridden_by_name_and_unknown_ones_are_named() -> None:
    rules = bundled_equivalence_model().rules
    assert rules.overridden(part_conflict_cap=0.1).part_conflict_cap == 0.1
    with pytest.raises(MatchError, match="unknown matching option.*part_cap"):
        rules.overridden(part_cap=0.1)


def test_the_split_is_by_international_series() -> None:
    assert series_of("ISO|IEC|60947-5-1") == series_of("ISO|IEC|60947-5-2") == "ISO|IEC|60947"
    assert split_key(series_of("ISO|IEC|60947-5-1")) == split_key(series_of("ISO|IEC|60947-1"))
    assert {split_key(f"ISO|IEC|{n}") for n in range(9000, 9040)} == {"tune", "heldout"}


RECORDS = [
    {  # Rosstandart style: the adoption is written in the designation
        "designation": "ГОСТ Р ИСО 9001-2015",
        "titles": {"ru": "Системы менеджмента качества. Требования"},
        "ics": ["03.120.10"],
        "status": "действует",
    },
    {  # a bulk Chinese list: no adoption data, Chinese title only
        "designation": "GB/T 19001-2016",
        "titles": {"zh": "质量管理体系 要求"},
        "ics": ["03.120.10"],
        "status": "现行",
    },
    {
        "designation": "ISO 9001:2015",
        "titles": {"en": "Quality management systems — Requirements"},
        "ics": ["03.120.10"],
    },
    {
        "designation": "ISO 9000:2015",
        "titles": {"en": "Quality management systems — Fundamentals and vocabulary"},
        "ics": ["01.040.03", "03.120.10"],
    },
]


def test_gost_r_iso_9001_and_gb_t_19001_are_equivalent_not_related(tmp_path: Path) -> None:
    records = [record_from_dict(r) for r in RECORDS]
    with Catalog(tmp_path / "catalog.db") as catalog:
        catalog.upsert_records(records, source="hand-written")
        match_catalog(catalog)
        rows = catalog.db.execute(
            "select chinese_id, rank, score, relation, evidence from suggestions where foreign_id = ?",
            ["ГОСТ Р ИСО 9001-2015"],
        ).fetchall()
    assert rows, "no suggestion for ГОСТ Р ИСО 9001-2015"
    chinese, rank, score, relation, evidence = rows[0]
    assert (chinese, rank) == ("GB/T 19001-2016", 1)
    assert relation in ("identical", "equivalent"), (score, relation, evidence)
    assert score >= bundled_equivalence_model().rules.equivalent_min_score, (score, evidence)
    assert json.loads(evidence)["adoption"]["work"] == "ISO 9001"


def test_hub_pairs_label_through_the_work_with_hard_negatives_and_halves() -> None:
    from standards_lib.matching.adoption.links import AdoptionLink
    from standards_lib.matching.equivalence.hub_pairs import hub_pairs

    foreign = [
        record_from_dict(
            {"designation": "ГОСТ Р МЭК 60904-7-2013", "titles": {"ru": "Приборы фотоэлектрические. Часть 7"}}
        ),
        record_from_dict(
            {"designation": "ГОСТ Р 50000-2000", "titles": {"ru": "Национальный стандарт"}}
        ),  # no adoption
    ]
    chinese = [
        record_from_dict({"designation": "GB/T 6495.7-2006", "titles": {"zh": "光伏器件 第7部分：光谱失配误差的计算"}}),
        record_from_dict({"designation": "GB/T 6495.8-2002", "titles": {"zh": "光伏器件 第8部分：光谱响应的测量"}}),
        record_from_dict({"designation": "GB/T 1-2020", "titles": {"zh": "标准化工作导则"}}),
    ]
    pairs = hub_pairs(
        foreign,
        chinese,
        confirmed={"GB/T 6495.7-2006": "IEC 60904-7", "GB/T 1-2020": None},
        links={"GB/T 6495.8-2002": [AdoptionLink("IEC 60904-8", 0.9, "inferred", None)]},
    )
    assert pairs.right == {("ГОСТ Р МЭК 60904-7-2013", "GB/T 6495.7-2006"): "confirmed"}
    assert pairs.wrong == {("ГОСТ Р МЭК 60904-7-2013", "GB/T 6495.8-2002"): "other part of the series"}
    assert set(pairs.foreign_work) == {"ГОСТ Р МЭК 60904-7-2013"}  # a national original labels nothing
    half = split_key("ISO|IEC|60904")
    assert set(pairs.half.values()) == {half}
    assert pairs.half_of(("ГОСТ Р МЭК 60904-7-2013", "GB/T 1-2020")) in (half, None)
