"""The data behind a standard's own page (``/-/standard/{id}``), read through Datasette's read connections.

Reading goes through Datasette's ``Database.execute`` (read-only, works on immutable copies), so the
page needs no writable catalogue; reviews are written by ``plugin/writes.py``.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from standards_lib.catalog.rows import json_or_default
from standards_lib.errors import VocabularyError
from standards_lib.records import TRANSLATED_TITLES
from standards_lib.vocab import DECISIONS

from .display_labels import COUNTRY_LABELS, STATUS_LABELS  # noqa: F401 (templates read labels.*)
from .evidence_labels import RELATION_WORDS, relation_label  # noqa: F401 (templates read labels.relation_label)
from .hub_links import HOW_LABELS  # noqa: F401 (templates read labels.HOW_LABELS)
from .source_links import official_link  # noqa: F401 (templates read labels.official_link)

log = logging.getLogger(__name__)

#: Form button value -> decision stored by ``Catalog.record_review``.
ACTIONS = {"confirm": "confirmed", "reject": "rejected", "discuss": "needs_discussion"}

LANGUAGE_LABELS = {
    "zh": "中文 Chinese",
    "en": "English 英文",
    "ru": "Русский Russian 俄文",
    "pt": "Português Portuguese 葡萄牙文",
    "fr": "Français French 法文",
    "und": "Other 其他",
}
RELATION_LABELS = RELATION_WORDS
DECISION_LABELS = {
    "confirmed": "已确认 confirmed",
    "rejected": "已否决 rejected",
    "needs_discussion": "待讨论 needs discussion",
}


@dataclass(slots=True)
class Equivalent:
    """One suggested or reviewed equivalence seen from the page's standard."""

    foreign_id: str
    chinese_id: str
    other_id: str
    other_country: str | None
    other_title: str | None
    other_status: str | None
    rank: int | None
    score: float | None
    relation: str | None
    evidence: dict[str, Any]
    foreign_country: str | None = None
    decision: str | None = None
    reviewer: str | None = None
    reviewed_at: str | None = None
    note: str | None = None


@dataclass(slots=True)
class StandardPage:
    """Everything the standard page shows."""

    id: str
    row: dict[str, Any]
    titles: list[tuple[str, str, str]]
    ics: list[dict[str, Any]]
    ccs: list[dict[str, Any]]
    adoptions: list[dict[str, Any]]
    equivalents: list[Equivalent]
    reviews: list[dict[str, Any]] = field(default_factory=list)
    adopted_by: list[dict[str, Any]] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)


def _titles(row: dict[str, Any]) -> list[tuple[str, str, str]]:
    titles: dict[str, str] = {}
    for lang, title in (json_or_default(row.get("titles"), {}) or {}).items():
        if title:
            titles[lang] = title
    for lang in ("zh", "en", "ru", "pt"):
        if row.get(f"title_{lang}") and lang not in titles:
            titles[lang] = row[f"title_{lang}"]
    order = ["zh", "en", "ru", "pt"]
    langs = sorted(titles, key=lambda lang: (order.index(lang) if lang in order else len(order), lang))
    extra = json_or_default(row.get("extra"), {})
    translated = set(extra.get(TRANSLATED_TITLES) or []) if isinstance(extra, dict) else set()
    return [
        (lang, LANGUAGE_LABELS.get(lang, lang) + (" — 译文 translation" if lang in translated else ""), titles[lang])
        for lang in langs
    ]


async def _table_columns(db: Any, table: str) -> list[str]:
    result = await db.execute(f"select name from pragma_table_info('{table}')")
    return [r[0] for r in result.rows]


async def _rows(db: Any, sql: str, params: tuple[Any, ...] | dict[str, Any]) -> list[dict[str, Any]]:
    result = await db.execute(sql, params)
    return [dict(r) for r in result.rows]


