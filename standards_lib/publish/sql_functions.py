"""The SQL functions and limits of every connection that serves the catalogue: Datasette's (through the
plugin's ``prepare_connection``) and the members' SQL worker's (:mod:`.sql_worker`), one definition for both.

``brics_match(q)`` (and ``escape_fts``, which Datasette's ``?_search=`` uses): the Chinese-aware FTS5 MATCH
expression of a query, at most :data:`MAX_SEARCH_TERMS` distinct terms of its first :data:`MAX_SEARCH_CHARS`
characters; ``brics_canonical``, ``brics_ics_field``, ``brics_relevance``; values capped at
:data:`MAX_VALUE_BYTES` and SQL text at :data:`MAX_SQL_BYTES`.
"""

from __future__ import annotations

import logging
import sqlite3
from functools import lru_cache

from standards_lib.catalog.relevance import relevance_tier
from standards_lib.designation import canonical_or_folded
from standards_lib.errors import StandardsError

log = logging.getLogger(__name__)

#: Largest text or blob a query may build (SQLITE_LIMIT_LENGTH): ``randomblob(200000000)`` fails at once.
MAX_VALUE_BYTES = 8_000_000
#: Longest SQL text accepted.
MAX_SQL_BYTES = 100_000
#: Longest search text (real queries are a few words; the longest real title is a few hundred characters).
MAX_SEARCH_CHARS = 200
#: Search terms used of one query (repeated terms counted once): ``"a* " * 2000`` costs as much as ``a*``.
MAX_SEARCH_TERMS = 8
NO_MATCH = '"\u2400"'  # a phrase no row contains: an empty search returns nothing instead of an error


def sql_match(query: str | None) -> str:
    """``brics_match(q)``: the FTS5 MATCH expression for a user query (never matches on a blank query)."""
    if query is None or not str(query).strip():
        return NO_MATCH
    from standards_lib.catalog.fts import match_expression

    try:
        expression = match_expression(str(query)[:MAX_SEARCH_CHARS])
    except StandardsError as exc:
        log.info("search query %r not usable: %s", query, exc)
        return NO_MATCH
    terms = list(dict.fromkeys(expression.split(" AND ")))[:MAX_SEARCH_TERMS] if expression else []
    return " AND ".join(terms) or NO_MATCH


@lru_cache(maxsize=4096)
def sql_canonical(text: str | None) -> str | None:
    """``brics_canonical(text)``: a designation in any written form -> canonical id (the text itself if unparsable)."""
    return None if text is None else canonical_or_folded(str(text))


def sql_ics_field(code: str | None) -> str | None:
    """``brics_ics_field(code)``: the ICS field (two digits) of an ICS code."""
    return str(code)[:2] if code else None


def prepare_sql_connection(conn: sqlite3.Connection) -> None:
    """Register the functions and set the limits on a connection."""
    conn.create_function("brics_match", 1, sql_match, deterministic=True)
    conn.create_function("brics_canonical", 1, sql_canonical, deterministic=True)
    conn.create_function("brics_ics_field", 1, sql_ics_field, deterministic=True)
    conn.create_function("escape_fts", 1, sql_match, deterministic=True)
    conn.create_function("brics_relevance", 4, relevance_tier, deterministic=True)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
