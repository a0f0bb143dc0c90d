"""Canned queries of the published catalogue (Datasette 0.65 ``queries`` block), with named parameters.

The SQL uses the catalogue's fixed table names (see ``catalog/schema.py``) and the SQL functions
the plugin registers on every connection (``plugin.prepare_connection``):

- ``brics_match(query)``: D's ``match_expression``: a query in any language as an FTS5 MATCH
  expression (Chinese words of two characters included);
- ``brics_canonical(text)``: a designation as written to its canonical catalogue id;
- ``brics_ics_field(code)``: the ICS field (first two digits) of an ICS code.

The coverage queries read the tables kept by :mod:`standards_lib.publish.coverage`.

An empty optional parameter (``country``, ``ics_field``) means "all".
"""

from __future__ import annotations

from typing import Any

from standards_lib.records import FOREIGN_COUNTRIES
from standards_lib.sectors import SECTORS

from .display_labels import COUNTRY_LABELS

_FOREIGN_SQL = "('" + "', '".join(FOREIGN_COUNTRIES) + "')"

#: The FTS table attached to ``standards`` and how its rows join back (rowid of ``standards``).
FTS_TABLE = "standards_fts"

# The current (latest) review of each (foreign, chinese) pair.
LATEST_REVIEWS = """
  select r.* from reviews r
  where r.id = (select max(r2.id) from reviews r2
                where r2.foreign_id = r.foreign_id and r2.chinese_id = r.chinese_id)
"""

# Relevance: designation matches, then titles holding the query as a whole word, then current editions
# (brics_relevance, see catalog/relevance.py), then the full-text rank; the tier is computed on the best
# 200 rows by full-text rank only, so a common word stays fast on a large catalogue.
SEARCH = f"""
select designation, country, status, title_zh, title_en, title_other, sample from (
  select s.id as designation, s.country, s.status,
    coalesce(s.title_zh, '') as title_zh, coalesce(s.title_en, '') as title_en,
    coalesce(s.title_ru, s.title_pt, '') as title_other, s.sample, f.rank as fts_rank,
    brics_relevance(s.id, coalesce(s.title_zh, '') || ' ' || coalesce(s.title_en, '') || ' ' ||
                    coalesce(s.title_ru, '') || ' ' || coalesce(s.title_pt, ''), s.status, :q) as tier
  from (select rowid, rank from {FTS_TABLE} where {FTS_TABLE} match brics_match(:q) order by rank limit 200) f
  join standards s on s.rowid = f.rowid
  where (:country = '' or s.country = :country)
)
order by tier, fts_rank
limit 50
"""

EQUIVALENTS = f"""
with target as (select brics_canonical(:designation) as id),
pairs as (
  select sg.foreign_id, sg.chinese_id, sg.rank, sg.score, sg.relation, sg.evidence from suggestions sg, target
  where sg.foreign_id = target.id or sg.chinese_id = target.id
  union
  select lr.foreign_id, lr.chinese_id, null, null, null, null from ({LATEST_REVIEWS}) lr, target
  where (lr.foreign_id = target.id or lr.chinese_id = target.id)
    and not exists (select 1 from suggestions sg2
                    where sg2.foreign_id = lr.foreign_id and sg2.chinese_id = lr.chinese_id)
)
select p.foreign_id, f.country as foreign_country, p.chinese_id,
  coalesce(c.title_zh, c.title_en) as chinese_title, p.rank, round(p.score, 3) as score, p.relation,
  lr.decision as review, lr.reviewer, lr.reviewed_at, p.evidence
from pairs p
left join standards f on f.id = p.foreign_id
left join standards c on c.id = p.chinese_id
left join ({LATEST_REVIEWS}) lr on lr.foreign_id = p.foreign_id and lr.chinese_id = p.chinese_id
order by lr.decision = 'confirmed' desc, p.score desc
"""

