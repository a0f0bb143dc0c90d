"""``review_queue``: a compact copy of the suggestions for the review workspace (no evidence, with the
foreign standard's country and the priority sectors of the pair, from
both standards' own and derived ICS codes: ``standard_classes``), so that filtering and ordering
20,000 suggestions reads a small table instead of joining standards and ICS codes on every visit.

Owned by the publishing layer like the coverage tables: rebuilt with them (after the sample is built,
at start-up when stale, after a refresh, by ``standards publish-prepare``). ``coverage_state`` keeps the
stamp of the suggestions it was built from; :func:`queue_table_is_current` compares it, and the
workspace reads the suggestions directly while the copy is stale.
"""

from __future__ import annotations

import sqlite3

QUEUE_TABLE = "review_queue"
STAMP_KEY = "queue_source"

_CREATE = """
create table if not exists review_queue (sid integer primary key, foreign_id text, chinese_id text, rank integer,
  score float, relation text, country text, sectors text);
create index if not exists review_queue_pair on review_queue (foreign_id, chinese_id);
create index if not exists review_queue_useful on review_queue (rank, score desc);
create index if not exists review_queue_score on review_queue (score)
"""
_FILL = """
insert into review_queue (sid, foreign_id, chinese_id, rank, score, relation, country, sectors)
select sg.id, sg.foreign_id, sg.chinese_id, sg.rank, sg.score, sg.relation,
  (select country from standards where id = sg.foreign_id),
  (select group_concat(sector, ',') from (select distinct sec.sector from standard_classes c join sectors sec
     on c.ics_code = sec.ics_code or (c.ics_code > sec.ics_code || '.' and c.ics_code < sec.ics_code || '/')
     where c.standard_id in (sg.foreign_id, sg.chinese_id) order by sec.sector))
from suggestions sg
"""
_STAMP = "select count(*) || '|' || coalesce(max(id), 0) from suggestions"
_CURRENT = f"""select (select value from coverage_state where key = '{STAMP_KEY}') = ({_STAMP})"""


def rebuild_queue_table(conn: sqlite3.Connection) -> int:
    """Refill ``review_queue`` from the suggestions (inside the caller's transaction); returns its rows."""
    for statement in _CREATE.split(";"):
        conn.execute(statement)
    conn.execute("delete from review_queue")
    conn.execute(_FILL)
    conn.execute("insert or replace into coverage_state (key, value) values (?, (" + _STAMP + "))", (STAMP_KEY,))
    return conn.execute("select count(*) from review_queue").fetchone()[0]


def current_sql() -> str:
    """SQL answering 1 when ``review_queue`` matches the suggestions as they are now."""
    return _CURRENT
