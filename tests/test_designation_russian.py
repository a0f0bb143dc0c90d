"""Russian designations as the Rosstandart catalogue writes them: a table of real forms (designations are
identifiers, quoted here from the catalogue's forms) -> canonical, number, parts, year, adoptions; and the parse
rate over the real file when ../shared is present."""

from __future__ import annotations

import csv
import io
from typing import NamedTuple

import pytest
from conftest import shared_path

from standards_lib import DesignationError, parse_designation


class RuCase(NamedTuple):
    text: str
    canonical: str
    number: str
    parts: tuple[str, ...]
    year: int
    adoptions: tuple[str, ...] = ()
    amendments: tuple[str, ...] = ()


CASES = [
    # preliminary national standards
    RuCase("ПНСТ 424-2020", "ПНСТ 424-2020", "424", (), 2020),
    RuCase("ПНСТ 505-2022", "ПНСТ 505-2022", "505", (), 2022),
    RuCase("ПНСТ 21-2014", "ПНСТ 21-2014", "21", (), 2014),
    RuCase("PNST 424-2020", "ПНСТ 424-2020", "424", (), 2020),
    RuCase("ПНСТ 424—2020", "ПНСТ 424-2020", "424", (), 2020),
    # international standardized profiles (международный функциональный стандарт)
    RuCase(
        "ГОСТ Р ИСО/МЭК МФС 10607-1-94",
        "ГОСТ Р ИСО/МЭК МФС 10607-1-94",
        "10607",
        ("1",),
        1994,
        ("ISO/IEC/ISP 10607-1",),
    ),
    RuCase(
        "ГОСТ Р ИСО/МЭК МФС 10609-10-98",
        "ГОСТ Р ИСО/МЭК МФС 10609-10-98",
        "10609",
        ("10",),
        1998,
        ("ISO/IEC/ISP 10609-10",),
    ),
    RuCase(
        "ГОСТ Р ИСО/МЭК МФС 11185-11-99",
        "ГОСТ Р ИСО/МЭК МФС 11185-11-99",
        "11185",
        ("11",),
        1999,
        ("ISO/IEC/ISP 11185-11",),
    ),
    RuCase(
        "GOST R ISO/IEC ISP 10607-1-94",
        "ГОСТ Р ИСО/МЭК МФС 10607-1-94",
        "10607",
        ("1",),
        1994,
        ("ISO/IEC/ISP 10607-1",),
    ),
    # lettered parts (ISO 105 colour fastness), Latin and Cyrillic look-alike letters
    RuCase("ГОСТ Р ИСО 105-A04-99", "ГОСТ Р ИСО 105-A04-99", "105", ("A04",), 1999, ("ISO 105-A04",)),
    RuCase("ГОСТ Р ИСО 105-A08-2018", "ГОСТ Р ИСО 105-A08-2018", "105", ("A08",), 2018, ("ISO 105-A08",)),
    RuCase("ГОСТ Р ИСО 105-B02-2015", "ГОСТ Р ИСО 105-B02-2015", "105", ("B02",), 2015, ("ISO 105-B02",)),
    RuCase("ГОСТ Р ИСО 105-C06-2011", "ГОСТ Р ИСО 105-C06-2011", "105", ("C06",), 2011, ("ISO 105-C06",)),
    RuCase("ГОСТ Р ИСО 105-D01-2011", "ГОСТ Р ИСО 105-D01-2011", "105", ("D01",), 2011, ("ISO 105-D01",)),
    RuCase("ГОСТ Р ИСО 105-E04-2014", "ГОСТ Р ИСО 105-E04-2014", "105", ("E04",), 2014, ("ISO 105-E04",)),
    RuCase("ГОСТ Р ИСО 105-F-99", "ГОСТ Р ИСО 105-F-99", "105", ("F",), 1999, ("ISO 105-F",)),
    RuCase("ГОСТ Р ИСО 105-F10-99", "ГОСТ Р ИСО 105-F10-99", "105", ("F10",), 1999, ("ISO 105-F10",)),
    RuCase("ГОСТ Р ИСО 105-J03-2014", "ГОСТ Р ИСО 105-J03-2014", "105", ("J03",), 2014, ("ISO 105-J03",)),
    RuCase("ГОСТ Р ИСО 105-N02-99", "ГОСТ Р ИСО 105-N02-99", "105", ("N02",), 1999, ("ISO 105-N02",)),
    RuCase("ГОСТ Р ИСО 105-P01-99", "ГОСТ Р ИСО 105-P01-99", "105", ("P01",), 1999, ("ISO 105-P01",)),
    RuCase("ГОСТ Р ИСО 105-X12-2018", "ГОСТ Р ИСО 105-X12-2018", "105", ("X12",), 2018, ("ISO 105-X12",)),
    RuCase("ГОСТ Р ИСО 105-Х18-2015", "ГОСТ Р ИСО 105-X18-2015", "105", ("X18",), 2015, ("ISO 105-X18",)),
    RuCase("ГОСТ Р ИСО 105-Z04-2009", "ГОСТ Р ИСО 105-Z04-2009", "105", ("Z04",), 2009, ("ISO 105-Z04",)),
    RuCase(
        "ГОСТ Р МЭК 60617-DB-12M-2015",
        "ГОСТ Р МЭК 60617-DB-12M-2015",
        "60617",
        ("DB", "12M"),
        2015,
        ("IEC 60617-DB-12M",),
    ),
    # the old ISO part stroke and addenda
    RuCase("ГОСТ Р ИСО 1390/1-93", "ГОСТ Р ИСО 1390-1-93", "1390", ("1",), 1993, ("ISO 1390-1",)),
    RuCase("ГОСТ Р ИСО 1390/6-93", "ГОСТ Р ИСО 1390-6-93", "1390", ("6",), 1993, ("ISO 1390-6",)),
    RuCase("ГОСТ Р ИСО 3914/4-93", "ГОСТ Р ИСО 3914-4-93", "3914", ("4",), 1993, ("ISO 3914-4",)),
    RuCase("ГОСТ Р ИСО 8348/Доп. 2-93", "ГОСТ Р ИСО 8348/Доп. 2-93", "8348", (), 1993, ("ISO 8348",), ("Add 2",)),
    # joint organisations and ИСО/ТУ (for ИСО/ТС)
    RuCase("ГОСТ Р ИСО/HL7 10781-2019", "ГОСТ Р ИСО/HL7 10781-2019", "10781", (), 2019, ("ISO/HL7 10781",)),
    RuCase("ГОСТ Р ИСО/HL7 27931-2015", "ГОСТ Р ИСО/HL7 27931-2015", "27931", (), 2015, ("ISO/HL7 27931",)),
    RuCase("ГОСТ Р ИСО/АСТМ 51431-2012", "ГОСТ Р ИСО/АСТМ 51431-2012", "51431", (), 2012, ("ISO/ASTM 51431",)),
    RuCase("ГОСТ Р ИСО/АСТМ 52950-2022", "ГОСТ Р ИСО/АСТМ 52950-2022", "52950", (), 2022, ("ISO/ASTM 52950",)),
    RuCase("ГОСТ Р ИСО/ТУ 13732-2-2008", "ГОСТ Р ИСО/ТС 13732-2-2008", "13732", ("2",), 2008, ("ISO/TS 13732-2",)),
    # system standards: a dotted number with hyphenated parts
    RuCase("ГОСТ Р 12.4.276-1-2012", "ГОСТ Р 12.4.276-1-2012", "12.4.276", ("1",), 2012),
    RuCase("ГОСТ Р 12.4.276-2-2012", "ГОСТ Р 12.4.276-2-2012", "12.4.276", ("2",), 2012),
    # the common forms, as the catalogue writes them
    RuCase("ГОСТ Р 1.12-2020", "ГОСТ Р 1.12-2020", "1.12", (), 2020),
    RuCase("ГОСТ Р 7.0.0-2024", "ГОСТ Р 7.0.0-2024", "7.0.0", (), 2024),
    RuCase("ГОСТ Р 50571.1-2009", "ГОСТ Р 50571.1-2009", "50571", ("1",), 2009),
    RuCase("ГОСТ Р ИСО 9001-2015", "ГОСТ Р ИСО 9001-2015", "9001", (), 2015, ("ISO 9001",)),
    RuCase("ГОСТ Р ИСО 10993.1-99", "ГОСТ Р ИСО 10993-1-99", "10993", ("1",), 1999, ("ISO 10993-1",)),
    RuCase("ГОСТ Р МЭК 60335-2-24-2012", "ГОСТ Р МЭК 60335-2-24-2012", "60335", ("2", "24"), 2012, ("IEC 60335-2-24",)),
    RuCase("ГОСТ Р ИСО/МЭК 27001-2021", "ГОСТ Р ИСО/МЭК 27001-2021", "27001", (), 2021, ("ISO/IEC 27001",)),
    RuCase(
        "ГОСТ Р ИСО/МЭК ТО 10000-1-99", "ГОСТ Р ИСО/МЭК/ТО 10000-1-99", "10000", ("1",), 1999, ("ISO/IEC/TR 10000-1",)
    ),
    RuCase("ГОСТ Р ИСО/ТС 16949-2009", "ГОСТ Р ИСО/ТС 16949-2009", "16949", (), 2009, ("ISO/TS 16949",)),
    RuCase("ГОСТ Р ЕН 40-7-2013", "ГОСТ Р ЕН 40-7-2013", "40", ("7",), 2013, ("EN 40-7",)),
    RuCase("ГОСТ Р ЕН 237-2008", "ГОСТ Р ЕН 237-2008", "237", (), 2008, ("EN 237",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.text for c in CASES])
def test_russian_catalogue_forms(case: RuCase) -> None:
    parsed = parse_designation(case.text)
    assert parsed.canonical == case.canonical
    assert (parsed.body, parsed.country, parsed.kind) == ("Rosstandart", "RU", "national")
    assert (parsed.number, parsed.parts, parsed.year) == (case.number, case.parts, case.year)
    assert parsed.amendments == case.amendments
    assert [(a.ref, a.degree) for a in parsed.adoptions] == [(ref, "IDT") for ref in case.adoptions]
    for ref in case.adoptions:  # the adopted work is itself a canonical international designation
        assert parse_designation(ref).canonical == ref
    again = parse_designation(parsed.canonical)
    assert (again.canonical, again.work_key, again.edition_key) == (
        parsed.canonical,
        parsed.work_key,
        parsed.edition_key,
    )


@pytest.mark.parametrize(
    "text, reason",
    [
        ("ПНСТ", "no number"),
        ("ПНСТ Р 424-2020", "unexpected 'Р' after ПНСТ"),
        ("ГОСТ Р 50571.4-1-2009", "mixes dots and hyphens"),
        ("ГОСТ Р 51904-2002-1-2", "unexpected text"),
    ],
)
def test_malformed_forms_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(DesignationError, match=reason):
        parse_designation(text)


def test_letters_are_not_parts_of_national_numbers() -> None:
    with pytest.raises(DesignationError):
        parse_designation("ГОСТ Р 105-A04-99")


def test_real_catalogue_parse_rate() -> None:
    """Every designation of the real Rosstandart file through the parser: at least 99.5% parse."""
    path = shared_path("russia", "rosstandart-opendata", "nationalstandards.csv")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("cp1251")), delimiter=";"))[1:]
    assert len(rows) == 14_955
    failed = []
    for row in rows:
        try:
            parse_designation(row[0])
        except DesignationError as exc:
            failed.append(str(exc))
    assert 1 - len(failed) / len(rows) >= 0.995, failed[:20]


def test_a_dot_before_the_year_of_an_adopted_number_is_an_error_not_a_part() -> None:
    # found by the property test: 'ГОСТ Р ИСО 9001.2015' read as part 2015, whose canonical form reads as a year
    with pytest.raises(DesignationError, match="a dot where the hyphen before the year belongs"):
        parse_designation("ГОСТ Р ИСО 9001.2015")