NO_EQUIVALENT = f"""
select s.id as designation, s.country, s.status, coalesce(s.title_en, s.title_pt, s.title_ru) as title,
  (select group_concat(ics_code, ' ') from standard_ics si where si.standard_id = s.id) as ics
from standards s
where s.country in {_FOREIGN_SQL}
  and (:country = '' or s.country = :country)
  and (:ics_field = '' or exists (select 1 from standard_ics si
       where si.standard_id = s.id and brics_ics_field(si.ics_code) = :ics_field))
  and not exists (select 1 from suggestions sg where sg.foreign_id = s.id)
  and not exists (select 1 from reviews r where r.foreign_id = s.id and r.decision = 'confirmed')
order by s.country, s.id
limit 1000
"""

AWAITING_REVIEW = """
select sg.foreign_id, f.country, coalesce(f.title_en, f.title_pt, f.title_ru) as foreign_title,
  sg.chinese_id, coalesce(c.title_zh, c.title_en) as chinese_title,
  round(sg.score, 3) as score, sg.relation, sg.rank, sg.evidence
from suggestions sg
left join standards f on f.id = sg.foreign_id
left join standards c on c.id = sg.chinese_id
where not exists (select 1 from reviews r where r.foreign_id = sg.foreign_id and r.chinese_id = sg.chinese_id)
  and (:country = '' or f.country = :country)
order by sg.score desc, sg.foreign_id, sg.rank
limit 500
"""

LAST_CHANGES = """
select ch.run_id, ch.standard_id, ch.change, ch.field, ch.old_value, ch.new_value
from changes ch
where ch.run_id = (select max(run_id) from changes)
order by ch.change, ch.standard_id, ch.field
limit 2000
"""

CONFIRMED_BUT_WITHDRAWN = f"""
select lr.foreign_id, f.status as foreign_status, f.replaced_by as foreign_replaced_by,
  lr.chinese_id, c.status as chinese_status, c.replaced_by as chinese_replaced_by,
  lr.reviewer, lr.reviewed_at, lr.note,
  (select group_concat(rf.reason, '; ') from review_flags rf
   where rf.foreign_id = lr.foreign_id and rf.chinese_id = lr.chinese_id) as refresh_flags
from ({LATEST_REVIEWS}) lr
left join standards f on f.id = lr.foreign_id
left join standards c on c.id = lr.chinese_id
where lr.decision = 'confirmed'
  and (f.status in ('withdrawn', 'replaced') or c.status in ('withdrawn', 'replaced'))
order by lr.reviewed_at desc
"""

COVERAGE = """
select country, ics_field, ics_title, standards, with_suggestion, with_confirmed,
  round(100.0 * with_confirmed / standards, 1) as confirmed_pct, computed_at
from coverage
where (:country = '' or country = :country)
order by country, ics_field
"""

COVERAGE_LIVE = """
with per_standard as (
  select distinct si.standard_id as id, s.country, substr(si.ics_code, 1, 2) as field
  from standard_classes si join standards s on s.id = si.standard_id
  where (:country = '' or s.country = :country)
),
latest as (select foreign_id, chinese_id, decision, max(id) from reviews group by foreign_id, chinese_id),
confirmed(id) as (select foreign_id from latest where decision = 'confirmed'
                  union select chinese_id from latest where decision = 'confirmed'),
suggested(id) as (select foreign_id from suggestions union select chinese_id from suggestions)
select p.country, p.field as ics_field, (select title_en from ics where code = p.field) as ics_title,
  count(*) as standards, count(sg.id) as with_suggestion, count(cf.id) as with_confirmed,
  round(100.0 * count(cf.id) / count(*), 1) as confirmed_pct
from per_standard p left join suggested sg on sg.id = p.id left join confirmed cf on cf.id = p.id
group by p.country, p.field
order by p.country, p.field
"""

SECTOR_COVERAGE = """
select sector, name_zh, name_en, country, standards, with_suggestion, with_confirmed,
  round(100.0 * with_confirmed / standards, 1) as confirmed_pct, computed_at
from coverage_sectors
where sector = :sector
order by country = 'CN' desc, country
"""


#: Parameters offered as a select list: name -> [(value, label)]; the empty value means "all".
PARAMETER_CHOICES: dict[str, list[tuple[str, str]]] = {
    "country": [("", "全部国家 All countries"), *COUNTRY_LABELS.items()],
    "sector": [(s.key, f"{s.name_zh} {s.name_en}") for s in SECTORS],
}
PARAMETER_LABELS: dict[str, str] = {
    "q": "检索词 Search words",
    "country": "国家 Country",
    "designation": "标准号 Designation",
    "ics_field": "ICS 领域（两位数） ICS field (two digits)",
    "sector": "领域 Sector",
}