async def load_standard_page(db: Any, standard_id: str) -> StandardPage | None:
    """Read one standard and its classification, adoptions, equivalents and reviews; None when absent.

    ``db`` is a ``datasette.database.Database`` (its ``execute`` is async and read-only).
    """
    found = await _rows(db, "select * from standards where id = ?", (standard_id,))
    if not found:
        return None
    row = found[0]
    ics = await _rows(
        db,
        "select si.ics_code as code, ics.title_en as title from standard_ics si "
        "left join ics on ics.code = si.ics_code where si.standard_id = ? order by si.ics_code",
        (standard_id,),
    )
    ccs_columns = await _table_columns(db, "standard_ccs")
    ccs_code = "ccs_code" if "ccs_code" in ccs_columns else "code"
    ccs = await _rows(
        db,
        f"select sc.{ccs_code} as code, ccs.title_zh as title from standard_ccs sc "
        f"left join ccs on ccs.code = sc.{ccs_code} where sc.standard_id = ? order by 1",
        (standard_id,),
    )
    adoptions = await _rows(
        db,
        "select a.ref, a.degree, a.evidence, "
        "(select s2.id from standards s2 where s2.id = a.ref) as ref_in_catalogue "
        "from adoptions a where a.standard_id = ? order by a.ref",
        (standard_id,),
    )
    inferred = await _rows(
        db,
        "select s.work, s.international_id, s.score, (select r.decision from adoption_reviews r "
        "where r.standard_id = s.standard_id and r.work = s.work order by r.id desc limit 1) as decision "
        "from adoption_suggestions s where s.standard_id = ?",
        (standard_id,),
    )
    for r in inferred:  # the work this standard probably adopts, inferred from its title across languages
        if r["decision"] == "rejected":
            continue  # the committee said no: not an adoption
        confirmed = r["decision"] == "confirmed"
        decided = (
            DECISION_LABELS.get(r["decision"], "未审核 not reviewed yet")
            if r["decision"]
            else "未审核 not reviewed yet"
        )
        adoptions.append(
            {
                "ref": r["work"],
                "degree": "委员会确认 confirmed" if confirmed else "推断 probable",
                "evidence": f"inferred across languages, score {float(r['score'] or 0):.2f}; committee: {decided}",
                "ref_in_catalogue": r["international_id"],
            }
        )
    equivalents = await _equivalents(db, standard_id)
    adopted_by = []
    if row.get("country") == "INT":  # every national standard adopting the work: declared, inferred, confirmed
        work = standard_id.split(":")[0]
        try:
            adopted_by = await _rows(
                db,
                "select w.standard_id as id, coalesce(w.edition_id, w.work) as ref, w.degree, w.how, w.score, "
                "s.country, s.status from work_links w join standards s on s.id = w.standard_id where w.work = ? "
                "order by case s.country when 'CN' then 0 when 'RU' then 1 when 'IN' then 2 when 'BR' then 3 "
                "else 4 end, w.how = 'declared' desc, w.score desc, w.standard_id limit 200",
                (work,),
            )
        except sqlite3.Error:  # no hub tables yet (coverage never computed): the declared adoptions only
            adopted_by = await _rows(
                db,
                "select a.standard_id as id, a.ref, a.degree, 'declared' as how, null as score, s.country, s.status "
                "from adoptions a join standards s on s.id = a.standard_id where a.ref = ? or a.ref_work = ? "
                "order by s.country, a.standard_id limit 200",
                (standard_id, work),
            )
    reviews = await _rows(
        db,
        "select foreign_id, chinese_id, decision, reviewer, reviewed_at, note from reviews "
        "where foreign_id = ? or chinese_id = ? order by id desc limit 50",
        (standard_id, standard_id),
    )
    return StandardPage(
        id=standard_id,
        row=row,
        titles=_titles(row),
        ics=ics,
        ccs=ccs,
        adoptions=adoptions,
        equivalents=equivalents,
        reviews=reviews,
        adopted_by=adopted_by,
        replaces=list(json_or_default(row.get("replaces"), []) or []),
        replaced_by=list(json_or_default(row.get("replaced_by"), []) or []),
    )


_EQUIVALENTS_SQL = """
with pairs as (
  select foreign_id, chinese_id, rank, score, relation, evidence from suggestions
  where foreign_id = :id or chinese_id = :id
  union all
  select distinct r.foreign_id, r.chinese_id, null, null, null, null from reviews r
  where (r.foreign_id = :id or r.chinese_id = :id)
    and not exists (select 1 from suggestions s where s.foreign_id = r.foreign_id and s.chinese_id = r.chinese_id)
)
select p.*, o.id as other_id, o.country as other_country, o.status as other_status,
  (select country from standards f where f.id = p.foreign_id) as foreign_country,
  coalesce(case when o.country = 'CN' then o.title_zh end, o.title_en, o.title_zh, o.title_pt, o.title_ru) as other_title,
  lr.decision, lr.reviewer, lr.reviewed_at, lr.note
from pairs p
left join standards o on o.id = case when p.foreign_id = :id then p.chinese_id else p.foreign_id end
left join reviews lr on lr.id = (select max(r2.id) from reviews r2
                                 where r2.foreign_id = p.foreign_id and r2.chinese_id = p.chinese_id)
order by lr.decision = 'confirmed' desc, p.score desc, p.rank
"""


async def _equivalents(db: Any, standard_id: str) -> list[Equivalent]:
    result = []
    for r in await _rows(db, _EQUIVALENTS_SQL, {"id": standard_id}):
        other = r["chinese_id"] if r["foreign_id"] == standard_id else r["foreign_id"]
        result.append(
            Equivalent(
                foreign_id=r["foreign_id"],
                chinese_id=r["chinese_id"],
                other_id=other,
                other_country=r["other_country"],
                other_title=r["other_title"],
                other_status=r["other_status"],
                rank=r["rank"],
                score=r["score"],
                relation=r["relation"],
                evidence=json_or_default(r["evidence"], {}) or {},
                foreign_country=r["foreign_country"],
                decision=r["decision"],
                reviewer=r["reviewer"],
                reviewed_at=r["reviewed_at"],
                note=r["note"],
            )
        )
    return result


def decision_for(action: str) -> str:
    """The stored decision for a form action (confirm/reject/discuss, or the decision itself)."""
    decision = ACTIONS.get(action, action)
    if decision not in DECISIONS:
        raise VocabularyError("review decision", action, list(ACTIONS) + list(DECISIONS))
    return decision
