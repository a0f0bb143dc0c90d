"""Designations of every system the project reads, parsed into :class:`~standards_lib.records.Designation`.

- :mod:`.parse`: :func:`parse_designation`, the entry point that dispatches on the standards body;
- :mod:`.chinese`, :mod:`.russian`, :mod:`.national` (India, South Africa, Brazil),
  :mod:`.international` (ISO, IEC, EN, ITU-T): one module per system;
- :mod:`.common`: text normalisation, years and degrees shared by the systems;
- :mod:`.find`: :func:`find_designations`, designations inside free text.
"""

from __future__ import annotations

from .find import find_designations
from .parse import (
    MAX_LENGTH,
    canonical_designation,
    canonical_or_folded,
    parse_designation,
    parse_many,
    try_parse_designation,
)

__all__ = [
    "MAX_LENGTH",
    "canonical_designation",
    "canonical_or_folded",
    "find_designations",
    "parse_designation",
    "parse_many",
    "try_parse_designation",
]
