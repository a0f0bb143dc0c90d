"""The review workspace's data: a filtered, ordered queue of suggestions as cards, and the progress.

Two kinds of queue: equivalences (table ``suggestions``: a foreign standard and a Chinese one) and
inferred adoptions (``adoption_suggestions``: a national standard and the international work it
probably adopts). Reads go through Datasette's read connections (``Database.execute``), so the
workspace works on immutable replicas too (read-only there).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from standards_lib.catalog.rows import json_or_default
from standards_lib.matching.equivalence.scoring import RELATIONS
from standards_lib.records import TRANSLATED_TITLES
from standards_lib.sectors import SECTORS

from .evidence import EvidenceReading, read_evidence
from .hub_links import IN_SECTOR
from .queue_table import current_sql

PAGE_SIZE = 20
KINDS = ("equivalences", "adoptions")
STATUSES = {
    "open": "Not reviewed 未审核",
    "discuss": "Needs discussion 待讨论",
    "decided": "Decided 已决定",
    "all": "All 全部",
}
ORDERS = {
    "useful": "Most useful first 优先",
    "uncertain": "Uncertain scores first 不确定优先",
    "score": "Highest score first 高分优先",
    "low": "Lowest score first 低分优先",
}
BANDS = {
    "high": ("High ≥ 0.9 高", 0.9, 1.01),
    "mid": ("Middle 0.5–0.9 中", 0.5, 0.9),
    "low": ("Low < 0.5 低", -0.01, 0.5),
}
NATIONAL_COUNTRIES = ("CN", "BR", "RU", "IN", "ZA")


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """What the committee member asked for (validated: unknown values fall back to the defaults)."""

    kind: str = "equivalences"
    status: str = "open"
    sector: str = ""
    country: str = ""
    relation: str = ""
    band: str = ""
    order: str = "useful"
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueFilters:
        def pick(name: str, allowed: Any, default: str = "") -> str:
            value = (args.get(name) or "").strip()
            return value if value in allowed else default

        try:
            page = max(1, min(10_000, int(args.get("page") or 1)))
        except ValueError:
            page = 1
        return cls(
            kind=pick("kind", KINDS, "equivalences"),
            status=pick("status", STATUSES, "open"),
            sector=pick("sector", {s.key for s in SECTORS}),
            country=pick("country", NATIONAL_COUNTRIES),
            relation=pick("relation", RELATIONS),
            band=pick("band", BANDS),
            order=pick("order", ORDERS, "useful"),
            page=page,
        )

    def query(self, **changes: Any) -> dict[str, str]:
        """The query-string parameters of these filters with some changed (defaults left out)."""
        values = {
            "kind": self.kind,
            "status": self.status,
            "sector": self.sector,
            "country": self.country,
            "relation": self.relation,
            "band": self.band,
            "order": self.order,
            "page": str(self.page),
        }
        values.update({k: str(v) for k, v in changes.items()})
        defaults = {"kind": "equivalences", "status": "open", "order": "useful", "page": "1"}
        return {k: v for k, v in values.items() if v and defaults.get(k) != v}


@dataclass(slots=True)
class Side:
    """One standard (or international work) on a card."""

    id: str
    country: str | None = None
    status: str | None = None
    year: int | None = None
    title: str | None = None
    title_lang: str | None = None
    gloss: str | None = None
    #: a foreign standard's Chinese title beside its original, and whether the source marked it a translation
    chinese_title: str | None = None
    chinese_title_translated: bool = False
    ics: list[str] = field(default_factory=list)
    in_catalogue: bool = True


@dataclass(slots=True)
class Card:
    """One suggestion to decide on, with its evidence read and its review history."""

    kind: str
    key: dict[str, str]
    left: Side
    right: Side
    score: float | None
    relation: str | None
    reading: EvidenceReading
    decision: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[Any] = field(default_factory=list)


@dataclass(slots=True)
class Queue:
    """A page of cards and the progress of the filtered set."""

    filters: QueueFilters
    cards: list[Card]
    total: int
    reviewed: int
    matching: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.matching // PAGE_SIZE))


# Own and derived (through the adopted ISO/IEC work) ICS codes: ``standard_classes`` (see .hub_links).
_SECTOR_EXISTS = (
    "exists (select 1 from standard_classes c join sectors sec on sec.sector = :sector and ("
    + IN_SECTOR
    + ") where c.standard_id = {id})"
)

_ORDER = {
    "useful": "rank, score desc, a_id, b_id",
    "uncertain": "abs(score - 0.5), rank, a_id, b_id",
    "score": "score desc, a_id, b_id",
    "low": "score, a_id, b_id",
}

# The latest decision per pair, computed once per query over the (small) review tables.
_LATEST_PAIRS = """latest as materialized (select r.foreign_id, r.chinese_id, r.decision from reviews r
  where r.id in (select max(id) from reviews group by foreign_id, chinese_id))"""
_LATEST_ADOPTIONS = """latest as materialized (select r.standard_id, r.work, r.decision from adoption_reviews r
  where r.id in (select max(id) from adoption_reviews group by standard_id, work))"""


def _copy_filters(filters: QueueFilters) -> tuple[str, dict[str, Any]]:
    """Conditions on the compact ``review_queue`` copy (alias ``q``; country and sectors precomputed)."""
    params: dict[str, Any] = {}
    where = ["1"]
    for name in ("relation", "country"):
        if getattr(filters, name):
            where.append(f"q.{name} = :{name}")
            params[name] = getattr(filters, name)
    if filters.band:
        _, low, high = BANDS[filters.band]
        where.append("q.score >= :low and q.score < :high")
        params.update(low=low, high=high)
    if filters.sector:
        where.append("(',' || q.sectors || ',') like :sector_like")
        params["sector_like"] = f"%,{filters.sector},%"
    return " and ".join(where), params


_COPY_LATEST_JOIN = (
    f"with {_LATEST_PAIRS} select {{columns}} from latest l join review_queue q "
    "on q.foreign_id = l.foreign_id and q.chinese_id = l.chinese_id where {where}"
)


async def _copy_page(db: Any, filters: QueueFilters) -> tuple[tuple[int, int, int], list[dict[str, Any]]]:
    """Counts and the page's rows from the copy: the few decided pairs are joined from the review side, the
    open ones found by walking the copy in order (indexes on the copy keep both short)."""
    where, params = _copy_filters(filters)

    async def counts() -> tuple[int, int, int]:
        total = (await _rows(db, f"select count(*) as n from review_queue q where {where}", params))[0]["n"]
        decided = (
            await _rows(
                db,
                _COPY_LATEST_JOIN.format(
                    columns="count(*) as n, coalesce(sum(l.decision = 'needs_discussion'), 0) as discuss", where=where
                ),
                params,
            )
        )[0]
        return total, decided["n"], decided["discuss"]

    totals = await _cached_counts(db, filters, counts)
    columns = "q.foreign_id as a_id, q.chinese_id as b_id, q.sid, q.rank, q.score"
    order, offset = _ORDER[filters.order], (filters.page - 1) * PAGE_SIZE
    if filters.status in ("decided", "discuss"):
        condition = where + (" and l.decision = 'needs_discussion'" if filters.status == "discuss" else "")
        inner = _COPY_LATEST_JOIN.format(columns=columns, where=condition)
    else:
        reviewed = (
            ""
            if filters.status == "all"
            else f" and q.sid not in (select q2.sid from ({_COPY_LATEST_JOIN.format(columns='q.sid', where='1')}) q2)"
        )
        inner = f"select {columns} from review_queue q where {where}{reviewed}"
    rows = await _rows(
        db,
        f"select x.*, (select r.decision from reviews r where r.foreign_id = x.a_id and "
        f"r.chinese_id = x.b_id order by r.id desc limit 1) as decision from "
        f"(select * from ({inner}) order by {order} limit {PAGE_SIZE} offset {offset}) x "
        f"order by {order}",
        params,
    )
    return totals, rows


async def _copy_is_current(db: Any) -> bool:
    try:
        return bool((await db.execute(current_sql())).rows[0][0])
    except sqlite3.Error:  # no copy (a catalogue whose coverage tables were never computed)
        return False


def _scoped(filters: QueueFilters) -> tuple[str, dict[str, Any]]:
    """``with ... select`` of the suggestions in the filters (any status): a_id, b_id, sid, rank, score, decision."""
    params: dict[str, Any] = {}
    where: list[str] = []
    if filters.kind == "adoptions":
        sql = (
            f"with {_LATEST_ADOPTIONS} select a.standard_id as a_id, a.work as b_id, a.id as sid, 1 as rank, "
            "a.score, l.decision from adoption_suggestions a left join latest l "
            "on l.standard_id = a.standard_id and l.work = a.work"
        )
        ids = ["a.standard_id", "a.international_id"]
        country_of = "a.standard_id"
    else:
        sql = (
            f"with {_LATEST_PAIRS} select sg.foreign_id as a_id, sg.chinese_id as b_id, sg.id as sid, sg.rank, "
            "sg.score, l.decision from suggestions sg left join latest l "
            "on l.foreign_id = sg.foreign_id and l.chinese_id = sg.chinese_id"
        )
        ids = ["sg.foreign_id", "sg.chinese_id"]
        country_of = "sg.foreign_id"
        if filters.relation:
            where.append("sg.relation = :relation")
            params["relation"] = filters.relation
    if filters.country:
        where.append(f"(select country from standards where id = {country_of}) = :country")
        params["country"] = filters.country
    if filters.band:
        _, low, high = BANDS[filters.band]
        where.append("score >= :low and score < :high")
        params.update(low=low, high=high)
    if filters.sector:
        where.append("(" + " or ".join(_SECTOR_EXISTS.format(id=i) for i in ids) + ")")
        params["sector"] = filters.sector
    return sql + (" where " + " and ".join(where) if where else ""), params


_STATUS_WHERE = {
    "open": "decision is null",
    "discuss": "decision = 'needs_discussion'",
    "decided": "decision is not null",
    "all": "1",
}
_COUNTS_CACHE: dict[tuple[Any, ...], tuple[int, int, int]] = {}
_COUNTS_CACHE_SIZE = 256


async def _rows(db: Any, sql: str, params: Mapping[str, Any] | tuple = ()) -> list[dict[str, Any]]:
    result = await db.execute(sql, params)
    return [dict(r) for r in result.rows]


async def _cached_counts(db: Any, filters: QueueFilters, compute: Any) -> tuple[int, int, int]:
    """(total, reviewed, needing discussion) in the filters; cached until a decision or a re-match changes them."""
    table, reviews = (
        ("adoption_suggestions", "adoption_reviews") if filters.kind == "adoptions" else ("suggestions", "reviews")
    )
    version = (
        await _rows(
            db,
            f"select (select max(id) from {reviews}) as r, (select max(id) from {table}) as s, "
            f"(select count(*) from {reviews}) as n",
        )
    )[0]
    key = (
        db.name,
        db.path,
        filters.kind,
        filters.sector,
        filters.country,
        filters.relation,
        filters.band,
        version["r"],
        version["s"],
        version["n"],
    )
    if key not in _COUNTS_CACHE:
        if len(_COUNTS_CACHE) >= _COUNTS_CACHE_SIZE:
            _COUNTS_CACHE.clear()
        _COUNTS_CACHE[key] = await compute()
    return _COUNTS_CACHE[key]


async def load_queue(db: Any, filters: QueueFilters) -> Queue:
    """The page of cards for these filters, and how many of the filtered suggestions are reviewed."""
    if filters.kind == "equivalences" and await _copy_is_current(db):
        (total, reviewed, discuss), rows = await _copy_page(db, filters)
    else:
        scoped, params = _scoped(filters)

        async def counts() -> tuple[int, int, int]:
            row = (
                await _rows(
                    db,
                    f"select count(*) as total, count(decision) as reviewed, "
                    f"coalesce(sum(decision = 'needs_discussion'), 0) as discuss from ({scoped})",
                    params,
                )
            )[0]
            return row["total"] or 0, row["reviewed"] or 0, row["discuss"] or 0

        total, reviewed, discuss = await _cached_counts(db, filters, counts)
        offset = (filters.page - 1) * PAGE_SIZE
        rows = await _rows(
            db,
            f"select * from ({scoped}) where {_STATUS_WHERE[filters.status]} "
            f"order by {_ORDER[filters.order]} limit {PAGE_SIZE} offset {offset}",
            params,
        )
    matching = {"open": total - reviewed, "discuss": discuss, "decided": reviewed, "all": total}[filters.status]
    adoptions = filters.kind == "adoptions"
    if rows:
        marks = ", ".join(f":s{n}" for n in range(len(rows)))
        ids = {f"s{n}": r["sid"] for n, r in enumerate(rows)}
        extra_sql = (
            "select id, evidence, candidates, international_id, null as relation from adoption_suggestions"
            if adoptions
            else "select id, evidence, null as candidates, null as international_id, relation from suggestions"
        )
        extra = {r["id"]: r for r in await _rows(db, f"{extra_sql} where id in ({marks})", ids)}
        rows = [{**r, **{k: v for k, v in extra.get(r["sid"], {}).items() if k != "id"}} for r in rows]
    cards = await _cards(db, rows, adoptions)
    return Queue(filters, cards, total=total, reviewed=reviewed, matching=matching)


def _title_side(row: Mapping[str, Any], ics: list[str]) -> Side:
    country = row.get("country")
    try:
        stored = json.loads(row.get("titles") or "{}")
    except ValueError:
        stored = None
    titles: dict[str, Any] = stored if isinstance(stored, dict) else {}
    for column_lang in ("zh", "ru", "pt", "en"):
        if row.get(f"title_{column_lang}") and column_lang not in titles:
            titles[column_lang] = row[f"title_{column_lang}"]
    own = {"CN": "zh", "RU": "ru", "BR": "pt"}.get(country or "", "en")
    lang = own if titles.get(own) else next(iter(titles), None)
    title = titles.get(lang) if lang else None
    gloss = titles.get("en") if lang != "en" and titles.get("en") != title else None
    chinese_title = titles.get("zh") if lang != "zh" else None
    extra = json_or_default(row.get("extra"), {})
    translated = isinstance(extra, dict) and "zh" in (extra.get(TRANSLATED_TITLES) or [])
    return Side(
        id=row["id"],
        country=country,
        status=row.get("status"),
        year=row.get("year"),
        title=title,
        title_lang=lang,
        gloss=gloss,
        chinese_title=chinese_title,
        chinese_title_translated=translated,
        ics=ics,
    )


async def standard_sides(db: Any, ids: list[str]) -> dict[str, Side]:
    """The card sides of these catalogue ids (titles, gloss, status, year, ICS)."""
    if not ids:
        return {}
    marks = ", ".join(f":i{n}" for n in range(len(ids)))
    params = {f"i{n}": i for n, i in enumerate(ids)}
    rows = await _rows(
        db,
        f"select id, country, status, year, titles, title_zh, title_en, title_ru, title_pt, extra "
        f"from standards where id in ({marks})",
        params,
    )
    ics: dict[str, list[str]] = {}
    for r in await _rows(
        db, f"select standard_id, ics_code from standard_ics where standard_id in ({marks}) order by ics_code", params
    ):
        ics.setdefault(r["standard_id"], []).append(r["ics_code"])
    return {r["id"]: _title_side(r, ics.get(r["id"], [])) for r in rows}


async def _history(db: Any, rows: list[dict[str, Any]], adoptions: bool) -> dict[tuple[str, str], list[dict]]:
    if not rows:
        return {}
    table, a, b = ("adoption_reviews", "standard_id", "work") if adoptions else ("reviews", "foreign_id", "chinese_id")
    marks = ", ".join(f":i{n}" for n in range(len(rows)))
    params = {f"i{n}": r["a_id"] for n, r in enumerate(rows)}
    found: dict[tuple[str, str], list[dict]] = {}
    for r in await _rows(db, f"select * from {table} where {a} in ({marks}) order by id desc", params):
        found.setdefault((r[a], r[b]), []).append(r)
    return found


async def _cards(db: Any, rows: list[dict[str, Any]], adoptions: bool) -> list[Card]:
    wanted = {r["a_id"] for r in rows}
    wanted |= {r.get("international_id") or "" for r in rows} if adoptions else {r["b_id"] for r in rows}
    sides = await standard_sides(db, sorted(w for w in wanted if w))
    history = await _history(db, rows, adoptions)
    cards = []
    for r in rows:
        left = sides.get(r["a_id"]) or Side(id=r["a_id"], in_catalogue=False)
        if adoptions:
            right = sides.get(r.get("international_id") or "") or Side(id=r["b_id"], country="INT", in_catalogue=False)
            right = replace(right, id=r["b_id"])
            key = {"standard_id": r["a_id"], "work": r["b_id"]}
            try:
                candidates = json.loads(r.get("candidates") or "[]")
            except ValueError:
                candidates = []
        else:
            right = sides.get(r["b_id"]) or Side(id=r["b_id"], in_catalogue=False)
            key = {"foreign_id": r["a_id"], "chinese_id": r["b_id"]}
            candidates = []
        cards.append(
            Card(
                kind="adoption" if adoptions else "equivalence",
                key=key,
                left=left,
                right=right,
                score=r["score"],
                relation=r.get("relation"),
                reading=read_evidence(
                    r.get("evidence"), foreign_country=left.country, titles=(left.title or left.gloss, right.title)
                ),
                decision=r.get("decision"),
                history=history.get((r["a_id"], r["b_id"]), []),
                candidates=candidates if isinstance(candidates, list) else [candidates],
            )
        )
    return cards


async def headline(db: Any) -> dict[str, Any]:
    """Figures for the home page: standards per country, suggestions, reviewed and confirmed pairs, sectors."""
    per_country = {
        r["country"]: r["n"]
        for r in await _rows(
            db,
            "select country, count(*) as n from standards group by country "
            "order by country = 'CN' desc, country = 'INT', country",
        )
    }
    pairs = (
        await _rows(
            db,
            """
        select (select count(*) from suggestions) as suggestions,
          (select count(*) from (select 1 from reviews group by foreign_id, chinese_id)) as reviewed,
          (select count(*) from reviews r where r.decision = 'confirmed' and r.id = (select max(r2.id) from reviews r2
             where r2.foreign_id = r.foreign_id and r2.chinese_id = r.chinese_id)) as confirmed""",
            (),
        )
    )[0]
    try:
        sectors = await _rows(
            db,
            "select sector, name_zh, name_en, country, standards, with_suggestion, with_confirmed "
            "from coverage_sectors order by sector, country",
        )
    except sqlite3.Error:  # coverage tables not computed yet (a replica prepared without them)
        sectors = []
    return {"per_country": per_country, **pairs, "sectors": sectors}
