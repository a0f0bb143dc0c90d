"""Interchange JSON Lines in: round trip of real records and quarantine of bad lines with file:line."""

from __future__ import annotations

import json

from conftest import shared_path

from standards_lib.interchange import write_jsonl
from standards_lib.scrapers import get_source, jsonl, relaton
from standards_lib.scrapers.base import summarize


def _without_location(record):
    data = record.to_dict()
    data.pop("location")
    return data


def test_registered():
    assert get_source("jsonl") is jsonl


def test_round_trip_of_real_records(tmp_path):
    records = [r for r in relaton.extract([shared_path("russia", "relaton-data-gost-sample")])]
    path = tmp_path / "gost.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        assert write_jsonl(records, stream) == 11
    back = list(jsonl.extract([path]))
    assert [_without_location(r) for r in back] == [_without_location(r) for r in records]
    assert back[0].location == f"{path}:1"
    assert {r.source for r in back} == {"relaton"}  # a record keeps the source it was exported from
    assert list(jsonl.extract([tmp_path])) == back  # a directory is walked; re-import is identical


def test_bad_lines_are_quarantined_in_order_and_the_file_goes_on(tmp_path):
    # hand-written lines
    good = {"designation": "GB/T 19001-2016", "title": "质量管理体系 要求", "title_lang": "zh", "status": "现行"}
    lines = [
        json.dumps(good, ensure_ascii=False).encode(),
        b"[1, 2]",
        b"{not json",
        b"\xff\xfe broken bytes",
        b"",
        json.dumps({"designation": "IS 15700 : 2005", "status": "nonsense"}).encode(),
        json.dumps({"designation": "ГОСТ 1.0-2015", "colour": "red"}, ensure_ascii=False).encode(),
        json.dumps({"designation": "SANS 9001", "title_en": "Quality"}).encode(),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(jsonl.extract([path]))
    records, bad, summary = summarize("jsonl", items)
    assert (summary.records, summary.quarantined) == (2, 5)
    assert [i.location for i in items] == [f"{path}:{n}" for n in (1, 2, 3, 4, 6, 7, 8)]
    reasons = [q.reason for q in bad]
    assert reasons[0] == "a record must be a JSON object, not an array"
    assert reasons[1].startswith("invalid JSON")
    assert reasons[2].startswith("not UTF-8")
    assert "'nonsense'" in reasons[3]
    assert "colour" in reasons[4]
    assert records[0].source == "jsonl" and records[0].titles == {"zh": "质量管理体系 要求"}
    assert records[1].country == "ZA"


def test_discover(tmp_path):
    (tmp_path / "a.jsonl").write_text('\n{"designation": "GB/T 1.1-2020"}\n', encoding="utf-8")
    (tmp_path / "b.json").write_text("", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "other.jsonl").write_text('{"reference": "ISO 9001:2015"}\n', encoding="utf-8")  # another format
    assert jsonl.discover(tmp_path) == [tmp_path / "a.jsonl"]
    assert list(jsonl.extract([tmp_path / "empty.jsonl"])) == []  # an empty file has no records and no errors
