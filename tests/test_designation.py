"""parse_designation: a table of written forms of every system -> the expected structured designation.

All inputs here are written by hand for the tests (forms as met in real lists), none copied from ../shared.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from standards_lib import Adoption, DesignationError, parse_designation
from standards_lib.designation import canonical_designation, parse_many, try_parse_designation


class Case(NamedTuple):
    text: str
    canonical: str
    body: str
    country: str
    kind: str
    number: str
    parts: tuple[str, ...] = ()
    year: int | None = None
    adoptions: tuple[tuple[str, str], ...] = ()


def cn(text, canonical, number, parts=(), year=None, adoptions=(), body="SAC", kind="national"):
    return Case(text, canonical, body, "CN", kind, number, parts, year, adoptions)


def ru(text, canonical, number, parts=(), year=None, adoptions=(), national=False):
    body, kind = ("Rosstandart", "national") if national else ("EASC", "interstate")
    return Case(text, canonical, body, "RU", kind, number, parts, year, adoptions)


def india(text, canonical, number, parts=(), year=None, adoptions=()):
    return Case(text, canonical, "BIS", "IN", "national", number, parts, year, adoptions)


def za(text, canonical, number, parts=(), year=None, adoptions=(), body="SABS"):
    return Case(text, canonical, body, "ZA", "national", number, parts, year, adoptions)


def br(text, canonical, number, parts=(), year=None, adoptions=()):
    return Case(text, canonical, "ABNT", "BR", "national", number, parts, year, adoptions)


def intl(text, canonical, body, number, parts=(), year=None, adoptions=()):
    return Case(text, canonical, body, "INT", "international", number, parts, year, adoptions)


CASES = [
    # --- China: national
    cn("GB 4943.1-2022", "GB 4943.1-2022", "4943", ("1",), 2022),
    cn("GB/T 19001-2016", "GB/T 19001-2016", "19001", (), 2016),
    cn("GB/Z 20000.1-2002", "GB/Z 20000.1-2002", "20000", ("1",), 2002),
    cn("GB/T 19001—2016", "GB/T 19001-2016", "19001", (), 2016),
    cn("GB/T 19001―2016", "GB/T 19001-2016", "19001", (), 2016),
    cn("GB/T 19001‐2016", "GB/T 19001-2016", "19001", (), 2016),
    cn("GB/T 19001–2016", "GB/T 19001-2016", "19001", (), 2016),
    cn("ＧＢ／Ｔ 19001－2016", "GB/T 19001-2016", "19001", (), 2016),
    cn("ＧＢ／Ｔ　１９００１—２０１６", "GB/T 19001-2016", "19001", (), 2016),
    cn("gb/t 19001-2016", "GB/T 19001-2016", "19001", (), 2016),
    cn("GB/T19001-2016", "GB/T 19001-2016", "19001", (), 2016),
    cn("GB11352-1989", "GB 11352-1989", "11352", (), 1989),
    cn("  GB/T   19001 - 2016 ", "GB/T 19001-2016", "19001", (), 2016),
    cn("GB/T 1.1-2020", "GB/T 1.1-2020", "1", ("1",), 2020),
    cn("GB/T 20234.1-2023", "GB/T 20234.1-2023", "20234", ("1",), 2023),
    cn("GB/T 42151.92-2025", "GB/T 42151.92-2025", "42151", ("92",), 2025),
    cn("GB/T 14048.16-2025", "GB/T 14048.16-2025", "14048", ("16",), 2025),
    cn("GB 1095-79", "GB 1095-1979", "1095", (), 1979),
    cn("GB 4943.1", "GB 4943.1", "4943", ("1",), None),
    cn("GB/T 19001—2016/ISO 9001:2015", "GB/T 19001-2016", "19001", (), 2016, (("ISO 9001:2015", "IDT"),)),
    cn("GB/T 19001-2016 / ISO 9001 : 2015", "GB/T 19001-2016", "19001", (), 2016, (("ISO 9001:2015", "IDT"),)),
    cn("GB 4706.1-2005/IEC 60335-1:2004", "GB 4706.1-2005", "4706", ("1",), 2005, (("IEC 60335-1:2004", "IDT"),)),
    cn("GB/T 22080-2016/ISO/IEC 27001:2013", "GB/T 22080-2016", "22080", (), 2016, (("ISO/IEC 27001:2013", "IDT"),)),
    cn("GB/T 19000-2000 idt ISO 9000:2000", "GB/T 19000-2000", "19000", (), 2000, (("ISO 9000:2000", "IDT"),)),
    cn("GB/T 4208-1993 eqv IEC 529:1989", "GB/T 4208-1993", "4208", (), 1993, (("IEC 529:1989", "MOD"),)),
    cn("GB/T 4208-2017 (IEC 60529:2013, MOD)", "GB/T 4208-2017", "4208", (), 2017, (("IEC 60529:2013", "MOD"),)),
    cn("GB/T 1-2000 (ISO 1:1990，等同)", "GB/T 1-2000", "1", (), 2000, (("ISO 1:1990", "IDT"),)),
    cn("GB/T 2-2000 (ISO 2:1990, 修改采用)", "GB/T 2-2000", "2", (), 2000, (("ISO 2:1990", "MOD"),)),
    cn("GB/T 3-2000 非等效 ISO 3:1990", "GB/T 3-2000", "3", (), 2000, (("ISO 3:1990", "NEQ"),)),
    cn("GB/T 19754-2021E", "GB/T 19754-2021E", "19754", (), 2021),
    cn("GB/T 12777-2019FR", "GB/T 12777-2019FR", "12777", (), 2019),
    cn("GB 4943.1-2011/XG1-2017", "GB 4943.1-2011/XG1-2017", "4943", ("1",), 2011),
    cn("GB/T 1032-2023/XG1-2025", "GB/T 1032-2023/XG1-2025", "1032", (), 2023),
    cn("GB 1095-1979（1990）", "GB 1095-1979(1990)", "1095", (), 1979),
    cn("GB 10098～10099-1988", "GB 10098~10099-1988", "10098~10099", (), 1988),
    cn("GBZ 2.1-2019", "GBZ 2.1-2019", "2", ("1",), 2019, body="NHC"),
    cn("GBZ/T 300.1-2017", "GBZ/T 300.1-2017", "300", ("1",), 2017, body="NHC"),
    cn("GBJ 100-1985", "GBJ 100-1985", "100", (), 1985),
    cn("GSB 04-3885-2021", "GSB 04-3885-2021", "04-3885", (), 2021),
    # --- China: sector, local, group
    cn("YY/T 0287-2017", "YY/T 0287-2017", "0287", (), 2017, body="YY", kind="sector"),
    cn("YY 0505-2012", "YY 0505-2012", "0505", (), 2012, body="YY", kind="sector"),
    cn("JB/T 13368-2018", "JB/T 13368-2018", "13368", (), 2018, body="JB", kind="sector"),
    cn("NB/T 32004-2018", "NB/T 32004-2018", "32004", (), 2018, body="NB", kind="sector"),
    cn("NB/SH/T 0885-2014", "NB/SH/T 0885-2014", "0885", (), 2014, body="NB", kind="sector"),
    cn("DL/Z 885-2004", "DL/Z 885-2004", "885", (), 2004, body="DL", kind="sector"),
    cn("TB/T 2760.1-2010", "TB/T 2760.1-2010", "2760", ("1",), 2010, body="TB", kind="sector"),
    cn("CB 879-77", "CB 879-1977", "879", (), 1977, body="CB", kind="sector"),
    cn("HG/T 5881～5885-2021", "HG/T 5881~5885-2021", "5881~5885", (), 2021, body="HG", kind="sector"),
    cn("JJG 885-2014", "JJG 885-2014", "885", (), 2014, body="JJG", kind="sector"),
    cn("SJ/T 11385-2008", "SJ/T 11385-2008", "11385", (), 2008, body="SJ", kind="sector"),
    cn("DB11/T 123-2019", "DB11/T 123-2019", "123", (), 2019, body="DB11", kind="local"),
    cn("DB 11/T 123—2019", "DB11/T 123-2019", "123", (), 2019, body="DB11", kind="local"),
    cn("DB11/Z 879-2012", "DB11/Z 879-2012", "879", (), 2012, body="DB11", kind="local"),
    cn("DB13/ 5879-2023", "DB13 5879-2023", "5879", (), 2023, body="DB13", kind="local"),
    cn("T/GZAEPI 001—2018", "T/GZAEPI 001-2018", "001", (), 2018, body="GZAEPI", kind="group"),
    cn("T/CECS 885-2021", "T/CECS 885-2021", "885", (), 2021, body="CECS", kind="group"),
    cn("DB4301/T 11-2025", "DB4301/T 11-2025", "11", (), 2025, body="DB4301", kind="local"),
    cn("DB/T 107-2025", "DB/T 107-2025", "107", (), 2025, body="DB", kind="sector"),
    cn("JJF(电子)0072-2021", "JJF(电子)0072-2021", "0072", (), 2021, body="JJF", kind="sector"),
    cn("JJF (民航) 0123—2014", "JJF(民航)0123-2014", "0123", (), 2014, body="JJF", kind="sector"),
    cn("JJF (沪) 60-2018", "JJF(沪)60-2018", "60", (), 2018, body="JJF", kind="local"),
    cn("GJB 150.1A-2009", "GJB 150.1A-2009", "150", ("1A",), 2009, body="CMC"),
    cn("RF 32001-2025", "RF 32001-2025", "32001", (), 2025, body="RF", kind="sector"),
    # --- Russia and the interstate system
    ru("ГОСТ Р 51904-2002", "ГОСТ Р 51904-2002", "51904", (), 2002, national=True),
    ru("GOST R 51904-2002", "ГОСТ Р 51904-2002", "51904", (), 2002, national=True),
    ru("ГОСТ P 51904-2002", "ГОСТ Р 51904-2002", "51904", (), 2002, national=True),
    ru("ГОСТ Р 51904—2002", "ГОСТ Р 51904-2002", "51904", (), 2002, national=True),
    ru("ГОСТ Р ИСО 9001-2015", "ГОСТ Р ИСО 9001-2015", "9001", (), 2015, (("ISO 9001", "IDT"),), national=True),
    ru("GOST R ISO 9001-2015", "ГОСТ Р ИСО 9001-2015", "9001", (), 2015, (("ISO 9001", "IDT"),), national=True),
    ru("ГОСТ ISO 9001-2011", "ГОСТ ИСО 9001-2011", "9001", (), 2011, (("ISO 9001", "IDT"),)),
    ru("ГОСТ ISO/IEC 17025-2019", "ГОСТ ИСО/МЭК 17025-2019", "17025", (), 2019, (("ISO/IEC 17025", "IDT"),)),
    ru("ГОСТ ИСО/МЭК 17025-2009", "ГОСТ ИСО/МЭК 17025-2009", "17025", (), 2009, (("ISO/IEC 17025", "IDT"),)),
    ru("ГОСТ IEC 60335-1-2015", "ГОСТ МЭК 60335-1-2015", "60335", ("1",), 2015, (("IEC 60335-1", "IDT"),)),
    ru("ГОСТ МЭК 60335-1-2015", "ГОСТ МЭК 60335-1-2015", "60335", ("1",), 2015, (("IEC 60335-1", "IDT"),)),
    ru(
        "ГОСТ IEC 60335-2-24-2012", "ГОСТ МЭК 60335-2-24-2012", "60335", ("2", "24"), 2012, (("IEC 60335-2-24", "IDT"),)
    ),
    ru("ГОСТ ISO 898-1-2014", "ГОСТ ИСО 898-1-2014", "898", ("1",), 2014, (("ISO 898-1", "IDT"),)),
    ru(
        "ГОСТ Р МЭК 61508-1-2012",
        "ГОСТ Р МЭК 61508-1-2012",
        "61508",
        ("1",),
        2012,
        (("IEC 61508-1", "IDT"),),
        national=True,
    ),
    ru(
        "ГОСТ Р ИСО/ТС 16949-2009",
        "ГОСТ Р ИСО/ТС 16949-2009",
        "16949",
        (),
        2009,
        (("ISO/TS 16949", "IDT"),),
        national=True,
    ),
    ru("ГОСТ ЕН 10028-1-2007", "ГОСТ ЕН 10028-1-2007", "10028", ("1",), 2007, (("EN 10028-1", "IDT"),)),
    ru("ГОСТ 14254-2015 (IEC 60529:2013)", "ГОСТ 14254-2015", "14254", (), 2015, (("IEC 60529:2013", "MOD"),)),
    ru(
        "ГОСТ Р 50571.1-2009 (МЭК 60364-1:2005)",
        "ГОСТ Р 50571.1-2009",
        "50571",
        ("1",),
        2009,
        (("IEC 60364-1:2005", "MOD"),),
        national=True,
    ),
    ru(
        "ГОСТ 31610.0-2019 (IEC 60079-0:2017)",
        "ГОСТ 31610.0-2019",
        "31610",
        ("0",),
        2019,
        (("IEC 60079-0:2017", "MOD"),),
    ),
    ru("ГОСТ 31610.0-2019", "ГОСТ 31610.0-2019", "31610", ("0",), 2019),
    ru("ГОСТ 10000-75", "ГОСТ 10000-75", "10000", (), 1975),
    ru("ГОСТ 2.105-95", "ГОСТ 2.105-95", "2.105", (), 1995),
    ru("ГОСТ 12.1.004-91", "ГОСТ 12.1.004-91", "12.1.004", (), 1991),
    ru("ГОСТ Р 1.5-2012", "ГОСТ Р 1.5-2012", "1.5", (), 2012, national=True),
    ru("GOST 60335-1-2015", "ГОСТ 60335-1-2015", "60335", ("1",), 2015),
    ru("ПМГ 06-2001", "ПМГ 06-2001", "06", (), 2001),
    ru("РМГ 29-2013", "РМГ 29-2013", "29", (), 2013),
    ru("РМГ 29-99", "РМГ 29-99", "29", (), 1999),
    ru("ПМГ В 31-2001", "ПМГ В 31-2001", "31", (), 2001),
    ru("ГОСТ 10000", "ГОСТ 10000", "10000", (), None),
    ru("ГОСТ 30000-2000 (ISO 1:1990, идентичный)", "ГОСТ 30000-2000", "30000", (), 2000, (("ISO 1:1990", "IDT"),)),
    ru(
        "ГОСТ Р ИСО/ТО 10013-2007",
        "ГОСТ Р ИСО/ТО 10013-2007",
        "10013",
        (),
        2007,
        (("ISO/TR 10013", "IDT"),),
        national=True,
    ),
    ru("ГОСТ IEC/TS 62257-1-2019", "ГОСТ МЭК/ТС 62257-1-2019", "62257", ("1",), 2019, (("IEC/TS 62257-1", "IDT"),)),
    ru(
        "ГОСТ Р ИСО 9001-2015 (ISO 9001:2015, IDT)",
        "ГОСТ Р ИСО 9001-2015",
        "9001",
        (),
        2015,
        (("ISO 9001:2015", "IDT"),),
        national=True,
    ),
    ru(
        "ГОСТ IEC 60335-1-2015 (IEC 60335-1:2010)",
        "ГОСТ МЭК 60335-1-2015",
        "60335",
        ("1",),
        2015,
        (("IEC 60335-1:2010", "IDT"),),
    ),
    ru("ГОСТ РВ 15.002-2012", "ГОСТ РВ 15.002-2012", "15.002", (), 2012, national=True),
    ru(
        "ГОСТ Р ИСО 10993.1-99",
        "ГОСТ Р ИСО 10993-1-99",
        "10993",
        ("1",),
        1999,
        (("ISO 10993-1", "IDT"),),
        national=True,
    ),
    ru("гост р исо 9001-2015", "ГОСТ Р ИСО 9001-2015", "9001", (), 2015, (("ISO 9001", "IDT"),), national=True),
    ru(
        "ГОСТ 30804.4.2-2013 (IEC 61000-4-2:2008)",
        "ГОСТ 30804.4.2-2013",
        "30804",
        ("4", "2"),
        2013,
        (("IEC 61000-4-2:2008", "MOD"),),
    ),
    # --- India
    india("IS 15700:2005", "IS 15700:2005", "15700", (), 2005),
    india("IS 15700 : 2005", "IS 15700:2005", "15700", (), 2005),
    india("IS 15700 :2005", "IS 15700:2005", "15700", (), 2005),
    india("IS 15700: 2005", "IS 15700:2005", "15700", (), 2005),
    india("IS 9550 2001", "IS 9550:2001", "9550", (), 2001),
    india("IS: 9436", "IS 9436", "9436", (), None),
    india("IS 12330", "IS 12330", "12330", (), None),
    india("IS 8828 *", "IS 8828", "8828", (), None),
    india("IS 302 (Part 1) : 2008", "IS 302 (Part 1):2008", "302", ("1",), 2008),
    india("IS 302(Part 1):2008", "IS 302 (Part 1):2008", "302", ("1",), 2008),
    india("IS 513 (Part-1): 2016", "IS 513 (Part 1):2016", "513", ("1",), 2016),
    india("IS 1989 (Part.2): 1986", "IS 1989 (Part 2):1986", "1989", ("2",), 1986),
    india("IS 8510 (Part II): 1977", "IS 8510 (Part 2):1977", "8510", ("2",), 1977),
    india("IS 8510 (PartIII): 1977", "IS 8510 (Part 3):1977", "8510", ("3",), 1977),
    india("IS 14990 : Part 1 : 2024", "IS 14990 (Part 1):2024", "14990", ("1",), 2024),
    india("IS 3885-Part-1: 1992", "IS 3885 (Part 1):1992", "3885", ("1",), 1992),
    india("IS 16444 Part 2", "IS 16444 (Part 2)", "16444", ("2",), None),
    india("IS 302 (Part 4/Sec 2)", "IS 302 (Part 4/Sec 2)", "302", ("4", "2"), None),
    india("IS 302 (Part 2/ Section 14)", "IS 302 (Part 2/Sec 14)", "302", ("2", "14"), None),
    india("IS 7809 (Part3/ Sec1): 1986", "IS 7809 (Part 3/Sec 1):1986", "7809", ("3", "1"), 1986),
    india("IS 302-2-76:1999", "IS 302 (Part 2/Sec 76):1999", "302", ("2", "76"), 1999),
    india("IS 15700 : 2005 ( Third Revision )", "IS 15700:2005", "15700", (), 2005),
    india(
        "IS 16046 (Part 2):2018/IEC 62133-2:2017",
        "IS 16046 (Part 2):2018",
        "16046",
        ("2",),
        2018,
        (("IEC 62133-2:2017", "IDT"),),
    ),
    india("IS 17077 :2019/ISO 19062-1 : 2015", "IS 17077:2019", "17077", (), 2019, (("ISO 19062-1:2015", "IDT"),)),
    india("IS 17111: 2019 (ISO 683- 17: 2014)", "IS 17111:2019", "17111", (), 2019, (("ISO 683-17:2014", "IDT"),)),
    india(
        "IS 302 (Part 1) : 2024 IEC 60335-1:2020",
        "IS 302 (Part 1):2024",
        "302",
        ("1",),
        2024,
        (("IEC 60335-1:2020", "IDT"),),
    ),
    india(
        "IS 7485 (Part 1) : 2018/ ISO 7046 -1 : 2011",
        "IS 7485 (Part 1):2018",
        "7485",
        ("1",),
        2018,
        (("ISO 7046-1:2011", "IDT"),),
    ),
    india("IS/ISO 9001:2015", "IS/ISO 9001:2015", "9001", (), 2015, (("ISO 9001:2015", "IDT"),)),
    india("IS/ISO 9001 : 2015", "IS/ISO 9001:2015", "9001", (), 2015, (("ISO 9001:2015", "IDT"),)),
    india("IS/IEC 60529 : 2001", "IS/IEC 60529:2001", "60529", (), 2001, (("IEC 60529:2001", "IDT"),)),
    india("IS/ISO/IEC 27001 : 2013", "IS/ISO/IEC 27001:2013", "27001", (), 2013, (("ISO/IEC 27001:2013", "IDT"),)),
    india("IS/ISO 6742-2:2015", "IS/ISO 6742-2:2015", "6742", ("2",), 2015, (("ISO 6742-2:2015", "IDT"),)),
    india("IS/IEC 60898", "IS/IEC 60898", "60898", (), None, (("IEC 60898", "IDT"),)),
    india("IS 1554 (Part 1) : 1988 (Reaffirmed 2019)", "IS 1554 (Part 1):1988", "1554", ("1",), 1988),
    india("IS 16102 (Part 1) : 2012 Reaffirmed Year : 2022", "IS 16102 (Part 1):2012", "16102", ("1",), 2012),
    india("IS 302 (Part 1): 2008 with Amendment No. 1", "IS 302 (Part 1):2008/Amd 1", "302", ("1",), 2008),
    # --- South Africa
    za("SANS 10142-1:2020", "SANS 10142-1:2020", "10142", ("1",), 2020),
    za("SANS 9001:2015", "SANS 9001:2015", "9001", (), 2015),
    za("SANS 60335-1:2019", "SANS 60335-1:2019", "60335", ("1",), 2019),
    za(
        "SANS 60335-2-24:2018/IEC 60335-2-24:2010",
        "SANS 60335-2-24:2018",
        "60335",
        ("2", "24"),
        2018,
        (("IEC 60335-2-24:2010", "IDT"),),
    ),
    za("SANS 9001:2015/ISO 9001:2015", "SANS 9001:2015", "9001", (), 2015, (("ISO 9001:2015", "IDT"),)),
    za("SANS 10142-1:2020 Ed. 3", "SANS 10142-1:2020 Ed. 3", "10142", ("1",), 2020),
    za("SANS 1431:2017 Edition 6.1", "SANS 1431:2017 Ed. 6.1", "1431", (), 2017),
    za("SANS 10142-1 : 2020", "SANS 10142-1:2020", "10142", ("1",), 2020),
    za("SABS 0142", "SABS 0142", "0142", (), None, body="SABS"),
    za("SANS 10400-XA:2011", "SANS 10400-XA:2011", "10400", ("XA",), 2011),
    za("SANS 1186-1:2011 Ed 5.00", "SANS 1186-1:2011 Ed. 5", "1186", ("1",), 2011),
    # --- Brazil
    br("ABNT NBR 5410:2004", "ABNT NBR 5410:2004", "5410", (), 2004),
    br("NBR 5410:2004", "ABNT NBR 5410:2004", "5410", (), 2004),
    br("ABNT NBR 5410 : 2004", "ABNT NBR 5410:2004", "5410", (), 2004),
    br("ABNT NBR 14136:2002", "ABNT NBR 14136:2002", "14136", (), 2002),
    br("ABNT NBR ISO 9001:2015", "ABNT NBR ISO 9001:2015", "9001", (), 2015, (("ISO 9001", "IDT"),)),
    br("ABNT NBR ISO/IEC 17025:2017", "ABNT NBR ISO/IEC 17025:2017", "17025", (), 2017, (("ISO/IEC 17025", "IDT"),)),
    br("ABNT NBR IEC 60529:2017", "ABNT NBR IEC 60529:2017", "60529", (), 2017, (("IEC 60529", "IDT"),)),
    br(
        "ABNT NBR IEC 60335-2-24:2020",
        "ABNT NBR IEC 60335-2-24:2020",
        "60335",
        ("2", "24"),
        2020,
        (("IEC 60335-2-24", "IDT"),),
    ),
    br("ABNT NBR NM 60335-1:2010", "ABNT NBR NM 60335-1:2010", "60335", ("1",), 2010),
    br("ABNT NBR 5410:2004 Versão Corrigida:2008", "ABNT NBR 5410:2004 Versão Corrigida:2008", "5410", (), 2004),
    br("ABNT NBR 14039:2005 Emenda 1:2011", "ABNT NBR 14039:2005 Emenda 1:2011", "14039", (), 2005),
    br("NBR 5410/2004", "ABNT NBR 5410:2004", "5410", (), 2004),
    br("ABNT NBR 14136:2002/Emenda 1:2021", "ABNT NBR 14136:2002 Emenda 1:2021", "14136", (), 2002),
    # --- International
    intl("ISO 9001:2015", "ISO 9001:2015", "ISO", "9001", (), 2015),
    intl("ISO 9001 : 2015", "ISO 9001:2015", "ISO", "9001", (), 2015),
    intl("iso 9001:2015", "ISO 9001:2015", "ISO", "9001", (), 2015),
    intl("ISO 9001", "ISO 9001", "ISO", "9001", (), None),
    intl("IEC 60335-2-24:2020", "IEC 60335-2-24:2020", "IEC", "60335", ("2", "24"), 2020),
    intl("ISO/IEC 27001:2022", "ISO/IEC 27001:2022", "ISO/IEC", "27001", (), 2022),
    intl("ISO/IEC/IEEE 15288:2023", "ISO/IEC/IEEE 15288:2023", "ISO/IEC", "15288", (), 2023),
    intl("ISO/TS 16949:2009", "ISO/TS 16949:2009", "ISO", "16949", (), 2009),
    intl("ISO/TR 10013:2001", "ISO/TR 10013:2001", "ISO", "10013", (), 2001),
    intl("ISO/PAS 21448:2019", "ISO/PAS 21448:2019", "ISO", "21448", (), 2019),
    intl("IEC/TS 62257-1:2015", "IEC/TS 62257-1:2015", "IEC", "62257", ("1",), 2015),
    intl("IEC/TR 62351-1:2007", "IEC/TR 62351-1:2007", "IEC", "62351", ("1",), 2007),
    intl("ISO Guide 73:2009", "ISO Guide 73:2009", "ISO", "73", (), 2009),
    intl("ISO 9001:2015/Amd 1:2024", "ISO 9001:2015/Amd 1:2024", "ISO", "9001", (), 2015),
    intl("ISO 9001:2015/AMD1:2024", "ISO 9001:2015/Amd 1:2024", "ISO", "9001", (), 2015),
    intl("ISO 9001:2015/Cor 1:2017", "ISO 9001:2015/Cor 1:2017", "ISO", "9001", (), 2015),
    intl("IEC 60335-1:2010+AMD1:2013", "IEC 60335-1:2010/Amd 1:2013", "IEC", "60335", ("1",), 2010),
    intl("EN 10028-1:2007", "EN 10028-1:2007", "CEN", "10028", ("1",), 2007),
    intl("EN 60335-1:2012/A11:2014", "EN 60335-1:2012/A11:2014", "CENELEC", "60335", ("1",), 2012),
    intl("EN ISO 13485:2016", "EN ISO 13485:2016", "CEN", "13485", (), 2016, (("ISO 13485:2016", "IDT"),)),
    intl("ITU-T X.509", "ITU-T X.509", "ITU", "X.509", (), None),
    intl("ITU-T Rec. X.509 (10/2019)", "ITU-T X.509:2019", "ITU", "X.509", (), 2019),
    intl("IEEE 802.3", "IEEE 802.3", "IEEE", "802.3", (), None),
    intl("ISO 14001-2015", "ISO 14001:2015", "ISO", "14001", (), 2015),
    intl("ISO 9001:2015(E)", "ISO 9001:2015", "ISO", "9001", (), 2015),
    intl("ISO 10303-1001:2004", "ISO 10303-1001:2004", "ISO", "10303", ("1001",), 2004),
]


@pytest.mark.parametrize("case", CASES, ids=[c.text for c in CASES])
def test_designation_table(case: Case) -> None:
    parsed = parse_designation(case.text)
    assert parsed.input == case.text
    assert parsed.canonical == case.canonical
    assert (parsed.body, parsed.country, parsed.kind) == (case.body, case.country, case.kind)
    assert (parsed.number, parsed.parts, parsed.year) == (case.number, case.parts, case.year)
    assert [(a.ref, a.degree) for a in parsed.adoptions] == list(case.adoptions)
    assert all(a.evidence == "designation" for a in parsed.adoptions)
    again = parse_designation(parsed.canonical)
    assert (again.canonical, again.work_key, again.edition_key) == (
        parsed.canonical,
        parsed.work_key,
        parsed.edition_key,
    )


def test_table_is_big_enough_and_covers_every_country() -> None:
    assert len(CASES) >= 120
    assert {c.country for c in CASES} == {"CN", "RU", "IN", "ZA", "BR", "INT"}


def test_adoption_refs_are_canonical_international_designations() -> None:
    for case in CASES:
        for ref, _ in case.adoptions:
            assert parse_designation(ref).canonical == ref
            assert parse_designation(ref).country == "INT"


@pytest.mark.parametrize(
    "text, language",
    [
        ("GB/T 19754-2021E", "en"),
        ("GB/T 32073-2015R", "ru"),
        ("GB/T 12777-2019FR", "fr"),
        ("GB/T 12777-2019JP", "ja"),
        ("GB/T 19754-2021", None),
    ],
)
def test_chinese_translation_suffix_gives_the_language(text: str, language: str | None) -> None:
    assert parse_designation(text).language == language


def test_translation_is_the_same_edition_but_its_own_id() -> None:
    chinese, english = parse_designation("GB/T 19754-2021"), parse_designation("GB/T 19754-2021E")
    assert chinese.edition_key == english.edition_key
    assert chinese.canonical != english.canonical


@pytest.mark.parametrize(
    "text, amendments, edition",
    [
        ("GB 4943.1-2011/XG1-2017", ("XG1-2017",), None),
        ("GB 4943.1-2011/XG1-2017/XG2-2019", ("XG1-2017", "XG2-2019"), None),
        ("GB 1095-1979(1990)", ("(1990)",), None),
        ("ISO 9001:2015/Amd 1:2024", ("Amd 1:2024",), None),
        ("ISO 9001:2015/Amd 1:2024/Cor 1:2025", ("Amd 1:2024", "Cor 1:2025"), None),
        ("EN 60335-1:2012/A11:2014/AC:2014", ("A11:2014", "AC:2014"), None),
        ("ABNT NBR 5410:2004 Versão Corrigida:2008", ("Versão Corrigida:2008",), None),
        ("ABNT NBR 14039:2005 Emenda 1:2011", ("Emenda 1:2011",), None),
        ("SANS 10142-1:2020 Ed. 3", (), "3"),
        ("SANS 10142-1:2020 Edition 3.00", (), "3"),
        ("SANS 1431:2017 (Ed. 6.1)", (), "6.1"),
        ("IEC 60335-1:2010 Ed. 5", (), "5"),
    ],
)
def test_amendments_and_editions(text: str, amendments: tuple[str, ...], edition: str | None) -> None:
    parsed = parse_designation(text)
    assert parsed.amendments == amendments
    assert parsed.edition == edition
    assert parse_designation(parsed.canonical).edition_key == parsed.edition_key


def test_work_key_ignores_the_year_and_edition_key_keeps_it() -> None:
    a, b = parse_designation("GB/T 19001-2016"), parse_designation("GB/T 19001—2008")
    assert a.work_key == b.work_key == "CN|GB/T|19001"
    assert a.edition_key != b.edition_key
    assert parse_designation("GOST R 51904-2002").edition_key == parse_designation("ГОСТ Р 51904-2002").edition_key
    assert parse_designation("IEC 60335-2-24:2020").work_key == "INT|IEC|60335|2-24"


def test_cyrillic_and_latin_organisations_give_one_id() -> None:
    forms = ["ГОСТ IEC 60335-1-2015", "ГОСТ МЭК 60335-1-2015", "GOST IEC 60335-1-2015"]
    assert {parse_designation(f).canonical for f in forms} == {"ГОСТ МЭК 60335-1-2015"}


def test_plan_numbers_are_refused_unless_allowed() -> None:
    with pytest.raises(DesignationError, match="plan number"):
        parse_designation("20130458-T-424")
    plan = parse_designation("20130458-T-424", allow_plan=True)
    assert (plan.kind, plan.country, plan.year, plan.canonical) == ("plan", "CN", 2013, "20130458-T-424")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("—", "empty"),
        ("hello world", "no recognisable standards body"),
        ("Household Electrical goods", "no recognisable standards body"),
        ("9787112250066", "ISBN"),
        ("ISBN 978-7-5066-7865-0", "ISBN"),
        ("12345", "no recognisable standards body"),
        ("GB/T", "no standard number"),
        ("GB/T 13903-1992 GB/T 13905-1992", "two designations"),
        ("IS 12933 (Part 1): 2003 IS 12933 (Part 2): 2003", "two designations"),
        ("IS 15111 (Part 1 & 2)", "several parts"),
        ("GB/T 10471.2008", "a dot where the hyphen"),
        ("IS 2141:20005", "unexpected text"),
        ("ISO", "no number"),
        ("ISO 9001:2015 and more", "unexpected text"),
        ("ГОСТ", "no number"),
        ("SANS", "no number"),
        ("ABNT", "ABNT"),
        ("XYZ/T 123-2010", "unknown Chinese standard prefix"),
        ("GB/T 19001-3016", "year '3016'"),
        ("GB/T 10646-200", "year '200'"),
        ("x" * 400, "too long"),
        ("Q/GDW 1234-2014", "enterprise standard"),
        ("T/CSMT", "no standard number"),
    ],
)
def test_bad_input_raises_designation_error_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(DesignationError) as info:
        parse_designation(text)
    assert reason in info.value.reason
    assert info.value.text == text
    assert repr(text)[:20] in str(info.value)


def test_non_text_input_is_a_designation_error() -> None:
    with pytest.raises(DesignationError, match="must be text"):
        parse_designation(None)  # type: ignore[arg-type]
    with pytest.raises(DesignationError, match="must be text"):
        parse_designation(9001)  # type: ignore[arg-type]


def test_helpers() -> None:
    assert try_parse_designation("nonsense") is None
    assert try_parse_designation("ISO 9001:2015").canonical == "ISO 9001:2015"
    assert canonical_designation("ＧＢ／Ｔ 19001－2016") == "GB/T 19001-2016"
    results = list(parse_many(["GB/T 19001-2016", "nonsense"]))
    assert results[0].canonical == "GB/T 19001-2016"
    assert isinstance(results[1], DesignationError)


def test_adoptions_are_adoption_objects() -> None:
    parsed = parse_designation("ГОСТ 14254-2015 (IEC 60529:2013)")
    assert parsed.adoptions == (Adoption("IEC 60529:2013", "MOD", "designation"),)


def test_undated_adoption_from_the_designation_folds_into_a_dated_one_from_metadata() -> None:
    from standards_lib import record_from_dict

    bare = record_from_dict({"designation": "ГОСТ Р ИСО 9001-2015"})
    assert bare.adoptions == [Adoption("ISO 9001", "IDT", "designation")]
    dated = record_from_dict({"designation": "ГОСТ Р ИСО 9001-2015", "adoptions": [{"ref": "ISO 9001:2015"}]})
    assert dated.adoptions == [Adoption("ISO 9001:2015", "IDT", "designation")]
    other = record_from_dict({"designation": "ABNT NBR IEC 60529:2017", "adoptions": [{"ref": "IEC 60529:2013"}]})
    assert [(a.ref, a.degree) for a in other.adoptions] == [("IEC 60529:2013", "IDT")]


def test_the_plain_gb_fast_path_agrees_with_the_general_parser() -> None:
    from standards_lib.designation.chinese import parse_chinese, parse_plain_gb

    plain = ["GB 4943.1-2022", "GB/T 19001-2016", "GB/Z 20000.1-2002", "GB/T 42151.92-2025", "GB 11352-1989"]
    for text in plain:
        assert parse_plain_gb(text) == parse_chinese(text) == parse_designation(text)
    for text in ["GB/T 19001—2016", "GB/T 19754-2021E", "GB 1095-79", "GB/T 1-2000 ", "GBZ 2.1-2019"]:
        assert parse_plain_gb(text) is None
