"""The evidence of a suggestion read as bilingual sentences and waterfall bars (standards_lib.publish.evidence).

Evidence objects are HAND-WRITTEN in the two shapes the engines store: the equivalence matcher's
(matching/scoring.py: ``signals`` as numbers, ``logit``) and the adoption inference's (matching/inference.py:
``signals`` as ``{"value", "contribution"}``, ``intercept``, stems, runner-up, version). Both are read by one
code path; no internal key or stem reaches a sentence or a chart label."""

from __future__ import annotations

import json
import math
import re

import pytest

from standards_lib.publish.evidence import normalise, read_evidence, waterfall, zero_position
from standards_lib.publish.evidence_labels import SIGNAL_LABELS, relation_label, signal_label
from standards_lib.publish.title_words import matched_words

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
    "features": {"adoption_shared": 1.0, "ics_code": 1.0, "title_similarity": 0.93},
    "found_by": "adoption",
    "ics": {"level": "code", "shared": ["29.020"]},
    "logit": 9.3,
    "model": "equivalence-logistic",
    "parts": {"agree": True, "chinese": "1", "foreign": "1"},
    "signals": {"adoption_shared": 5.4, "ics_code": 0.8, "title_similarity": 7.1},
    "summary": "both adopt IEC 60529 (IDT/MOD, same edition); en titles 93% similar; ICS code shared (29.020)",
    "title": {
        "chinese": "Degrees of protection",
        "comparable": True,
        "foreign": "Degrees of protection (IP)",
        "language": "en",
        "similarity": 0.931,
    },
}

# As matching/inference.py evidence_of() writes it (values rounded like it does).
INFERENCE_EVIDENCE = {
    "signals": {
        "cover_national": {"value": 0.9, "contribution": 3.1},
        "title": {"value": 0.8, "contribution": 2.4},
        "margin": {"value": 0.4, "contribution": 1.2},
        "part_conflict": {"value": 0.0, "contribution": 0.0},
        "edition_gap": {"value": 2.0, "contribution": -0.3},
    },
    "intercept": -6.43,
    "title": "transmiss precis roller bush chain",
    "international_title": "Short-pitch transmission precision roller and bush chains, attachments and "
    "associated chain sprockets",
    "candidates": 25,
    "runner_up": {"work": "ISO 1275", "score": 0.1234},
    "version": "adoption-inference-1.0",
    "pair_probability": 0.8,
}
CHINESE_TITLE = "传动用短节距精密滚子链、套筒链、附件和链轮"
INTERNAL = ("intercept", "candidates", "pair probability", "pair_probability", "version", "adoption-inference")
STEMS = re.compile(r"\b(transmiss|precis|associ|attach)\b")


def test_matcher_evidence_reads_as_bilingual_sentences() -> None:
    reading = read_evidence(MATCHER_EVIDENCE, foreign_country="IN")
    assert reading.sentences == (
        "两者均采用 both adopt IEC 60529 — 印度 Indian 等同 IDT, 中国 Chinese 修改 MOD; 同一版本 same edition",
        "标题相似度 title similarity 0.93 (英文 English)",
        "部分号相同 same part (1)",
        "ICS 分类号相同 same ICS code 29.020",
    )
    assert reading.found_by == "共同采标 a shared adoption"
    assert reading.logit == 9.3 and math.isclose(reading.probability or 0, 1 / (1 + math.exp(-9.3)))
    assert json.loads(reading.raw) == MATCHER_EVIDENCE
    assert "features" not in reading.text and "equivalence-logistic" not in reading.text


def test_inference_evidence_has_the_same_shape_and_no_internals() -> None:
    shaped = normalise(INFERENCE_EVIDENCE)
    assert shaped.prior == -6.43
    assert shaped.contributions == {"cover_national": 3.1, "title": 2.4, "margin": 1.2, "edition_gap": -0.3}
    assert shaped.logit == pytest.approx(-6.43 + 3.1 + 2.4 + 1.2 - 0.3)
    reading = read_evidence(INFERENCE_EVIDENCE, foreign_country="CN", titles=(CHINESE_TITLE, None))
    # the chart shows every signal, not only the prior
    assert [b.key for b in reading.bars] == ["prior", "cover_national", "title", "margin", "edition_gap"]
    assert [b.label for b in reading.bars][:3] == [
        "基准 prior",
        SIGNAL_LABELS["cover_national"],
        SIGNAL_LABELS["title"],
    ]
    text = reading.text
    for internal in INTERNAL:
        assert internal not in text, internal
    assert not STEMS.search(text)
    assert "滚子链 = roller" in text and "精密 = precision" in text  # the words that match, as written
    assert "次优候选 next best candidate: ISO 1275 (0.12)" in text


def test_json_text_is_read_like_the_dict() -> None:
    assert read_evidence(json.dumps(INFERENCE_EVIDENCE)).text == read_evidence(INFERENCE_EVIDENCE).text


