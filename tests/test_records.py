"""The shared record schema and its JSON Lines interchange form."""

from __future__ import annotations

import io
import json

import pytest

from standards_lib import Adoption, RecordError, StandardRecord, read_jsonl, record_from_dict, write_jsonl
from standards_lib.interchange import merge_adoptions, parse_date

ISSUE_EXAMPLE = {
    "designation": "GB/T 19001-2016",
    "title": "质量管理体系 要求",
    "title_lang": "zh",
    "title_en": "Quality management systems—Requirements",
    "status": "current",
    "ics": ["03.120.10"],
    "adoptions": [{"ref": "ISO 9001:2015", "degree": "IDT"}],
    "published": "2016-12-30",
    "source_url": "https://example.org/gbt19001",
}


def test_issue_input_form_is_accepted_and_inferred() -> None:
    record = record_from_dict(ISSUE_EXAMPLE, source="test")
    assert record.canonical == "GB/T 19001-2016"
    assert record.country == "CN"
    assert record.body == "SAC"
    assert record.number == "19001"
    assert record.year == 2016
    assert record.titles == {"zh": "质量管理体系 要求", "en": "Quality management systems—Requirements"}
    assert record.status == "current"
    assert record.ics == ["03.120.10"]
    assert record.adoptions == [Adoption("ISO 9001:2015", "IDT", "metadata")]
    assert record.published == "2016-12-30"
    assert record.source == "test"


def test_adoption_written_in_designation_is_inferred() -> None:
    record = record_from_dict(
        {"designation": "IS/ISO 9001 : 2015", "title": "Quality management systems", "title_lang": "en"}
    )
    assert record.country == "IN"
    assert [a.ref for a in record.adoptions] == ["ISO 9001:2015"]
    assert record.adoptions[0].degree == "IDT"
    assert record.adoptions[0].evidence == "designation"


def test_metadata_degree_overrides_designation_degree() -> None:
    record = record_from_dict(
        {"designation": "ГОСТ Р ИСО 9001-2015", "adoptions": [{"ref": "ISO 9001:2015", "degree": "модифицированный"}]}
    )
    assert record.adoptions == [Adoption("ISO 9001:2015", "MOD", "metadata")]


def test_source_status_words_map_and_raw_word_is_kept() -> None:
    record = record_from_dict({"designation": "GB 4943.1-2022", "status": "现行"})
    assert (record.status, record.status_raw) == ("current", "现行")


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "designation"),
        ({"designation": "   "}, "designation"),
        ({"designation": "GB/T 19001-2016", "status": "vivo"}, "status"),
        ({"designation": "GB/T 19001-2016", "ics": ["3.120"]}, "ics"),
        ({"designation": "GB/T 19001-2016", "ccs": ["A0"]}, "ccs"),
        ({"designation": "GB/T 19001-2016", "published": "30/12/2016"}, "published"),
        ({"designation": "GB/T 19001-2016", "published": "2016-02-30"}, "published"),
        ({"designation": "GB/T 19001-2016", "adoptions": [{"degree": "IDT"}]}, "adoptions"),
        ({"designation": "GB/T 19001-2016", "adoptions": [{"ref": "ISO 1", "degree": "maybe"}]}, "adoptions"),
        ({"designation": "GB/T 19001-2016", "title": "x", "title_lang": "chinese"}, "language code"),
        ({"designation": "GB/T 19001-2016", "colour": "red"}, "colour"),
        ({"designation": "no such standard at all"}, "designation"),
    ],
)
def test_bad_records_raise_naming_the_field(data: dict, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        record_from_dict(data)


def test_output_form_round_trips() -> None:
    record = record_from_dict(ISSUE_EXAMPLE, source="test", location="x.jsonl:1")
    again = record_from_dict(json.loads(record.to_json()))
    assert again == record


def test_jsonl_read_write_quarantines_bad_lines() -> None:
    good = record_from_dict(ISSUE_EXAMPLE, source="jsonl")
    buffer = io.StringIO()
    assert write_jsonl([good], buffer) == 1
    text = (
        buffer.getvalue() + "{not json\n\n" + json.dumps({"designation": "GB/T 1-2000", "status": "?!"}) + "\n[1, 2]\n"
    )
    items = list(read_jsonl(text.splitlines(), name="in.jsonl"))
    first = items[0][0]
    assert first is not None and first.location == "in.jsonl:1"
    first.location = good.location
    assert first == good
    assert items[1][0] is None and items[1][2] == "in.jsonl:2" and "invalid JSON" in items[1][1]
    assert items[2][0] is None and items[2][2] == "in.jsonl:4" and "status" in items[2][1]
    assert items[3][0] is None and items[3][2] == "in.jsonl:5" and "JSON object" in items[3][1]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2016-12-30", "2016-12-30"),
        ("2016/1/5", "2016-01-05"),
        ("2016.12.30", "2016-12-30"),
        ("20161230", "2016-12-30"),
        ("2016-12-30 00:00:00", "2016-12-30"),
        ("2016年12月30日", "2016-12-30"),
        ("2016", "2016"),
        (None, None),
        ("", None),
    ],
)
def test_dates_normalise(value: str | None, expected: str | None) -> None:
    assert parse_date(value) == expected


def test_merge_adoptions_keeps_known_degree() -> None:
    merged = merge_adoptions(
        [Adoption("ISO 9001:2015", "IDT", "designation")], [Adoption("ISO 9001:2015", "unknown", "metadata")]
    )
    assert merged == [Adoption("ISO 9001:2015", "IDT", "designation")]


def test_record_is_a_dataclass_with_titles_per_language() -> None:
    record = record_from_dict(
        {"designation": "ABNT NBR 5410:2004", "titles": {"pt": "Instalações elétricas de baixa tensão"}}
    )
    assert isinstance(record, StandardRecord)
    assert record.country == "BR"
    assert record.title("en", "pt") == "Instalações elétricas de baixa tensão"
    assert record.title_en is None


def test_the_public_surface_is_small_and_complete() -> None:
    import standards_lib

    for name in standards_lib.__all__:
        assert getattr(standards_lib, name) is not None, name
    assert standards_lib.Catalog.__name__ == "Catalog"
    assert callable(standards_lib.suggest_equivalents)
