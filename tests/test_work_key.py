"""work_key: the one definition of the ISO/IEC work a reference names (hand-written forms), its delegates in the
hub, the matcher profile and the catalogue, and every designation of the real ISO and IEC archives."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from conftest import shared_path

from standards_lib import parse_designation
from standards_lib.catalog.upsert import ref_work
from standards_lib.designation.work import undated_reference, work_key
from standards_lib.matching.adoption.works import work_key_of
from standards_lib.matching.equivalence.profile import resolve_reference


@pytest.mark.parametrize(
    "text, key",
    [
        ("ISO 9001:2015", "ISO|IEC|9001"),
        ("ISO 9001", "ISO|IEC|9001"),
        ("EN ISO 9001:2015", "ISO|IEC|9001"),
        ("ISO 9001:2015/Amd 1:2024", "ISO|IEC|9001"),
        ("ISO 9001:2015/Cor 1:2016", "ISO|IEC|9001"),
        ("IEC 60255-118-1:2018", "ISO|IEC|60255-118-1"),
        ("IEC/IEEE 60255-118-1:2018", "ISO|IEC|60255-118-1"),
        ("IEC 60335-1:2010+AMD1:2013 CSV", "ISO|IEC|60335-1"),
        ("ISO/IEC 17025:2017", "ISO|IEC|17025"),
        ("ISO/IEC/IEEE 8802-3:2021", "ISO|IEC|8802-3"),
        ("IEEE/ISO/IEC 8802-3:2021", "ISO|IEC|8802-3"),
        ("ISO/TS 16949:2009", "ISO|IEC|16949"),
        ("IEC/TR 61000-3-6:2008", "ISO|IEC|61000-3-6"),
        ("IEC/TS 62257-1", "ISO|IEC|62257-1"),
        ("ISO/ASTM 51431:2005", "ISO|IEC|51431"),
        ("ISO/HL7 27931:2009", "ISO|IEC|27931"),
        ("ISO 105-A04:1989", "ISO|IEC|105-A04"),
        ("ISO Guide 73:2009", "ISO|IEC|GUIDE|73"),
        ("ISO/IEC Guide 98-3:2008", "ISO|IEC|GUIDE|98-3"),
        ("ISO/IEC ISP 10607-1:1995", "ISO|IEC|ISP|10607-1"),
        ("ISO/IEC/ISP 10607-1", "ISO|IEC|ISP|10607-1"),
        ("CISPR 11:2015", "CISPR|11"),
        ("EN 306:1997", "EN|306"),
        ("IEEE 802.3", "IEEE|802.3"),
        ("IEC 127-6", "ISO|IEC|60127-6"),  # before the 1997 renumbering (ГОСТ Р МЭК 127-6-99)
        ("IEC 1000-4-2:1995", "ISO|IEC|61000-4-2"),
        ("IEC/TR 828:1988", "ISO|IEC|60828"),
        ("ISO 559:1991", "ISO|IEC|559"),
        ("IEC/ISO 31010:2009", "ISO|IEC|31010"),
        ("ISO/IEC 2382:2015", "ISO|IEC|2382"),
    ],
)
def test_work_key_table(text: str, key: str) -> None:
    assert work_key(text) == key
    assert work_key(parse_designation(text)) == key
    assert work_key_of(text) == key  # the hub delegates
    resolved = resolve_reference(text)  # and so does the matcher's reading of an adoption
    assert resolved is not None and resolved[1] == key


@pytest.mark.parametrize("text", ["ГОСТ Р ИСО 9001-2015", "GB/T 19001-2016", "IS 302", "no designation", ""])
def test_national_designations_and_text_name_no_work(text: str) -> None:
    assert work_key(text) is None


def test_joint_and_single_publisher_forms_collapse() -> None:
    forms = ["IEC 82079-1:2012", "IEC/IEEE 82079-1:2019", "IEC 82079-1"]
    assert len({work_key(f) for f in forms}) == 1
    assert work_key("IEC 31010:2019") == work_key("IEC/ISO 31010:2009")


@pytest.mark.parametrize(
    "ref, undated",
    [
        ("ISO 9001:2015", "ISO 9001"),
        ("ISO 9001:2015/Amd 1:2024", "ISO 9001"),
        ("IEC 60335-2-24:2020", "IEC 60335-2-24"),
        ("ISO/TS 16949:2009", "ISO/TS 16949"),
        ("ISO 9001", "ISO 9001"),
        ("GB/T 19001-2016", "CN|GB/T|19001"),
        ("not a reference: 12", "not a reference"),
    ],
)
def test_the_catalogue_ref_work_is_the_undated_reference(ref: str, undated: str) -> None:
    assert undated_reference(ref) == ref_work(ref) == undated


@pytest.mark.slow
def test_every_designation_of_the_iso_and_iec_archives_has_a_work_key() -> None:
    """Both real archives through the project's reader (a minute or two on 2 cores): a key for every record, and the
    co-published forms of one number (IEC/IEEE 82079-1, IEC 82079-1) under one key."""
    from standards_lib.scrapers import relaton_intl
    from standards_lib.scrapers.base import Quarantined

    paths: list[Path] = [
        shared_path("international", "relaton-data-iso", "relaton-data-iso.tar.xz"),
        shared_path("international", "relaton-data-iec", "relaton-data-iec.tar.xz"),
    ]
    prefixes: dict[str, set[str]] = defaultdict(set)
    without: list[str] = []
    count = 0
    for item in relaton_intl.extract(paths, workers=0):  # one process per core parses the YAML
        if isinstance(item, Quarantined):
            continue
        count += 1
        key = work_key(item.designation)
        if key is None:
            without.append(item.designation)
        else:
            prefixes[key].add(item.prefix)
    assert count > 60_000
    assert without == []
    assert {"IEC", "IEC/IEEE"} <= prefixes["ISO|IEC|82079-1"]
    assert {"IEC", "IEC/ISO"} <= prefixes["ISO|IEC|31010"]
    assert "IEC/IEEE" in prefixes["ISO|IEC|60255-118-1"]
    assert sum(len(p) > 1 for p in prefixes.values()) > 500  # joint designations collapse onto their work
