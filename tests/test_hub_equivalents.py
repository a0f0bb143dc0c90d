"""Equivalents through the international hub, on hand-written records (facts about well-known standards,
written for these tests): a Chinese record with a Chinese title only and no adoption data is linked to the
ISO work it translates, and so paired with a foreign standard that declares that work; the committee's
decisions on inferred adoptions are respected by the next match."""

from __future__ import annotations

from pathlib import Path

import pytest

from standards_lib.catalog import Catalog
from standards_lib.catalog_matching import match_catalog
from standards_lib.interchange import record_from_dict

INTERNATIONAL = [
    {
        "designation": "ISO 606:2004",
        "titles": {
            "en": "Short-pitch transmission precision roller and bush chains, "
            "attachments and associated chain sprockets"
        },
        "status": "withdrawn",
        "published": "2004-03-01",
    },
    {
        "designation": "ISO 606:2015",
        "titles": {
            "en": "Short-pitch transmission precision roller and bush chains, "
            "attachments and associated chain sprockets"
        },
        "status": "current",
        "published": "2015-08-01",
    },
    {"designation": "ISO 10823:2004", "titles": {"en": "Guidance on the selection of roller chain drives"}},
    {"designation": "ISO 9001:2015", "titles": {"en": "Quality management systems — Requirements"}},
    {"designation": "IEC 60529:2013", "titles": {"en": "Degrees of protection provided by enclosures (IP Code)"}},
]
NATIONAL = [
    {"designation": "GB/T 1243-2006", "titles": {"zh": "传动用短节距精密滚子链、套筒链、附件和链轮"}, "status": "现行"},
    {"designation": "GB/T 14598.300-2017", "titles": {"zh": "变压器保护装置通用技术要求"}, "status": "现行"},
    {"designation": "IS 2403 : 2014/ISO 606 : 2004", "titles": {"en": "Transmission precision roller chains"}},
]


@pytest.fixture
def hub_db(tmp_path: Path) -> Path:
    path = tmp_path / "hub.db"
    with Catalog(path) as catalog:
        records = [
            record_from_dict({**r, "extra": {"hand_written": True}}, source="jsonl") for r in INTERNATIONAL + NATIONAL
        ]
        catalog.upsert_records(records, source="jsonl")
        catalog.link_adoptions()
    return path


def test_a_chinese_title_is_linked_to_the_work_it_translates_and_paired_through_it(hub_db: Path) -> None:
    with Catalog(hub_db) as catalog:
        summary = match_catalog(catalog)
        inferred = catalog.inferred_adoption("GB/T 1243-2006")
        assert inferred is not None and inferred["work"] == "ISO 606"
        assert inferred["international_id"] == "ISO 606:2004"  # the edition before the national standard
        assert inferred["score"] >= 0.7
        assert catalog.inferred_adoption("GB/T 14598.300-2017") is None  # China-specific: no adoption
        [best] = [s for s in catalog.suggestions_for("IS 2403:2014") if s["rank"] == 1]
    assert best["chinese_id"] == "GB/T 1243-2006"
    chain = best["evidence"]["adoption"]["chain"]
    assert chain.startswith("IS 2403:2014 —IDT→ ISO 606:2004 ←inferred 0.") or chain.startswith(
        "IS 2403:2014 —IDT→ ISO 606:2004 ←inferred 1."
    )
    assert chain.endswith("— GB/T 1243-2006")
    assert summary.adoption_inference["inferred"] >= 1 and summary.hub_links >= 1
    assert summary.by_country["IN"]["with_suggestion"] == 1


def test_a_rejected_inference_is_not_made_again_and_a_confirmed_one_holds(hub_db: Path) -> None:
    with Catalog(hub_db) as catalog:
        match_catalog(catalog)
        catalog.record_adoption_review("GB/T 1243-2006", "ISO 606", "rejected", "alice", note="not an adoption")
        match_catalog(catalog)
        assert catalog.inferred_adoption("GB/T 1243-2006") is None
        assert not [
            s
            for s in catalog.suggestions_for("IS 2403:2014")
            if s["chinese_id"] == "GB/T 1243-2006" and s["score"] >= 0.35
        ]
        catalog.record_adoption_review("GB/T 1243-2006", "ISO 606", "confirmed", "bob", note="foreword says IDT")
        match_catalog(catalog)
        [best] = [s for s in catalog.suggestions_for("IS 2403:2014") if s["rank"] == 1]
    assert best["chinese_id"] == "GB/T 1243-2006"
    assert "←confirmed— GB/T 1243-2006" in best["evidence"]["adoption"]["chain"]


def test_the_committee_reviews_an_inferred_adoption_from_the_command_line(hub_db: Path) -> None:
    from click.testing import CliRunner

    from standards_lib.cli.main import cli

    with Catalog(hub_db) as catalog:
        match_catalog(catalog)
    result = CliRunner().invoke(
        cli,
        [
            "review-adoption",
            "reject",
            "GB/T 1243-2006",
            "ISO 606",
            "--by",
            "alice",
            "--note",
            "not adopted",
            "--db",
            str(hub_db),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "rejected: GB/T 1243-2006 adopts ISO 606 by alice" in result.output
    with Catalog(hub_db) as catalog:
        [review] = catalog.adoption_reviews_for("GB/T 1243-2006")
        assert (review["work"], review["decision"], review["note"]) == ("ISO 606", "rejected", "not adopted")
    unknown = CliRunner().invoke(
        cli, ["review-adoption", "confirm", "GB/T 9-1999", "ISO 606", "--by", "alice", "--db", str(hub_db)]
    )
    assert unknown.exit_code == 1 and "review not stored" in unknown.output


def test_a_linked_chinese_part_is_numbered_as_the_international_work_it_adopts() -> None:
    """GB 6675.11 is 第11部分 in Chinese numbering but adopts ISO 8124-4: through the link, the parts agree."""
    from standards_lib.matching import suggest_equivalents
    from standards_lib.matching.adoption.links import AdoptionLink

    foreign = record_from_dict(
        {
            "designation": "IS 9873 (Part 4) : 2017/ISO 8124-4 : 2014",
            "titles": {"en": "Safety of toys Part 4 Swings, slides and similar activity toys"},
        }
    )
    chinese = record_from_dict(
        {
            "designation": "GB 6675.11-2014",
            "titles": {"zh": "玩具安全 第11部分：家用秋千、滑梯及类似用途室内、室外活动玩具"},
        }
    )
    links = {"GB 6675.11-2014": [AdoptionLink("ISO 8124-4", 0.97, "inferred", "ISO 8124-4:2014")]}
    [s] = suggest_equivalents([foreign], [chinese], links=links, min_score=0.0)
    assert s.evidence["parts"]["agree"] is True and "part_conflict" not in s.evidence["features"]
    assert s.score >= 0.5 and s.relation == "equivalent"
    [unlinked] = suggest_equivalents([foreign], [chinese], min_score=0.0) or [None]
    assert unlinked is None or unlinked.score < s.score
