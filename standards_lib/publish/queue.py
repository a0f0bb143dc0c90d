"""The review workspace's data: a filtered, ordered queue of suggestions as cards, and the progress.

Two kinds of queue: equivalences (table ``suggestions``: a foreign standard and a Chinese one) and
inferred adoptions (``adoption_suggestions``: a national standard and the international work it
probably adopts). Reads go through Datasette's read connections (``Database.execute``), so the
workspace works on immutable replicas too (read-only there).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from standards_lib.sectors import SECTORS

from .evidence import EvidenceReading, read_evidence

PAGE_SIZE = 20
KINDS = ("equivalences", "adoptions")
STATUSES = {"open": "Not reviewed 未审核", "discuss": "Needs discussion 待讨论", "decided": "Decided 已决定",
            "all": "All 全部"}
ORDERS = {"useful": "Most useful first 优先", "uncertain": "Uncertain scores first 不确定优先",
          "score": "Highest score first 高分优先", "low": "Lowest score first 低分优先"}
BANDS = {"high": ("High ≥ 0.9 高", 0.9, 1.01), "mid": ("Middle 0.5–0.9 中", 0.5, 0.9), "low": ("Low < 0.5 低", -0.01, 0.5)}
RELATIONS = ("identical", "equivalent", "related")
FOREIGN_COUNTRIES = ("BR", "RU", "IN", "ZA")
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
    def from_args(cls, args: Mapping[str, str]) -> "QueueFilters":
        def pick(name: str, allowed: Any, default: str = "") -> str:
            value = (args.get(name) or "").strip()
            return value if value in allowed else default

        try:
            page = max(1, min(10_000, int(args.get("page") or 1)))
        except ValueError:
            page = 1
        return cls(kind=pick("kind", KINDS, "equivalences"), status=pick("status", STATUSES, "open"),
                   sector=pick("sector", {s.key for s in SECTORS}), country=pick("country", NATIONAL_COUNTRIES),
                   relation=pick("relation", RELATIONS), band=pick("band", BANDS), order=pick("order", ORDERS, "useful"),
                   page=page)

    def query(self, **changes: Any) -> dict[str, str]:
        """The query-string parameters of these filters with some changed (defaults left out)."""
        values = {"kind": self.kind, "status": self.status, "sector": self.sector, "country": self.country,
                  "relation": self.relation, "band": self.band, "order": self.order, "page": str(self.page)}
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


_SECTOR_EXISTS = """exists (select 1 from standard_ics si join sectors sec on sec.sector = :sector
  and (si.ics_code = sec.ics_code or (si.ics_code > sec.ics_code || '.' and si.ics_code < sec.ics_code || '/'))
  where si.standard_id in ({ids}))"""


def _where(filters: QueueFilters, *, ids: str, country_column: str, decision_column: str) -> tuple[list[str], dict]:
    """Conditions and parameters shared by both kinds (the status condition is separate, see _status)."""
    where, params = [], {}
    if filters.sector:
        where.append(_SECTOR_EXISTS.format(ids=ids))
        params["sector"] = filters.sector
    if filters.country:
        where.append(f"{country_column} = :country")
        params["country"] = filters.country
    if filters.band:
        _, low, high = BANDS[filters.band]
        where.append("score >= :low and score < :high")
        params.update(low=low, high=high)
    return where, params


def _status(filters: QueueFilters, decision_column: str) -> list[str]:
    return {"open": [f"{decision_column} is null"], "discuss": [f"{decision_column} = 'needs_discussion'"],
            "decided": [f"{decision_column} is not null"], "all": []}[filters.status]


_ORDER = {"useful": "rank, score desc, a_id, b_id", "uncertain": "abs(score - 0.5), rank, a_id, b_id",
          "score": "score desc, a_id, b_id", "low": "score, a_id, b_id"}

_PAIRS = """
select sg.foreign_id as a_id, sg.chinese_id as b_id, sg.rank, sg.score, sg.relation, sg.evidence,
  f.country as country,
  (select r.decision from reviews r where r.foreign_id = sg.foreign_id and r.chinese_id = sg.chinese_id
   order by r.id desc limit 1) as decision
from suggestions sg join standards f on f.id = sg.foreign_id
"""

_ADOPTIONS = """
select a.standard_id as a_id, a.work as b_id, 1 as rank, a.score, null as relation, a.evidence, a.candidates,
  a.international_id, s.country as country,
  (select r.decision from adoption_reviews r where r.standard_id = a.standard_id and r.work = a.work
   order by r.id desc limit 1) as decision
