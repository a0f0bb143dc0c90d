"""The ISO/IEC *work* a reference names, whatever its edition, type, co-publishers or amendments.

:func:`work_key` is the one definition of a work used by the hub, the matcher, the adoption links and the
catalogue: ``IEC/IEEE 60255-118-1:2018`` and ``IEC 60255-118-1`` are the work ``ISO|IEC|60255-118-1``;
``ISO/TS 16949``, ``IEC/TR 61000-3-6``, ``EN ISO 9001:2015`` (the EN adoption names the ISO work) and
``ISO 9001:2015/Amd 1:2024`` (an amendment belongs to its base work) are ``ISO|IEC|16949``,
``ISO|IEC|61000-3-6``, ``ISO|IEC|9001``. Years, editions, languages and amendments are dropped.

Families (the first field of a key): ISO and IEC share one number space, co-published numbers included
(``ISO/IEC``, ``IEC/IEEE``, ``ISO/ASTM``, ``ISO/HL7``, ``IEEE/ISO/IEC``); their guides (``ISO|IEC|GUIDE``) and
International Standardized Profiles (``ISO|IEC|ISP``) are numbered apart. IEC numbers from before the 1997
renumbering are today's (``IEC 529`` is ``ISO|IEC|60529``), as ГОСТ Р МЭК designations of the 1990s write them. Other bodies keep their own
family: ``EN|306``, ``CISPR|11``, ``IEEE|802.3``, ``IWA|4``, ``ITU-T|X.509``.

National designations name no ISO/IEC work themselves (their ``adoptions`` do): :func:`work_key` returns None
for them, and for text that is no designation at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from ..errors import DesignationError
from ..records import Designation
from .parse import parse_designation, try_parse_designation

#: organisations whose numbers are ISO's or IEC's own
_ISO_IEC: Final = frozenset({"ISO", "IEC"})
#: document types numbered apart from the standards of the same organisations
_OWN_NUMBERING: Final = {"GUIDE": "GUIDE", "ISP": "ISP"}
#: a reference the parser cannot read but whose organisation and number are plain (``ISO/ABC 123-4:2001``)
_FALLBACK_RE: Final = re.compile(r"^([A-Z]+(?:/[A-Z]+)*(?:\s+(?:TR|TS|PAS))?)\s+(\d+)((?:-\d+)*)(?::\d{4})?$")


def family(prefix: str) -> str:
    """The numbering family of an international prefix (``IEC/TR`` -> ``ISO|IEC``, ``ISO Guide`` ->
    ``ISO|IEC|GUIDE``, ``EN ISO`` -> ``ISO|IEC``, ``EN`` -> ``EN``, ``CISPR`` -> ``CISPR``)."""
    words = _words(prefix)
    if not words:
        return ""
    if _ISO_IEC.intersection(words):
        apart = next((_OWN_NUMBERING[w] for w in words if w in _OWN_NUMBERING), None)
        return f"ISO|IEC|{apart}" if apart else "ISO|IEC"
    if "GUIDE" in words:
        return f"{words[0]}|GUIDE"
    return words[0]


def work_key_from_parts(prefix: str, number: str, parts: Sequence[str]) -> str:
    """``ISO|IEC|60947-5-1``: the family, number and parts of a work (see :func:`family`). An IEC number from
    before the 1997 renumbering is read as today's (``IEC 127-6`` -> ``ISO|IEC|60127-6``, ``IEC 1000-4-2`` ->
    ``ISO|IEC|61000-4-2``): IEC added 60000 to every number below it then, and numbers IEC gives alone stayed
    above 60000 since (a joint ``IEC/ISO 31010`` keeps ISO's number)."""
    key_family = family(prefix)
    if key_family == "ISO|IEC" and number.isdigit() and int(number) < _IEC_RENUMBERED and _iec_alone(prefix):
        number = str(60000 + int(number))
    joined = "-".join(p.upper() for p in parts)
    return f"{key_family}|{number.upper()}" + (f"-{joined}" if joined else "")


#: IEC numbers below this were renumbered by adding 60000 in 1997 (the old series ran up to IEC 1xxx)
_IEC_RENUMBERED: Final = 10000


def _iec_alone(prefix: str) -> bool:
    words = _words(prefix)
    return bool(words) and words[0] == "IEC" and "ISO" not in words


def _words(prefix: str) -> list[str]:
    """The organisations and document types of a prefix: ``ISO/IEC TR`` -> ``["ISO", "IEC", "TR"]``."""
    return [w for w in re.split(r"[/\s]+", prefix.upper().strip()) if w]


def work_key(value: str | Designation) -> str | None:
    """The key of the international work a designation or reference names; None for a national designation
    or text that is not a designation."""
    parsed = value if isinstance(value, Designation) else try_parse_designation(value)
    if parsed is None:
        m = _FALLBACK_RE.match(" ".join(str(value).split()))
        if m is None:
            return None
        return work_key_from_parts(m[1], m[2], [p for p in m[3].split("-") if p])
    if parsed.country != "INT":
        return None
    return work_key_from_parts(parsed.prefix, parsed.number, parsed.parts)


def undated_reference(ref: str) -> str:
    """The reference as written for its work, without year and amendments (``ISO 9001:2015/Amd 1:2016`` ->
    ``ISO 9001``); a national designation gives its own work key, unreadable text its part before ``:``."""
    try:
        parsed = parse_designation(ref)
    except DesignationError:
        return ref.split(":", 1)[0]
    if parsed.country != "INT":
        return parsed.work_key if parsed.year is not None else parsed.canonical
    part = "".join(f"-{p}" for p in parsed.parts)
    return f"{parsed.prefix} {parsed.number}{part}"


__all__ = ["family", "undated_reference", "work_key", "work_key_from_parts"]
