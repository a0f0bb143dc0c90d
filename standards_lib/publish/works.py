"""The ISO/IEC work as the committee's unit of mutual recognition: its editions, every national adopter per
country (with the degree, the edition and how the link is known) and the equivalences it yields.

Read from the hub tables (:mod:`.hub_links`) on any SQLite connection: the site calls :func:`load_work`
through Datasette's read connections (``Database.execute_fn``), the CLI on the catalogue file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from standards_lib.errors import CatalogError

#: The national countries, in the order the committee reads them (China first).
NATIONAL_ORDER = ("CN", "RU", "IN", "BR", "ZA")
#: The language of each country's own titles.
OWN_LANGUAGE = {"CN": "zh", "RU": "ru", "BR": "pt", "IN": "en", "ZA": "en", "INT": "en"}
_TITLE = "coalesce(case s.country when 'CN' then s.title_zh when 'RU' then s.title_ru when 'BR' then s.title_pt end, "
_TITLE += "s.title_en, s.title_zh, s.title_ru, s.title_pt)"


@dataclass(slots=True)
class Adopter:
    """A national standard adopting the work."""

    id: str
    country: str
    title: str | None
    title_en: str | None
    status: str | None
    year: int | None
    edition_id: str | None
    degree: str | None
    how: str
    score: float | None


@dataclass(slots=True)
class WorkPage:
    """Everything the work page shows."""

    work: str
    editions: list[dict[str, Any]]
    adopters: dict[str, list[Adopter]]
    equivalences: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        return next((e["title_en"] for e in self.editions if e.get("title_en")), None)

    @property
    def ready(self) -> bool:
        """A Chinese and a foreign adopter: the work can carry a mutual recognition."""
        return bool(self.adopters.get("CN")) and any(self.adopters.get(c) for c in NATIONAL_ORDER[1:])


def work_of(designation: str) -> str:
    """The work of an ISO/IEC designation: ``ISO 606:2015`` -> ``ISO 606`` (an undated one is its own work)."""
    text = " ".join(str(designation).split())
    if not text or len(text) > 200:
        raise CatalogError(f"{designation!r} is not an ISO/IEC designation (expected e.g. 'ISO 606' or 'IEC 60904-1')")
    return text.split(":", 1)[0].split("/Amd", 1)[0].strip()


def _rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def editions_of(conn: sqlite3.Connection, work: str) -> list[dict[str, Any]]:
    """The catalogued editions of the work, latest first (a primary-key range: ``ISO 606`` .. ``ISO 606;``)."""
    return _rows(
        conn,
        "select s.id, s.year, s.status, s.title_en, s.title_zh from standards s where s.id >= ? and s.id < ? "
        "and +s.country = 'INT' and (s.id = ? or substr(s.id, length(?) + 1, 1) = ':') order by s.year desc, s.id",
        (work, work + ";", work, work),
    )


def adopters_of(conn: sqlite3.Connection, works: list[str]) -> dict[str, dict[str, list[Adopter]]]:
    """Per work, per country, the national standards linked to it (declared, inferred or confirmed)."""
    found: dict[str, dict[str, list[Adopter]]] = {w: {} for w in works}
    for start in range(0, len(works), 500):
        chunk = works[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for r in _rows(
            conn,
            f"select w.work, w.standard_id as id, s.country, {_TITLE} as title, s.title_en, s.status, s.year, "
            f"w.edition_id, w.degree, w.how, w.score from work_links w join standards s on s.id = w.standard_id "
            f"where w.work in ({marks}) order by w.how = 'declared' desc, w.score desc, w.standard_id",
            chunk,
        ):
            work = r.pop("work")
            found[work].setdefault(r["country"], []).append(Adopter(**r))
    return found


def load_work(conn: sqlite3.Connection, designation: str) -> WorkPage | None:
    """The work page of ``designation`` (any edition or the undated work), or None when the catalogue has
    neither an edition of it nor a national standard linked to it."""
    work = work_of(designation)
    try:
        editions = editions_of(conn, work)
        adopters = adopters_of(conn, [work])[work]
    except sqlite3.OperationalError as exc:  # no hub tables: a catalogue whose coverage was never computed
        raise CatalogError(f"the catalogue has no hub tables yet ({exc}); run `standards publish-prepare`") from exc
    if not editions and not adopters:
        return None
    ids = [a.id for group in adopters.values() for a in group]
    equivalences: list[dict[str, Any]] = []
    if ids:
        marks = ", ".join("?" for _ in ids)
        equivalences = _rows(
            conn,
            f"select sg.foreign_id, sg.chinese_id, sg.score, sg.relation, (select r.decision from reviews r "
            f"where r.foreign_id = sg.foreign_id and r.chinese_id = sg.chinese_id order by r.id desc limit 1) "
            f"as decision from suggestions sg where sg.foreign_id in ({marks}) and sg.chinese_id in ({marks}) "
            f"order by sg.score desc",
            ids + ids,
        )
    ordered = {c: adopters[c] for c in NATIONAL_ORDER if c in adopters}
    return WorkPage(work, editions, ordered, equivalences)


def international_adopters(conn: sqlite3.Connection, designation: str) -> list[Adopter]:
    """Every national adopter of the work of an ISO/IEC edition, in the committee's country order."""
    work = work_of(designation)
    try:
        groups = adopters_of(conn, [work])[work]
    except sqlite3.OperationalError:
        return []
    return [a for c in NATIONAL_ORDER for a in groups.get(c, [])]


__all__ = [
    "NATIONAL_ORDER",
    "Adopter",
    "WorkPage",
    "adopters_of",
    "editions_of",
    "international_adopters",
    "load_work",
    "work_of",
]
