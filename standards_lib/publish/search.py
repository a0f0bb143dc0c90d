"""Search across languages, ranked once for the site (``/-/search``) and ``standards search``.

A query finds, in this order (each group ranked by :func:`~standards_lib.catalog.relevance.relevance_tier`,
then the full-text rank):

1. ``designation``: the standards of the designation's family when the query is a designation (``IS 2403``
   finds IS 2403:2014 before ISO 2403x), or whose designation holds the query's letters and digits;
2. ``title``: the standards whose designation or title holds every word of the query (the catalogue's
   full-text index, Chinese through bigrams);
3. ``translated``: the standards titled in another language, through the glossary rendering of the query
   (太阳能 -> ``solar`` finds the Indian solar standards; ``roller chain`` -> 滚子链 through English titles);
4. ``linked``: the standards linked to what was found: a standard's suggested equivalents, the other adopters
   of the ISO/IEC work it adopts, the adopters of an ISO/IEC edition found (滚子链 -> GB/T 1243-2024 ->
   IS 2403:2014; ``wind turbines`` -> IEC 61400-1:2019 -> the Chinese standard inferred to adopt it).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from typing import Any

from standards_lib.catalog.fts import match_expression
from standards_lib.catalog.relevance import relevance_tier
from standards_lib.designation import try_parse_designation
from standards_lib.errors import StandardsError
from standards_lib.matching import translate_title

log = logging.getLogger(__name__)

PER_PAGE = 20
#: Candidates read from the full-text index per group (a page never reads more).
MAX_HITS = 400
MAX_QUERY_CHARS = 200
FOUND_BY = {
    "designation": "标准号 designation",
    "title": "标题 title",
    "translated": "跨语言 across languages",
    "linked": "关联 linked",
}
_COLUMNS = "s.id, s.country, s.status, s.year, s.title_zh, s.title_en, s.title_ru, s.title_pt, s.work_key"


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of results and how many there are in all."""

    query: str
    total: int
    page: int
    rows: list[dict[str, Any]]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def _rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def _fts(conn: sqlite3.Connection, expression: str) -> list[dict[str, Any]]:
    if not expression:
        return []
    try:
        return _rows(
            conn,
            f"select {_COLUMNS}, f.rank as fts_rank from (select rowid, rank from standards_fts where standards_fts "
            f"match ? order by rank limit {MAX_HITS}) f join standards s on s.rowid = f.rowid",
            (expression,),
        )
    except sqlite3.OperationalError as exc:
        log.info("full-text search %r not usable: %s", expression, exc)
        return []


def _family(conn: sqlite3.Connection, query: str) -> list[dict[str, Any]]:
    parsed = try_parse_designation(query)
    if parsed is None or not parsed.work_key:
        return []
    return _rows(conn, f"select {_COLUMNS}, 0.0 as fts_rank from standards s where s.work_key = ?", (parsed.work_key,))


def _translated_expression(query: str) -> str:
    """The query rendered in English stems through the glossary, as a prefix query on the titles."""
    try:
        rendered = translate_title(query)
    except StandardsError:
        return ""
    if rendered.lang == "en":
        return ""  # an English query is already searched as written; links reach the other languages
    slots = []
    for slot in rendered.slots:  # every word of the query, each in any of its renderings
        phrases = [[s for s in phrase if len(s) > 1 and '"' not in s] for phrase in slot.phrases[:4]]
        alternatives = ["(" + " AND ".join(f'titles : "{s}"*' for s in p) + ")" for p in phrases if p]
        if alternatives:
            slots.append("(" + " OR ".join(dict.fromkeys(alternatives)) + ")")
    return " AND ".join(slots)


def _linked(conn: sqlite3.Connection, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    return _rows(
        conn,
        f"""select {_COLUMNS}, 0.0 as fts_rank from standards s where s.id in (
          select chinese_id from suggestions where foreign_id in ({marks})
          union select foreign_id from suggestions where chinese_id in ({marks})
          union select w2.standard_id from work_links w1 join work_links w2 on w2.work = w1.work
            where w1.standard_id in ({marks})
          union select w3.standard_id from work_links w3 where w3.work in (select case when instr(e.id, ':')
            then substr(e.id, 1, instr(e.id, ':') - 1) else e.id end from standards e
            where e.id in ({marks}) and +e.country = 'INT'))""",
        ids * 4,
    )


def search(
    conn: sqlite3.Connection, query: str, *, country: str | None = None, page: int = 1, per_page: int = PER_PAGE
) -> SearchResult:
    """The page ``page`` of the standards answering ``query`` in any language, and the total."""
    text = " ".join(str(query or "").split())[:MAX_QUERY_CHARS]
    if not text:
        return SearchResult(text, 0, 1, [])
    groups: list[tuple[str, list[dict[str, Any]]]] = [("designation", _family(conn, text))]
    direct = _fts(conn, match_expression(text))
    groups.append(("title", direct))
    groups.append(("translated", _fts(conn, _translated_expression(text))))
    seeds = [r["id"] for r in direct[:50]] + [r["id"] for r in groups[0][1][:20]]
    try:
        groups.append(("linked", _linked(conn, seeds)))
    except sqlite3.OperationalError:  # no hub tables yet: no linked results
        pass
    seen: set[str] = set()
    ranked: list[dict[str, Any]] = []
    for found_by, rows in groups:
        scored = []
        for r in rows:
            if r["id"] in seen or (country and r["country"] != country):
                continue
            titles = " ".join(r.get(k) or "" for k in ("title_zh", "title_en", "title_ru", "title_pt"))
            tier = relevance_tier(r["id"], titles, r.get("status"), text)
            scored.append(((tier, r.get("fts_rank") or 0.0, r["id"]), {**r, "found_by": found_by}))
            seen.add(r["id"])
        scored.sort(key=lambda x: x[0])
        ranked.extend(row for _, row in scored)
    page = max(1, min(page, 10_000))
    start = (page - 1) * per_page
    for row in ranked:
        row.pop("fts_rank", None)
        row.pop("work_key", None)
    return SearchResult(text, len(ranked), page, ranked[start : start + per_page])


def title_of(row: dict[str, Any]) -> str:
    """The title of a result in its own language (Chinese for Chinese standards)."""
    own = {"CN": "title_zh", "RU": "title_ru", "BR": "title_pt"}.get(row.get("country") or "", "title_en")
    return (
        row.get(own) or row.get("title_zh") or row.get("title_en") or row.get("title_ru") or row.get("title_pt") or ""
    )


__all__ = ["FOUND_BY", "PER_PAGE", "SearchResult", "search", "title_of"]