from adoption_suggestions a join standards s on s.id = a.standard_id
"""


async def _rows(db: Any, sql: str, params: Mapping[str, Any] | tuple = ()) -> list[dict[str, Any]]:
    result = await db.execute(sql, params)
    return [dict(r) for r in result.rows]


async def load_queue(db: Any, filters: QueueFilters) -> Queue:
    """The page of cards for these filters, and how many of the filtered suggestions are reviewed."""
    adoptions = filters.kind == "adoptions"
    base = _ADOPTIONS if adoptions else _PAIRS
    ids = "x.a_id" if adoptions else "x.a_id, x.b_id"
    where, params = _where(filters, ids=ids, country_column="x.country", decision_column="x.decision")
    if filters.relation and not adoptions:
        where.append("x.relation = :relation")
        params["relation"] = filters.relation
    scoped = f"select * from ({base}) x" + (" where " + " and ".join(where) if where else "")
    counts = await _rows(db, f"select count(*) as total, count(decision) as reviewed, "
                             f"sum(decision = 'needs_discussion') as discuss from ({scoped})", params)
    status = _status(filters, "decision")
    listed = f"select * from ({scoped})" + (" where " + " and ".join(status) if status else "")
    matching = (await _rows(db, f"select count(*) as n from ({listed})", params))[0]["n"]
    offset = (filters.page - 1) * PAGE_SIZE
    rows = await _rows(db, f"{listed} order by {_ORDER[filters.order]} limit {PAGE_SIZE} offset {offset}", params)
    cards = await _cards(db, rows, adoptions)
    return Queue(filters, cards, total=counts[0]["total"] or 0, reviewed=counts[0]["reviewed"] or 0, matching=matching)


def _title_side(row: Mapping[str, Any], ics: list[str]) -> Side:
    country = row.get("country")
    titles = {}
    try:
        titles = json.loads(row.get("titles") or "{}") or {}
    except ValueError:
        titles = {}
    for lang in ("zh", "ru", "pt", "en"):
        if row.get(f"title_{lang}") and lang not in titles:
            titles[lang] = row[f"title_{lang}"]
    own = {"CN": "zh", "RU": "ru", "BR": "pt"}.get(country or "", "en")
    lang = own if titles.get(own) else next(iter(titles), None)
    title = titles.get(lang) if lang else None
    gloss = titles.get("en") if lang != "en" and titles.get("en") != title else None
    return Side(id=row["id"], country=country, status=row.get("status"), year=row.get("year"), title=title,
                title_lang=lang, gloss=gloss, ics=ics)


async def standard_sides(db: Any, ids: list[str]) -> dict[str, Side]:
    """The card sides of these catalogue ids (titles, gloss, status, year, ICS)."""
    if not ids:
        return {}
    marks = ", ".join(f":i{n}" for n in range(len(ids)))
    params = {f"i{n}": i for n, i in enumerate(ids)}
    rows = await _rows(db, f"select id, country, status, year, titles, title_zh, title_en, title_ru, title_pt "
                           f"from standards where id in ({marks})", params)
    ics: dict[str, list[str]] = {}
    for r in await _rows(db, f"select standard_id, ics_code from standard_ics where standard_id in ({marks}) "
                             f"order by ics_code", params):
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
        cards.append(Card(
            kind="adoption" if adoptions else "equivalence", key=key, left=left, right=right, score=r["score"],
            relation=r.get("relation"), reading=read_evidence(r.get("evidence"), foreign_country=left.country),
            decision=r.get("decision"), history=history.get((r["a_id"], r["b_id"]), []),
            candidates=candidates if isinstance(candidates, list) else [candidates],
        ))
    return cards


async def headline(db: Any) -> dict[str, Any]:
    """Figures for the home page: standards per country, suggestions, reviewed and confirmed pairs, sectors."""
    per_country = {r["country"]: r["n"] for r in await _rows(
        db, "select country, count(*) as n from standards group by country "
            "order by country = 'CN' desc, country = 'INT', country")}
    pairs = (await _rows(db, """
        select (select count(*) from suggestions) as suggestions,
          (select count(*) from (select 1 from reviews group by foreign_id, chinese_id)) as reviewed,
          (select count(*) from reviews r where r.decision = 'confirmed' and r.id = (select max(r2.id) from reviews r2
             where r2.foreign_id = r.foreign_id and r2.chinese_id = r.chinese_id)) as confirmed""", ()))[0]
    try:
        sectors = await _rows(db, "select sector, name_zh, name_en, country, standards, with_suggestion, with_confirmed "
                                  "from coverage_sectors order by sector, country")
    except sqlite3.Error:  # coverage tables not computed yet (a replica prepared without them)
        sectors = []
    return {"per_country": per_country, **pairs, "sectors": sectors}
