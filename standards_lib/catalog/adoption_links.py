"""The international catalogue as the hub: national adoptions linked to ISO/IEC records, and inferred adoptions.

A declared adoption (``IS/ISO 9001 : 2015``, ``ГОСТ Р ИСО 9001-2015``, samr 采标关系) names an international
work and often its edition. :func:`link_adoptions` points every adoption at the international record of
that edition when the catalogue holds it (``adoptions.international_id``): the exact edition when the
reference is dated, the latest edition when it is not. An adoption whose dated edition is absent stays
unlinked (the work is still known by ``ref_work``): a link to another edition would claim too much.

Inferred adoptions (the work a national standard probably adopts, from the inference engine) are stored in
``adoption_suggestions``, at most one per standard, and replaced at every re-match; the committee's
decisions on them live in ``adoption_reviews`` and are never touched here.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from standards_lib.designation import try_parse_designation

log = logging.getLogger(__name__)


def link_adoptions(conn: Any) -> dict[str, int]:
    """Fill ``adoptions.international_id`` for every adoption; returns counts (linked, unlinked, by edition)."""
    editions: dict[str, list[tuple[int, str]]] = {}
    ids: set[str] = set()
    for sid, work_key, year in conn.execute("SELECT id, work_key, year FROM standards WHERE country = 'INT'"):
        ids.add(sid)
        editions.setdefault(work_key, []).append((year or 0, sid))
    for versions in editions.values():
        versions.sort(reverse=True)
    updates: list[tuple[str | None, str, str]] = []
    counts = {"adoptions": 0, "linked": 0, "latest_edition": 0, "edition_absent": 0, "work_absent": 0}
    for standard_id, ref in conn.execute("SELECT standard_id, ref FROM adoptions").fetchall():
        counts["adoptions"] += 1
        target: str | None = None
        parsed = try_parse_designation(ref)
        if ref in ids:
            target = ref
        elif parsed is not None and parsed.country == "INT":
            if parsed.canonical in ids:
                target = parsed.canonical
            elif parsed.year is None and editions.get(parsed.work_key):
                target = editions[parsed.work_key][0][1]
                counts["latest_edition"] += 1
            elif editions.get(parsed.work_key):
                counts["edition_absent"] += 1
            else:
                counts["work_absent"] += 1
        else:
            counts["work_absent"] += 1
        counts["linked"] += target is not None
        updates.append((target, standard_id, ref))
    conn.executemany("UPDATE adoptions SET international_id = ? WHERE standard_id = ? AND ref = ?", updates)
    log.info("hub: %(linked)d of %(adoptions)d adoptions linked to an international record", counts)
    return counts


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
