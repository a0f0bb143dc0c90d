"""evaluate_suggestions, read_gold_pairs and calibration_table on hand-written pairs."""

from __future__ import annotations

import pytest

from standards_lib.errors import MatchError
from standards_lib.matching import Suggestion, calibration_table, evaluate_suggestions, read_gold_pairs

GOLD_LINES = [
    "foreign,chinese",
    "IS/ISO 9001:2015,GB/T 19001—2016",  # an em dash: compared in canonical form
    "SANS 14001:2015,GB/T 24001-2016",
    "IS 15700:2005,",  # no Chinese equivalent
]


def s(foreign: str, chinese: str, score: float, rank: int = 1) -> Suggestion:
    return Suggestion(foreign, chinese, rank, score, "equivalent", {})


def test_read_gold_pairs_canonicalises_and_keeps_unpaired_foreign_standards() -> None:
    gold = read_gold_pairs(GOLD_LINES)
    assert gold.pairs == {("IS/ISO 9001:2015", "GB/T 19001-2016"), ("SANS 14001:2015", "GB/T 24001-2016")}
    assert gold.foreign == {"IS/ISO 9001:2015", "SANS 14001:2015", "IS 15700:2005"}


def test_precision_recall_f1_per_threshold_with_missed_and_wrong_pairs() -> None:
    suggestions = [
        s("IS/ISO 9001:2015", "GB/T 19001-2016", 0.97),
        s("IS/ISO 9001:2015", "GB/T 19000-2016", 0.40, rank=2),
        s("SANS 14001:2015", "GB/T 24001-2016", 0.55),
        s("IS 15700:2005", "GB/T 19001-2016", 0.65),
        s("IS 99999:2020", "GB/T 1-2020", 0.99),  # not in the gold set: ignored
    ]
    report = evaluate_suggestions(suggestions, read_gold_pairs(GOLD_LINES), thresholds=(0.35, 0.6, 0.9))
    low, mid, high = report.at(0.35), report.at(0.6), report.at(0.9)
    assert (low.suggested, low.correct, low.precision, low.recall) == (4, 2, 0.5, 1.0)
    assert (mid.suggested, mid.correct, mid.precision, mid.recall) == (2, 1, 0.5, 0.5)
    assert (high.suggested, high.correct, high.precision, high.recall) == (1, 1, 1.0, 0.5)
    assert mid.f1 == 0.5
    assert report.missed == [("SANS 14001:2015", "GB/T 24001-2016")]
    assert report.wrong == [("IS 15700:2005", "GB/T 19001-2016", 0.65)]
    with pytest.raises(MatchError, match="not evaluated"):
        report.at(0.42)


def test_catalogue_rows_are_accepted_like_suggestions() -> None:
    rows = [{"foreign_id": "IS/ISO 9001:2015", "chinese_id": "GB/T 19001-2016", "score": 0.9}]
    report = evaluate_suggestions(rows, read_gold_pairs(GOLD_LINES))
    assert report.at(0.6).correct == 1 and report.gold_pairs == 2 and report.gold_foreign == 3


def test_calibration_table_counts_per_band() -> None:
    suggestions = [s("IS/ISO 9001:2015", "GB/T 19001-2016", 0.97), s("IS 15700:2005", "GB/T 19001-2016", 0.95)]
    rows = {row["band"]: row for row in calibration_table(suggestions, read_gold_pairs(GOLD_LINES))}
    assert rows["[0.90, 1.00]"] == {"band": "[0.90, 1.00]", "suggestions": 2, "correct": 1, "precision": 0.5}
    assert rows["[0.00, 0.35)"]["precision"] is None


@pytest.mark.parametrize(
    "lines, message",
    [
        (["foreign;chinese", "a;b"], "needs a header"),
        (["foreign,chinese", ",GB/T 1-2020"], "line 2: the 'foreign' cell is empty"),
    ],
)
def test_malformed_gold_files_are_rejected_with_the_line(lines: list[str], message: str) -> None:
    with pytest.raises(MatchError, match=message):
        read_gold_pairs(lines)


def test_missing_gold_file_and_empty_gold_set(tmp_path) -> None:
    with pytest.raises(MatchError, match="cannot read gold file"):
        read_gold_pairs(tmp_path / "absent.csv")
    with pytest.raises(MatchError, match="empty"):
        evaluate_suggestions([], read_gold_pairs(["foreign,chinese"]))
