"""The international catalogue as the hub: national adoptions linked to ISO/IEC records, and inferred adoptions.

A declared adoption (``IS/ISO 9001 : 2015``, ``ГОСТ Р ИСО 9001-2015``, samr 采标关系) names an international
work and often its edition. :func:`link_adoptions` points every adoption at the international record of
that edition when the catalogue holds it (``adoptions.international_id``). Works are compared by
:func:`standards_lib.designation.work.work_key` (``IEC 82079-1:2019`` finds ``IEC/IEEE 82079-1:2019``).

- an undated reference links to the latest edition of its work (``latest_edition``);
- a dated reference links, in this order, to the edition of that year (``edition``); else to the base edition
  that carries an amendment, corrigendum or consolidated version of that year (``amended_edition``:
  ``ГОСТ 14254-2015 (IEC 60529:2013)`` names IEC 60529:1989, whose Amendment 2 and consolidated version 2.2
  are of 2013); else it stays unlinked with its work known by ``ref_work`` (``work_only``: a link to another
  edition would claim too much);
- a reference whose work is not in the catalogue stays unlinked (``work_absent``).

Inferred adoptions (the work a national standard probably adopts, from the inference engine) are stored in
``adoption_suggestions``, at most one per standard, and replaced at every re-match; the committee's
decisions on them live in ``adoption_reviews`` and are never touched here.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from standards_lib.designation import try_parse_designation
from standards_lib.designation.work import work_key, work_key_from_parts

log = logging.getLogger(__name__)


def link_adoptions(conn: Any) -> dict[str, int]:
    """Fill ``adoptions.international_id`` for every adoption; returns counts (linked, and how: see the module)."""
    works: dict[str, list[_Edition]] = {}
    ids: set[str] = set()
    for sid, prefix, number, part, year, extra in conn.execute(
        "SELECT id, prefix, number, part, year, extra FROM standards WHERE country = 'INT'"
    ):
        ids.add(sid)
        key = work_key_from_parts(prefix or "", number or "", part.split("-") if part else ())
        works.setdefault(key, []).append(_Edition(year or 0, sid, _supplement_years(extra)))
    for editions in works.values():
        editions.sort(key=lambda e: (e.year, e.id), reverse=True)
    updates: list[tuple[str | None, str, str]] = []
    counts = dict.fromkeys(
        ("adoptions", "linked", "edition", "latest_edition", "amended_edition", "work_only", "work_absent"), 0
    )
    for standard_id, ref in conn.execute("SELECT standard_id, ref FROM adoptions").fetchall():
        counts["adoptions"] += 1
        target, how = _target(ref, ids, works)
        counts[how] += 1
        counts["linked"] += target is not None
        updates.append((target, standard_id, ref))
    conn.executemany("UPDATE adoptions SET international_id = ? WHERE standard_id = ? AND ref = ?", updates)
    log.info("hub: %(linked)d of %(adoptions)d adoptions linked to an international record", counts)
    return counts


@dataclass(frozen=True, slots=True)
class _Edition:
    year: int
    id: str
    supplement_years: frozenset[int]


def _target(ref: str, ids: set[str], works: dict[str, list[_Edition]]) -> tuple[str | None, str]:
    """The international record an adoption reference links to, and how (a key of the counts)."""
    if ref in ids:
        return ref, "edition"
    parsed = try_parse_designation(ref)
    key = work_key(parsed) if parsed is not None else None
    if parsed is None or key is None:
        return None, "work_absent"
    if parsed.canonical in ids:
        return parsed.canonical, "edition"
    editions = works.get(key)
    if not editions:
        return None, "work_absent"
    if parsed.year is None:
        return editions[0].id, "latest_edition"
    same_year = [e for e in editions if e.year == parsed.year]
    if same_year:
        return same_year[0].id, "edition"
    amended = [e for e in editions if parsed.year in e.supplement_years and e.year < parsed.year]
    if amended:
        return amended[0].id, "amended_edition"
    return None, "work_only"


_YEAR_RE = re.compile(r":((?:19|20)\d{2})(?!\d)")


def _supplement_years(extra: str | None) -> frozenset[int]:
    """Years of the amendments, corrigenda and consolidated versions listed on an international record
    (``extra["amendments"]`` and ``extra["versions"]`` of the relaton-intl source): the last year written in
    each designation (``IEC 60529:1989+AMD1:1999+AMD2:2013 CSV`` -> 2013), else the year of its date."""
    if not extra or ('"amendments"' not in extra and '"versions"' not in extra):
        return frozenset()
    try:
        data = json.loads(extra)
    except ValueError:
        return frozenset()
    years: set[int] = set()
    for name in ("amendments", "versions"):
        listed = data.get(name) if isinstance(data, dict) else None
        for item in listed if isinstance(listed, list) else ():
            if not isinstance(item, dict):
                continue
            written = _YEAR_RE.findall(str(item.get("designation") or ""))
            date = str(item.get("date") or "")
            if written:
                years.add(int(written[-1]))
            elif date[:4].isdigit():
                years.add(int(date[:4]))
    return frozenset(years)


def replace_adoption_suggestions(
    conn: Any, rows: Iterable[dict[str, Any]], *, model_version: str, run_id: int | None, now: str
) -> int:
    """Replace every inferred adoption by these rows (``standard_id``, ``work``, ``international_id``, ``score``,
    ``evidence``, ``candidates``); the committee's adoption reviews are never touched."""
    values = [
        (
            r["standard_id"],
            r["work"],
            r.get("international_id"),
            r.get("score"),
            json.dumps(r.get("evidence") or {}, ensure_ascii=False, sort_keys=True),
            json.dumps(r.get("candidates") or [], ensure_ascii=False),
            model_version,
            run_id,
            now,
        )
        for r in rows
    ]
    conn.execute("DELETE FROM adoption_suggestions")
    conn.executemany(
        "INSERT INTO adoption_suggestions (standard_id, work, international_id, score, evidence, candidates, "
        "model_version, run_id, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        values,
    )
    return len(values)


__all__ = ["link_adoptions", "replace_adoption_suggestions"]
