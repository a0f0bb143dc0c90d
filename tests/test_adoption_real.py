"""Adoption inference on REAL records (skipped when ../shared/data is absent): csres titles against the ISO and
IEC works of a few series read from the Relaton archives by the relaton-intl importer."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from conftest import shared_path

from standards_lib.matching.adoption.inference import infer_adoptions
from standards_lib.matching.adoption.works import Hub
from standards_lib.records import StandardRecord

ARCHIVES = (
    ("international", "relaton-data-iso", "relaton-data-iso.tar.xz"),
    ("international", "relaton-data-iec", "relaton-data-iec.tar.xz"),
)
CSRES = ("china", "laokevincn-standard_scrapting", "standards_csres.csv")
#: The series read from the archives (chains, low-voltage switchgear, relays, transformers, EMC, fuses), and as
#: background for the title words' IDF, every work whose number ends in 7 (about a tenth of the catalogues).
SERIES = re.compile(r"^(?:iso|iec)[-_](?:(?:606|1275|487|60947|60255|60076|61000|60269)[-_.]|\d*7[-_.])")
EXPECTED = {
    "GB/T 1243-2006": "ISO 606",
    "GB/T 14048.5-2017": "IEC 60947-5-1",
    "GB/T 14048.10-2016": "IEC 60947-5-2",  # Chinese part 10 is the international part 5-2
    "GB/T 1094.1-2013": "IEC 60076-1",
    "GB/T 14598.300-2017": None,  # a Chinese device specification inside the IEC 60255 series
}


@lru_cache(maxsize=1)
def _hub() -> Hub:
    from standards_lib.scrapers import relaton_intl
    from standards_lib.scrapers.base import Quarantined

    paths = [shared_path(*a) for a in ARCHIVES]
    records = [
        r
        for r in relaton_intl.extract(paths, wanted=lambda name: bool(SERIES.search(name.rsplit("/", 1)[-1])))
        if not isinstance(r, Quarantined)
    ]
    return Hub(records)


@lru_cache(maxsize=1)
def _chinese() -> dict[str, StandardRecord]:
    from standards_lib.scrapers import csres
    from standards_lib.scrapers.base import Quarantined

    records = csres.extract([shared_path(*CSRES)])
    return {r.designation: r for r in records if not isinstance(r, Quarantined) and r.designation in EXPECTED}


@pytest.mark.slow
def test_real_csres_records_get_the_works_they_adopt_and_a_chinese_specification_none() -> None:
    hub = _hub()
    assert len(hub) > 3000
    chinese = _chinese()
    assert set(chinese) == set(EXPECTED)
    inferred = {a.national: a for a in infer_adoptions(list(chinese.values()), hub)}
    assert {n: (inferred[n].international if n in inferred else None) for n in EXPECTED} == EXPECTED
    assert inferred["GB/T 14048.5-2017"].edition == "IEC 60947-5-1:2016"
    assert inferred["GB/T 1243-2006"].edition == "ISO 606:2004"
