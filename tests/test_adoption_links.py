"""Declared dated references resolve: the edition of that year, else the base edition amended (or consolidated)
that year, else the work only (hand-written records shaped like the relaton-intl ones; the real IEC 60529)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_path

from standards_lib import record_from_dict
from standards_lib.catalog import Catalog

IEC_60529_1989 = {
    "designation": "IEC 60529:1989",
    "titles": {"en": "Degrees of protection provided by enclosures (IP Code)"},
    "extra": {
        "amendments": [
            {"designation": "IEC 60529:1989/Amd 1:1999", "type": "amendment", "date": "1999-11", "status": None},
            {"designation": "IEC 60529:1989/Amd 2:2013", "type": "amendment", "date": "2013-08", "status": None},
        ],
        "versions": [{"designation": "IEC 60529:1989+AMD1:1999+AMD2:2013 CSV", "type": "csv", "date": "2013-08"}],
    },
}
INTERNATIONAL = [
    {"designation": "IEC 60529:1976", "titles": {"en": "Classification of degrees of protection"}},
    IEC_60529_1989,
    {"designation": "IEC/IEEE 82079-1:2019", "titles": {"en": "Preparation of information for use"}},
    {"designation": "ISO 9001:2015", "titles": {"en": "Quality management systems — Requirements"}},
]
NATIONAL = [
    {"designation": "ГОСТ 14254-2015 (IEC 60529:2013)", "titles": {"ru": "Степени защиты, обеспечиваемые оболочками"}},
    {"designation": "GB/T 4208-2017", "adoptions": [{"ref": "IEC 60529:1999", "degree": "IDT"}]},
    {"designation": "GB/T 99999-2020", "adoptions": [{"ref": "IEC 82079-1:2019", "degree": "IDT"}]},
    {"designation": "GB/T 19001-2009", "adoptions": [{"ref": "ISO 9001:2008", "degree": "IDT"}]},
    {"designation": "GB/T 4208-1993", "adoptions": [{"ref": "IEC 60529:1980", "degree": "IDT"}]},
]


def make(tmp_path: Path) -> Catalog:
    catalog = Catalog(tmp_path / "links.db")
    rows = [record_from_dict(r, source="jsonl") for r in INTERNATIONAL + NATIONAL]
    catalog.upsert_records(rows, source="jsonl", run_id=catalog.start_run("load", []))
    return catalog


def test_dated_references_resolve_in_order(tmp_path: Path) -> None:
    with make(tmp_path) as catalog:
        counts = catalog.link_adoptions()
        links = {(r["standard_id"], r["ref"]): r["international_id"] for r in catalog.db["adoptions"].rows}
    # 2013 is the year of Amendment 2 and of consolidated version 2.2 of IEC 60529:1989
    assert links[("ГОСТ 14254-2015", "IEC 60529:2013")] == "IEC 60529:1989"
    assert links[("GB/T 4208-2017", "IEC 60529:1999")] == "IEC 60529:1989"  # Amendment 1
    assert links[("GB/T 99999-2020", "IEC 82079-1:2019")] == "IEC/IEEE 82079-1:2019"  # the joint designation
    assert links[("GB/T 19001-2009", "ISO 9001:2008")] is None  # no edition, no supplement of 2008: work only
    assert links[("GB/T 4208-1993", "IEC 60529:1980")] is None  # 1980: neither an edition nor an amendment
    assert counts["amended_edition"] == 2 and counts["edition"] == 1 and counts["work_only"] == 2


@pytest.mark.slow
def test_real_iec_60529_consolidated_2013_links_to_the_1989_edition(tmp_path: Path) -> None:
    """The real IEC archive: IEC 60529's records as the reader gives them; ГОСТ 14254-2015 (IEC 60529:2013) links."""
    from standards_lib.scrapers import relaton_intl
    from standards_lib.scrapers.base import Quarantined

    archive = shared_path("international", "relaton-data-iec", "relaton-data-iec.tar.xz")
    records = [
        item
        for item in relaton_intl.extract([archive])
        if not isinstance(item, Quarantined) and item.number == "60529" and not item.parts
    ]
    assert {r.canonical for r in records} >= {"IEC 60529:1989"}
    gost = record_from_dict(NATIONAL[0], source="jsonl")
    with Catalog(tmp_path / "real.db") as catalog:
        catalog.upsert_records([*records, gost], source="jsonl", run_id=catalog.start_run("load", []))
        catalog.link_adoptions()
        (link,) = [r["international_id"] for r in catalog.db["adoptions"].rows if r["standard_id"] == gost.canonical]
    assert link == "IEC 60529:1989"
