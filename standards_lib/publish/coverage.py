"""The coverage overview, materialised: per country x ICS field and per priority sector, how many
standards, how many with a suggested and with a confirmed equivalent. A standard counts under its own ICS
codes and under those of the ISO/IEC work it adopts (``standard_classes``, see :mod:`.hub_links`).

Counting live takes about a second on a 200,000-standard catalogue, too slow for a page, so the
counts are kept in two tables of the catalogue file, recomputed (in well under a second for
200,000 standards) after the sample is built, after every review from the site, when
``standards serve`` starts on a catalogue whose counts are stale, and by :func:`update_coverage`
at the end of a refresh. The canned queries ``coverage`` and ``coverage_<sector>`` read them;
``coverage_live`` counts live.

Tables (owned by the publishing layer, not by the catalogue schema):
``coverage`` (country, ics_field, ics_title, standards, with_suggestion, with_confirmed, computed_at),
``coverage_sectors`` (sector, name_zh, name_en, country, standards, with_suggestion, with_confirmed, computed_at),
``coverage_state`` (key, value): the fingerprint of the data the counts were computed from;
``review_queue`` (see :mod:`.queue_table`) is rebuilt with them.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from standards_lib.errors import CatalogError

from .hub_links import IN_SECTOR, rebuild_hub_tables
from .queue_table import current_sql as queue_table_current_sql
from .queue_table import rebuild_queue_table

log = logging.getLogger(__name__)

# Ids with a suggestion, ids with a confirmed (latest) review, and (standard, ICS field) pairs.
_FLAGS = """
create temp table if not exists _cov_suggested(id text primary key) without rowid;
create temp table if not exists _cov_confirmed(id text primary key) without rowid;
delete from _cov_suggested; delete from _cov_confirmed;
insert or ignore into _cov_suggested select foreign_id from suggestions;
insert or ignore into _cov_suggested select chinese_id from suggestions;
insert or ignore into _cov_confirmed
  select id from (select r.foreign_id as id, r.chinese_id as other, r.decision, max(r.id) from reviews r
                  group by r.foreign_id, r.chinese_id) where decision = 'confirmed'
  union select other from (select r.foreign_id as id, r.chinese_id as other, r.decision, max(r.id) from reviews r
                  group by r.foreign_id, r.chinese_id) where decision = 'confirmed';
"""

_COVERAGE = """
insert into coverage (country, ics_field, ics_title, standards, with_suggestion, with_confirmed, computed_at)
select s.country, p.field, (select title_en from ics where code = p.field), count(*),
  count(sg.id), count(cf.id), :at
from (select distinct standard_id as id, substr(ics_code, 1, 2) as field from standard_classes) p
join standards s on s.id = p.id
left join _cov_suggested sg on sg.id = p.id
left join _cov_confirmed cf on cf.id = p.id
group by s.country, p.field
"""

_SECTORS = f"""
insert into coverage_sectors (sector, name_zh, name_en, country, standards, with_suggestion, with_confirmed, computed_at)
select x.sector, x.name_zh, x.name_en, s.country, count(*), count(sg.id), count(cf.id), :at
from (select distinct sec.sector, sec.name_zh, sec.name_en, c.standard_id as id
      from sectors sec join standard_classes c on {IN_SECTOR}) x
join standards s on s.id = x.id
left join _cov_suggested sg on sg.id = x.id
left join _cov_confirmed cf on cf.id = x.id
group by x.sector, s.country
"""
# Every national country of the catalogue has its row in every sector, with zeros when nothing is classified there.
_SECTOR_ZEROS = """
insert or ignore into coverage_sectors (sector, name_zh, name_en, country, standards, with_suggestion, with_confirmed,
  computed_at)
select sec.sector, sec.name_zh, sec.name_en, c.country, 0, 0, 0, :at
from (select distinct sector, name_zh, name_en from sectors) sec,
     (select distinct country from standards where country != 'INT') c
"""

_TABLES = """
create table if not exists coverage (country text, ics_field text, ics_title text, standards integer,
  with_suggestion integer, with_confirmed integer, computed_at text, primary key (country, ics_field));
create table if not exists coverage_sectors (sector text, name_zh text, name_en text, country text,
  standards integer, with_suggestion integer, with_confirmed integer, computed_at text,
  primary key (sector, country));
create table if not exists coverage_state (key text primary key, value text);
"""

_FINGERPRINT = """
select (select count(*) from standards) || '|' || (select count(*) from standard_ics) || '|' ||
  (select count(*) from suggestions) || '|' || (select coalesce(max(id), 0) from suggestions) || '|' ||
  (select count(*) from reviews) || '|' || (select coalesce(max(id), 0) from reviews) || '|' ||
  (select count(*) from adoptions) || '|' || (select count(*) from adoption_suggestions) || '|' ||
  (select coalesce(max(id), 0) from adoption_suggestions) || '|' || (select count(*) from adoption_reviews) || '|' ||
  (select coalesce(max(id), 0) from adoption_reviews)