def test_unknown_degrees_and_different_editions_say_so_in_both_languages() -> None:
    reading = read_evidence(
        {
            "adoption": {
                "shared": True,
                "work": "ISO 8124-7",
                "degrees": {"foreign": "unknown", "chinese": None},
                "edition": "different editions of the same work",
                "foreign_ref": "ISO 8124-7:2015",
                "chinese_ref": "ISO 8124-7:2012",
            }
        },
        foreign_country="IN",
    )
    assert reading.sentences == (
        "两者均采用 both adopt ISO 8124-7 — 印度 Indian 程度未注明 degree not stated, 中国 Chinese 程度未注明 degree "
        "not stated; 同一标准的不同版本 different editions of the same work (ISO 8124-7:2015 / ISO 8124-7:2012)",
    )
    assert "unknown" not in reading.text


def test_a_title_across_languages_names_matching_words_never_stems() -> None:
    reading = read_evidence(
        {
            "title": {
                "comparable": True,
                "language": "across languages",
                "similarity": 0.947,
                "languages": "en/zh",
                "foreign_rendered": "transmiss precis roller bush chain",
                "chinese_rendered": "roller chain bush transmiss",
            },
            "signals": {"crosslang_similarity": 2.0, "crosslang_near_identical": 1.1},
            "logit": 1.2,
        },
        foreign_country="IN",
        titles=("Short-pitch transmission precision roller and bush chains", CHINESE_TITLE),
    )
    assert reading.sentences[0].startswith("跨语言标题相似度 title similarity across languages 0.95")
    assert "滚子链 = roller" in reading.text and not STEMS.search(reading.text)
    assert [b.label for b in reading.bars] == [
        "基准 prior",
        SIGNAL_LABELS["crosslang_similarity"],
        SIGNAL_LABELS["crosslang_near_identical"],
    ]


def test_unknown_keys_stay_in_the_raw_data_and_unknown_signals_say_what_they_are() -> None:
    reading = read_evidence({"semantic_match": {"score": 0.5}, "signals": {"semantic_match": 0.7}, "logit": 0.2})
    assert reading.sentences == ()
    assert "semantic_match" in reading.raw
    assert reading.bars[1].label == "信号 signal: semantic match" == signal_label("semantic_match")


def test_unexpected_shapes_of_known_keys_do_not_crash() -> None:
    reading = read_evidence(
        {"adoption": "IEC 1", "title": ["x"], "ics": 5, "parts": None, "signals": {"a": "strong"}, "logit": "high"}
    )
    assert reading.sentences == () and reading.bars == () and reading.logit is None


def test_empty_or_broken_evidence_reads_as_nothing_or_a_note() -> None:
    assert read_evidence(None).sentences == () and read_evidence({}).bars == ()
    assert read_evidence("not json").sentences == ("not json",)
    assert read_evidence({"summary": "only a summary"}).sentences == ("only a summary",)
    assert read_evidence({"summary": "safeti toy swing slide"}).sentences == ()  # stems are not shown


def test_waterfall_walks_from_the_prior_through_each_signal_largest_first() -> None:
    bars = waterfall({"title_similarity": 2.0, "adoption_shared": 5.4, "part_conflict": -3.0}, prior=-4.0)
    assert [(b.key, b.contribution, b.start, b.end) for b in bars] == [
        ("prior", -4.0, 0.0, -4.0),
        ("adoption_shared", 5.4, -4.0, 1.4),
        ("part_conflict", -3.0, 1.4, -1.6),
        ("title_similarity", 2.0, -1.6, 0.4),
    ]
    assert bars[0].x == 0.0 and bars[0].width == pytest.approx(74.07, abs=0.01)
    assert bars[1].x == 0.0 and bars[1].width == 100.0
    assert [b.positive for b in bars] == [False, True, False, True]
    assert zero_position(bars) == pytest.approx(74.07, abs=0.01)


def test_every_signal_of_both_models_has_a_label_chinese_first() -> None:
    from standards_lib.matching.adoption.features import FEATURES as ADOPTION_FEATURES
    from standards_lib.matching.equivalence.features import FEATURES as EQUIVALENCE_FEATURES

    for key in (*EQUIVALENCE_FEATURES, *ADOPTION_FEATURES):
        label = SIGNAL_LABELS[key]
        assert "\u4e00" <= label[0] <= "\u9fff" or label.startswith("ICS"), label


@pytest.mark.parametrize(
    "relation, score, expected",
    [
        ("equivalent", 0.39, "待核实候选 candidate to check"),
        ("equivalent", 0.49, "待核实候选 candidate to check"),
        ("equivalent", 0.6, "可能等效 probably equivalent"),
        ("identical", 0.95, "相同 identical"),
        ("related", 0.8, "相关 related"),
        ("related", None, "相关 related"),
    ],
)
def test_the_relation_label_agrees_with_the_score_band(relation: str, score: float | None, expected: str) -> None:
    assert relation_label(relation, score) == expected


def test_matched_words_between_a_chinese_and_an_english_title() -> None:
    words = matched_words(CHINESE_TITLE, INFERENCE_EVIDENCE["international_title"])  # type: ignore[arg-type]
    assert ("传动", "transmission") in words.pairs and words.total >= len(words.pairs) >= 6
