"""ISO Open Data deliverables rows become international records."""

from __future__ import annotations

import pytest
from conftest import shared_path

from standards_lib.scrapers import get_source, iso
from standards_lib.scrapers.base import Quarantined


def test_iso_open_data_rows() -> None:
    folder = shared_path("international", "iso-open-data")
    module = get_source("iso")
    items = list(module.extract(module.discover(folder)))
    assert not any(isinstance(i, Quarantined) for i in items)
    found = {i.canonical: i for i in items}
    qms = found["ISO 9001:2015"]
    assert (qms.country, qms.body, qms.kind, qms.status) == ("INT", "ISO", "international", "current")
    assert qms.ics == ["03.120.10", "03.100.70"] and qms.published == "2015-09-22"
    assert (
        qms.source_url == "https://www.iso.org/standard/62085.html" and qms.extra["ownerCommittee"] == "ISO/TC 176/SC 2"
    )
    assert found["ISO/IEC 19566-7:2022/Amd 1:2025"].amendments == ["Amd 1:2025"]


@pytest.mark.parametrize(
    "stage, status", [(6060, "current"), (9092, "current"), (9599, "withdrawn"), (4020, "draft"), (None, None)]
)
def test_stage_codes_map_to_statuses(stage, status) -> None:
    assert iso.stage_status(stage) == status


def test_bad_rows_are_quarantined() -> None:
    # Hand-written input (not real data).
    items = list(iso.parse_rows(b'{"reference": "ISO 9001:2015", "currentStage": 6060}\n{oops\n{"id": 1}\n', "h.jsonl"))
    assert items[0].canonical == "ISO 9001:2015"
    assert [(i.location, i.reason[:12]) for i in items[1:]] == [
        ("h.jsonl:2", "invalid JSON"),
        ("h.jsonl:3", "not an ISO d"),
    ]
