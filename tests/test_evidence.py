"""The evidence of a suggestion read as sentences and waterfall bars (standards_lib.publish.evidence).

Evidence objects are HAND-WRITTEN in the shape the matcher stores (matching/scoring.py), plus keys the
matcher does not write yet (future cross-language signals) to prove they are shown, not dropped."""

from __future__ import annotations

import json
import math

import pytest

from standards_lib.publish.evidence import plain, read_evidence, sentence, waterfall, zero_position

MATCHER_EVIDENCE = {
    "adoption": {
        "chinese_ref": "IEC 60529:2013",
        "content": "modified or other edition",
        "degrees": {"chinese": "MOD", "foreign": "IDT"},
        "edition": "same edition",
        "foreign_ref": "IEC 60529:2013",
        "shared": True,
        "work": "IEC 60529",
    },
    "found_by": "adoption",
    "ics": {"level": "code", "shared": ["29.020"]},
    "logit": 9.3,
    "parts": {"agree": True, "chinese": "1", "foreign": "1"},
    "signals": {"adoption": 5.4, "ics": 0.8, "title": 7.1},
    "summary": "both adopt IEC 60529 (IDT/MOD, same edition); en titles 93% similar; ICS code shared (29.020)",
    "title": {
        "chinese": "Degrees of protection",
        "comparable": True,
        "foreign": "Degrees of protection (IP)",
        "language": "en",
        "similarity": 0.931,
    },
}


def test_matcher_evidence_reads_as_sentences() -> None:
    reading = read_evidence(MATCHER_EVIDENCE, foreign_country="IN")
    assert reading.sentences == (
        "both adopt IEC 60529 — Indian IDT, Chinese MOD, same edition",
        "same ICS code 29.020",
        "same part (1)",
        "title similarity 0.93 in English",
    )
    assert reading.found_by == "a shared adoption"
    assert reading.logit == 9.3 and math.isclose(reading.probability, 1 / (1 + math.exp(-9.3)))
    assert json.loads(reading.raw) == MATCHER_EVIDENCE


def test_json_text_is_read_like_the_dict() -> None:
    assert (
        read_evidence(json.dumps(MATCHER_EVIDENCE), foreign_country="IN").sentences
        == read_evidence(MATCHER_EVIDENCE, foreign_country="IN").sentences
    )


def test_different_editions_name_both_references() -> None:
    adoption = {
        **MATCHER_EVIDENCE["adoption"],
        "foreign_ref": "IEC 61851-1:2017",
        "chinese_ref": "IEC 61851-1:2010",
        "work": "IEC 61851-1",
        "edition": "different editions of the same work",
        "degrees": {"foreign": "IDT", "chinese": "MOD"},
    }
    assert sentence("adoption", adoption, "BR") == (
        "both adopt IEC 61851-1 — Brazilian IDT, Chinese MOD, different editions of the same work "
        "(IEC 61851-1:2017 / IEC 61851-1:2010)"
    )


@pytest.mark.parametrize(
    "key, value, expected",
    [
        (
            "adoption",
            {"shared": False, "foreign": ["ISO 1"], "chinese": ["IEC 2"]},
            "they adopt different international standards (ISO 1 / IEC 2)",
        ),
        (
            "title",
            {"comparable": False, "reason": "zh vs ru, no shared language"},
            "titles not comparable (zh vs ru, no shared language)",
        ),
        ("ics", {"level": "group", "shared": ["25.040"]}, "same ICS group 25.040"),
        ("ics", {"level": "none", "shared": []}, "no ICS class in common"),
        (
            "parts",
            {"agree": False, "foreign": "1", "chinese": "2", "note": "different parts: not the same standard"},
            "different parts (1 vs 2): not the same standard",
        ),
        (
            "status",
            {"chinese": "withdrawn", "note": "the Chinese standard is no longer current"},
            "the Chinese standard is withdrawn: the Chinese standard is no longer current",
        ),
        (
            "number_hint",
            "SANS 9001 carries the number of ISO 9001, which GB/T 19001 adopts",
            "SANS 9001 carries the number of ISO 9001, which GB/T 19001 adopts",
        ),
        (
            "crosslang_title",
            {"similarity": 0.82, "via": "glossary", "languages": ["ru", "zh"]},
            "title similarity across languages 0.82 through the glossary (Russian → Chinese)",
        ),
        (
            "chain",
            ["ГОСТ 14254-2015", "IEC 60529:2013", "GB/T 4208-2017"],
            "chain of adoptions: ГОСТ 14254-2015 → IEC 60529:2013 → GB/T 4208-2017",
        ),
    ],
)
def test_each_known_signal_has_its_sentence(key: str, value: object, expected: str) -> None:
    assert sentence(key, value, "RU") == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ({"score": 0.5, "method": "glossary"}, "semantic match: score 0.50, method glossary"),
        (["a", "b"], "semantic match: a, b"),
        (3, "semantic match: 3"),
        ("close", "semantic match: close"),
        ({"nested": {"deep": {"deeper": {"deepest": 1}}}}, "semantic match: nested deep deeper …"),
    ],
)
def test_unknown_keys_are_shown_generically(value: object, expected: str) -> None:
    assert read_evidence({"semantic_match": value}).sentences == (expected,)


