"""Read suggestions back from the catalogue: equivalents of one standard (either side) and all suggestions."""

from __future__ import annotations

import json
from typing import Any

from ..designation import parse_designation, try_parse_designation
from ..errors import MatchError


def _evidence(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.strip():
        try:
            loaded = json.loads(value)
        except json.JSONDecodeError:
            return {"text": value}
        return loaded if isinstance(loaded, dict) else {"value": loaded}
    return {}


def equivalents_for(catalog: Any, designation: str) -> list[dict[str, Any]]:
    """Ranked suggestions for one standard, from either side: a foreign standard lists its Chinese
    equivalents, a Chinese standard its foreign ones. Each item has designation, country, rank, score,
    relation, the chain through the international work when there is one (``IS 2403:2014 —IDT→ ISO
    606:2004 ←inferred 0.93— GB/T 1243-2006``) and the evidence (a dict). Raises DesignationError for an unreadable designation and
    :class:`MatchError` when the standard is not in the catalogue.
    """
    canonical = parse_designation(designation).canonical
    if catalog.get(designation) is None:
        raise MatchError(
            f"{designation!r} (canonical {canonical!r}) is not in the catalogue; "
            "check the designation or run 'standards refresh' first"
        )
    resolve = getattr(catalog, "resolve", None)
    key = (resolve(designation) if resolve is not None else None) or canonical
    items = []
    for row in catalog.suggestions_for(designation):
        is_foreign = row.get("foreign_id") == key
        other = row.get("chinese_id") if is_foreign else row.get("foreign_id")
        parsed = try_parse_designation(other or "")
        evidence = _evidence(row.get("evidence"))
        items.append(
            {
                "designation": other,
                "country": row.get("other_country") or (parsed.country if parsed is not None else None),
                "rank": row.get("rank"),
                "score": row.get("score"),
                "relation": row.get("relation"),
                "chain": (evidence.get("adoption") or {}).get("chain"),
                "evidence": evidence,
                "side": "chinese" if is_foreign else "foreign",
            }
        )
    items.sort(key=lambda item: (-(item["score"] or 0.0), item["designation"] or ""))
    return items


def catalog_suggestions(catalog: Any) -> list[dict[str, Any]]:
    """Every stored suggestion as ``{foreign_id, chinese_id, rank, score, relation}`` rows."""
    if "suggestions" not in catalog.db.table_names():
        return []
    cursor = catalog.db.execute("select foreign_id, chinese_id, rank, score, relation from suggestions")
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


__all__ = ["catalog_suggestions", "equivalents_for"]
