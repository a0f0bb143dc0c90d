"""The ISO/IEC work as the hub: every national standard's link to the work it adopts, and the ICS codes it
takes from that work.

Two tables of the published catalogue, owned by the publishing layer like the coverage counts and rebuilt
with them (:func:`rebuild_hub_tables`, called by :func:`.coverage.update_coverage_connection`):

``work_links`` (standard_id, country, work, edition_id, degree, how, score): one row per national standard
and ISO/IEC work it adopts, ``how`` saying how the link is known —

- ``declared``: a source states it (``adoptions``: the designation, the samr 采标关系 field, ...);
- ``inferred``: the adoption inference suggests it (``adoption_suggestions`` keeps only inferences whose
  score reached the model's threshold) and the committee has not rejected it;
- ``confirmed``: the committee confirmed it (latest decision in ``adoption_reviews``).

``standard_classes`` (standard_id, ics_code, ics_field, derived_via): a standard's own ICS codes
(``derived_via`` null) and, for codes it does not carry itself, those of every edition of each linked
work (``derived_via`` = the work). Sector filters, coverage counts and charts read this table, so that
the 17,000 Chinese standards without an ICS code of their own count under the sector of the work they adopt.
"""

from __future__ import annotations

import logging
import sqlite3

log = logging.getLogger(__name__)

HOW = ("declared", "inferred", "confirmed")
HOW_LABELS = {"declared": "来源声明 declared", "inferred": "推断 inferred", "confirmed": "委员会确认 confirmed"}

_CREATE = """
create table if not exists work_links (standard_id text not null, country text, work text not null,
  edition_id text, degree text, how text not null, score float, primary key (standard_id, work));
create index if not exists work_links_work on work_links (work);
create table if not exists standard_classes (standard_id text not null, ics_code text not null, ics_field text,
  derived_via text, primary key (standard_id, ics_code));
create index if not exists standard_classes_code on standard_classes (ics_code)
"""

# The latest adoption decision per (standard, work); declared links first, so that "insert or ignore" keeps
# the strongest way a link is known.
_FILL_LINKS = """
insert or ignore into work_links (standard_id, country, work, edition_id, degree, how, score)
select a.standard_id, s.country, a.ref_work, a.international_id, a.degree, 'declared', null
from adoptions a join standards s on s.id = a.standard_id
where a.ref_work is not null and a.ref_work != '' and coalesce(a.evidence, '') != 'inferred'
order by a.international_id is null;

with latest as materialized (select r.standard_id, r.work, r.decision from adoption_reviews r
  where r.id in (select max(id) from adoption_reviews group by standard_id, work))
insert or ignore into work_links (standard_id, country, work, edition_id, degree, how, score)
select a.standard_id, s.country, a.work, a.international_id, null,
  case when l.decision = 'confirmed' then 'confirmed' else 'inferred' end, a.score
from adoption_suggestions a join standards s on s.id = a.standard_id
left join latest l on l.standard_id = a.standard_id and l.work = a.work
where coalesce(l.decision, '') != 'rejected';

with latest as materialized (select r.standard_id, r.work, r.decision from adoption_reviews r
  where r.id in (select max(id) from adoption_reviews group by standard_id, work))
insert or ignore into work_links (standard_id, country, work, edition_id, degree, how, score)
select l.standard_id, s.country, l.work,
  (select e.id from standards e where e.id >= l.work and e.id < l.work || ';' and +e.country = 'INT'
     and (e.id = l.work or substr(e.id, length(l.work) + 1, 1) = ':') order by e.year desc limit 1),
  null, 'confirmed', 1.0
from latest l join standards s on s.id = l.standard_id where l.decision = 'confirmed'
"""

# Editions of each linked work: the linked edition, and every INT record whose id is the work or the work and a
# year ("ISO 606" -> "ISO 606:2015", never "ISO 6060:..."): a range on the primary key, one index seek a work
# (``cross join`` and ``+e.country`` keep SQLite from scanning the 64,000 INT rows through the country index).
_FILL_CLASSES = """
create temp table if not exists _work_editions (work text, edition_id text, primary key (work, edition_id));

delete from _work_editions;

insert or ignore into _work_editions select work, edition_id from work_links where edition_id is not null;

insert or ignore into _work_editions
select w.work, e.id from (select distinct work from work_links) w
cross join standards e on e.id >= w.work and e.id < w.work || ';'
where +e.country = 'INT' and (e.id = w.work or substr(e.id, length(w.work) + 1, 1) = ':');

insert or ignore into standard_classes (standard_id, ics_code, ics_field, derived_via)
select standard_id, ics_code, coalesce(ics_field, substr(ics_code, 1, 2)), null from standard_ics;

insert or ignore into standard_classes (standard_id, ics_code, ics_field, derived_via)
select w.standard_id, si.ics_code, coalesce(si.ics_field, substr(si.ics_code, 1, 2)), w.work
from work_links w
join _work_editions e on e.work = w.work
join standard_ics si on si.standard_id = e.edition_id
order by w.how = 'declared' desc, w.score desc
"""


def rebuild_hub_tables(conn: sqlite3.Connection) -> tuple[int, int]:
    """Refill ``work_links`` and ``standard_classes`` (inside the caller's transaction); returns their sizes."""
    for statement in _CREATE.split(";"):
        conn.execute(statement)
    conn.execute("delete from work_links")
    conn.execute("delete from standard_classes")
    for statement in _FILL_LINKS.split(";\n\n"):
        conn.execute(statement)
    for statement in _FILL_CLASSES.split(";\n\n"):
        conn.execute(statement)
    links = conn.execute("select count(*) from work_links").fetchone()[0]
    classes = conn.execute("select count(*) from standard_classes").fetchone()[0]
    derived = conn.execute("select count(*) from standard_classes where derived_via is not null").fetchone()[0]
    log.info("hub: %d links to ISO/IEC works, %d classes (%d derived through the hub)", links, classes, derived)
    return links, classes


#: SQL fragment: ``standard_classes`` rows of a sector (alias ``c``), for ``exists`` conditions and joins.
IN_SECTOR = "c.ics_code = sec.ics_code or (c.ics_code > sec.ics_code || '.' and c.ics_code < sec.ics_code || '/')"

__all__ = ["HOW", "HOW_LABELS", "IN_SECTOR", "rebuild_hub_tables"]