def test_unexpected_shapes_of_known_keys_do_not_crash() -> None:
    reading = read_evidence(
        {
            "adoption": "IEC 1",
            "title": ["x"],
            "ics": 5,
            "parts": None,
            "crosslang_title": "x",
            "signals": {"adoption": "strong", "crosslang_title": 1.5},
            "logit": "high",
        }
    )
    assert reading.sentences == ("adoption: IEC 1", "title: x", "ics: 5", "title across languages: x")
    assert [b.key for b in reading.bars] == ["prior", "crosslang_title"] and reading.logit is None


def test_empty_or_broken_evidence_reads_as_nothing_or_a_note() -> None:
    assert read_evidence(None).sentences == () and read_evidence({}).bars == ()
    assert read_evidence("not json").sentences == ("not json",)
    assert read_evidence({"summary": "only a summary"}).sentences == ("only a summary",)


def test_waterfall_walks_from_the_prior_through_each_signal() -> None:
    bars = waterfall({"adoption": 5.4, "part": -3.0, "title": 2.0}, logit=0.4)
    assert [(b.key, b.contribution, b.start, b.end) for b in bars] == [
        ("prior", -4.0, 0.0, -4.0),
        ("adoption", 5.4, -4.0, 1.4),
        ("part", -3.0, 1.4, -1.6),
        ("title", 2.0, -1.6, 0.4),
    ]
    # the scale runs from the lowest (-4.0) to the highest (1.4) point
    assert bars[0].x == 0.0 and bars[0].width == pytest.approx(74.07, abs=0.01)
    assert bars[1].x == 0.0 and bars[1].width == 100.0
    assert [b.positive for b in bars] == [False, True, False, True]
    assert zero_position(bars) == pytest.approx(74.07, abs=0.01)
    assert [b.label for b in bars] == [
        "prior 基准",
        "shared adoption 共同采标",
        "parts 部分",
        "title similarity 标题相似",
    ]


def test_plain_text_of_values() -> None:
    assert plain({"a": 0.123, "b": None, "c": [1, True]}) == "a 0.12, c 1, yes"
    assert plain(list(range(12))) == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9 …"


def test_a_chain_through_the_hub_and_a_title_across_languages_read_as_sentences() -> None:
    reading = read_evidence(
        {
            "adoption": {
                "shared": True,
                "work": "ISO 606",
                "degrees": {"foreign": "IDT", "chinese": "unknown"},
                "edition": "different editions of the same work",
                "foreign_ref": "ISO 606:2004",
                "chinese_ref": "ISO 606:2015",
                "chain": "IS 2403:2014 —IDT→ ISO 606:2004 ≈ ISO 606:2015 ←inferred 0.92— GB/T 1243-2024",
            },
            "title": {
                "comparable": True,
                "language": "across languages",
                "similarity": 0.947,
                "languages": "en/zh",
                "foreign_rendered": "short pitch chain",
                "chinese_rendered": "chain short pitch",
            },
            "features": {"adoption_shared": 0.92},
            "model": "equivalence-logistic",
            "signals": {"adoption_shared": 4.3},
            "logit": 1.2,
        },
        foreign_country="IN",
    )
    text = " | ".join(reading.sentences)
    assert "Through the international catalogue: IS 2403:2014 —IDT→ ISO 606:2004 ≈ ISO 606:2015 ←inferred 0.92" in text
    assert "title similarity 0.95 across languages (English and Chinese" in text
    assert "“short pitch chain” / “chain short pitch”" in text
    assert "features" not in text and "equivalence-logistic" not in text  # drawn as bars / kept in the raw data