def canned_queries() -> dict[str, dict[str, Any]]:
    """The ``queries`` block for the catalogue database: name -> {sql, title, description, params}."""
    queries: dict[str, dict[str, Any]] = {
        "search": {
            "sql": SEARCH.strip(),
            "params": ["q", "country"],
            "title": "Search standards / 标准检索",
            "description": "Full-text search of designations and titles in any language (中文, русский, português, "
            "English); Chinese words of two characters such as 电池 work too. Optional country: CN, BR, RU, IN, "
            "ZA or INT.",
        },
        "equivalents": {
            "sql": EQUIVALENTS.strip(),
            "params": ["designation"],
            "title": "Equivalents of a standard / 对应标准",
            "description": "Suggested and reviewed equivalences of one standard (written in any form, e.g. "
            "GB/T 19001—2016 or ГОСТ Р ИСО 9001-2015), confirmed first, then by score.",
        },
        "no_equivalent": {
            "sql": NO_EQUIVALENT.strip(),
            "params": ["country", "ics_field"],
            "title": "Foreign standards without a Chinese equivalent / 无中国对应标准的外国标准",
            "description": "Standards of Brazil, Russia, India and South Africa with no suggested and no confirmed "
            "Chinese equivalent. Optional country (BR, RU, IN, ZA) and ICS field (two digits, e.g. 27).",
        },
        "awaiting_review": {
            "sql": AWAITING_REVIEW.strip(),
            "params": ["country"],
            "title": "Suggestions awaiting review / 待审核的建议",
            "description": "Suggested equivalences nobody has reviewed yet, best score first. Optional country "
            "of the foreign standard.",
        },
        "last_changes": {
            "sql": LAST_CHANGES.strip(),
            "title": "Changes in the last refresh / 最近一次更新的变化",
            "description": "New, changed, withdrawn and replaced standards recorded by the most recent refresh.",
        },
        "confirmed_but_withdrawn": {
            "sql": CONFIRMED_BUT_WITHDRAWN.strip(),
            "title": "Confirmed equivalences with a withdrawn or replaced standard / 已确认但标准已废止或被代替",
            "description": "Confirmed equivalences whose foreign or Chinese standard has since been withdrawn or "
            "replaced: the committee should review them again.",
        },
        "coverage": {
            "sql": COVERAGE.strip(),
            "params": ["country"],
            "title": "Coverage by country and ICS field / 按国家和ICS领域的覆盖率",
            "description": "For each country and ICS field: how many standards, how many with a suggested and "
            "with a confirmed equivalent. Optional country. Counts are kept up to date after every refresh and "
            "review (computed_at); coverage_live counts live.",
        },
        "coverage_live": {
            "sql": COVERAGE_LIVE.strip(),
            "params": ["country"],
            "title": "Coverage by country and ICS field, counted live / 覆盖率（实时统计）",
            "description": "The coverage overview counted from the tables now (slower on a large catalogue). "
            "Optional country.",
        },
        "sector_coverage": {
            "sql": SECTOR_COVERAGE.strip(),
            "params": ["sector"],
            "title": "Coverage of a priority sector / 重点领域覆盖率",
            "description": "Per country: standards in the sector, with a suggested and with a confirmed equivalent. "
            "sector: " + ", ".join(f"{s.key} ({s.name_zh})" for s in SECTORS) + ".",
        },
    }
    for query in queries.values():
        query["hide_sql"] = True  # the committee sees the form and the results; "show" reveals the SQL
    for sector in SECTORS:
        queries[f"coverage_{sector.key}"] = {
            "sql": SECTOR_COVERAGE.replace(":sector", f"'{sector.key}'").strip(),
            "title": f"Coverage: {sector.name_en} / {sector.name_zh}",
            "description": f"Per country, the standards in {sector.name_en} ({sector.name_zh}) — ICS "
            f"{', '.join(sector.ics)} and below — and how many have a suggested and a confirmed equivalent. "
            + sector.description,
            "hide_sql": True,
        }
    return queries
