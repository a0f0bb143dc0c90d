"""Priority sectors for mutual recognition, each a documented list of ICS codes (see DOMAIN notes).

A standard belongs to a sector when one of its ICS codes equals a listed code or lies under it
(``29.220.20`` lies under ``29.220``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sector:
    """A policy sector: a key, names in Chinese and English, and its ICS codes."""

    key: str
    name_zh: str
    name_en: str
    ics: tuple[str, ...]
    description: str


SECTORS: tuple[Sector, ...] = (
    Sector(
        "smart_manufacturing",
        "智能制造",
        "Smart manufacturing",
        ("25.040", "35.240.50"),
        "25.040 Industrial automation systems (machining centres, numerically controlled machines, "
        "industrial robots, industrial process measurement and control) and 35.240.50 IT applications in industry.",
    ),
    Sector(
        "new_energy",
        "新能源",
        "New energy",
        ("27.015", "27.070", "27.075", "27.160", "27.180", "27.190", "29.220", "43.120"),
        "27.015 Energy efficiency, 27.070 Fuel cells, 27.075 Hydrogen technologies, 27.160 Solar energy "
        "engineering, 27.180 Wind turbine energy systems, 27.190 Biological and alternative sources of energy, "
        "29.220 Galvanic cells and batteries, 43.120 Electric road vehicles.",
    ),
)


def ics_in(code: str, prefix: str) -> bool:
    """True when ICS ``code`` equals ``prefix`` or lies under it."""
    return code == prefix or code.startswith(prefix + ".")


def sectors_of(ics_codes: Iterable[str]) -> list[str]:
    """Keys of the sectors that any of these ICS codes belongs to."""
    codes = list(ics_codes)
    return [s.key for s in SECTORS if any(ics_in(c, p) for c in codes for p in s.ics)]


def sector_rows() -> list[dict[str, str]]:
    """One row per (sector, ICS code), for the catalogue's ``sectors`` table."""
    return [
        {"sector": s.key, "name_zh": s.name_zh, "name_en": s.name_en, "ics_code": code, "description": s.description}
        for s in SECTORS
        for code in s.ics
    ]