"""


@dataclass(frozen=True, slots=True)
class CoverageUpdate:
    """What :func:`update_coverage` did."""

    rows: int
    sector_rows: int
    fingerprint: str
    seconds: float


def fingerprint(conn: sqlite3.Connection) -> str:
    """A cheap fingerprint of the data the coverage counts depend on."""
    return conn.execute(_FINGERPRINT).fetchone()[0]


def coverage_is_current(conn: sqlite3.Connection) -> bool:
    """True when the coverage tables exist and were computed from the data as it is now."""
    try:
        row = conn.execute("select value from coverage_state where key = 'fingerprint'").fetchone()
        queue_current = conn.execute(queue_table_current_sql()).fetchone()[0]
    except sqlite3.OperationalError:
        return False
    return row is not None and row[0] == fingerprint(conn) and bool(queue_current)


def update_coverage_connection(conn: sqlite3.Connection) -> CoverageUpdate:
    """Recompute the coverage tables on an open, writable connection (one transaction)."""
    start = dt.datetime.now(dt.UTC)
    at = start.isoformat(timespec="seconds")
    try:
        conn.executescript(_TABLES)
        conn.executescript(_FLAGS)
        with conn:
            conn.execute("delete from coverage")
            conn.execute("delete from coverage_sectors")
            rebuild_hub_tables(conn)
            conn.execute(_COVERAGE, {"at": at})
            conn.execute(_SECTORS, {"at": at})
            conn.execute(_SECTOR_ZEROS, {"at": at})
            rebuild_queue_table(conn)
            stamp = fingerprint(conn)
            conn.execute("insert or replace into coverage_state (key, value) values ('fingerprint', ?)", (stamp,))
            conn.execute("insert or replace into coverage_state (key, value) values ('computed_at', ?)", (at,))
        rows = conn.execute("select count(*) from coverage").fetchone()[0]
        sector_rows = conn.execute("select count(*) from coverage_sectors").fetchone()[0]
    except sqlite3.Error as exc:
        raise CatalogError(f"cannot compute the coverage tables: {exc}") from exc
    seconds = (dt.datetime.now(dt.UTC) - start).total_seconds()
    log.info("coverage recomputed: %d rows, %d sector rows in %.2f s", rows, sector_rows, seconds)
    return CoverageUpdate(rows, sector_rows, stamp, seconds)


def update_coverage(db_path: str | Path, *, only_if_stale: bool = False) -> CoverageUpdate | None:
    """Recompute the coverage tables of the catalogue file at ``db_path`` (call it after a refresh).

    With ``only_if_stale``, does nothing (returns None) when the counts are current.
    """
    path = Path(db_path)
    if not path.exists():
        raise CatalogError(f"catalogue {path} does not exist")
    conn = sqlite3.connect(str(path), timeout=30)
    try:
        if only_if_stale and coverage_is_current(conn):
            return None
        return update_coverage_connection(conn)
    finally:
        conn.close()


_IS_CONFIRMED = """
select exists (select 1 from reviews r where (r.foreign_id = :id or r.chinese_id = :id) and r.decision = 'confirmed'
               and r.id = (select max(r2.id) from reviews r2
                           where r2.foreign_id = r.foreign_id and r2.chinese_id = r.chinese_id))
"""


def confirmed_ids(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    """Which of ``ids`` have a confirmed equivalent now (latest review per pair)."""
    return {i for i in ids if conn.execute(_IS_CONFIRMED, {"id": i}).fetchone()[0]}


def apply_review(conn: sqlite3.Connection, ids: list[str], before: set[str], *, was_current: bool) -> None:
    """Bring the coverage tables up to date after one review of the pair ``ids``.

    ``before`` is :func:`confirmed_ids` taken before the review was stored and ``was_current`` whether the
    counts were current then: the confirmed counts of the two standards' rows move by one; stale counts are
    recomputed in full instead.
    """
    if not was_current:
        update_coverage_connection(conn)
        return
    after = confirmed_ids(conn, ids)
    try:
        with conn:
            for ident in ids:
                delta = (ident in after) - (ident in before)
                if delta:
                    params = {"id": ident, "d": delta}
                    conn.execute(
                        "update coverage set with_confirmed = with_confirmed + :d "
                        "where country = (select country from standards where id = :id) and ics_field in "
                        "(select substr(ics_code, 1, 2) from standard_classes where standard_id = :id)",
                        params,
                    )
                    conn.execute(
                        "update coverage_sectors set with_confirmed = with_confirmed + :d "
                        "where country = (select country from standards where id = :id) and sector in "
                        "(select sec.sector from sectors sec join standard_classes c on c.standard_id = :id and "
                        f"({IN_SECTOR}))",
                        params,
                    )
            conn.execute(
                "insert or replace into coverage_state (key, value) values ('fingerprint', ?)", (fingerprint(conn),)
            )
    except sqlite3.Error as exc:
        raise CatalogError(f"cannot update the coverage tables after a review: {exc}") from exc
