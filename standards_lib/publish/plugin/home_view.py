"""``/``: the committee's home page (search, headline figures, sector chart, the main pages).

It replaces Datasette's index page, which counts every table of every database on each visit; the
full list of tables stays one click away at ``/{database}``. The figures are cached until a decision,
a re-match or a refresh changes the catalogue.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from datasette.utils.asgi import Response

from standards_lib.errors import StandardsError

from .. import charts, queue
from .common import catalog_database, ensure_can_view

log = logging.getLogger(__name__)

_CACHE: dict[tuple[Any, ...], dict[str, Any]] = {}
_VERSION_SQL = """select (select max(id) from reviews) as r, (select count(*) from reviews) as n,
  (select max(id) from suggestions) as s, (select max(rowid) from standards) as t,
  (select value from coverage_state where key = 'fingerprint') as c"""


async def headline(db: Any) -> dict[str, Any]:
    """Figures and chart for the home page, recomputed only when the catalogue changed."""
    try:
        version = tuple((await db.execute(_VERSION_SQL)).rows[0])
    except sqlite3.Error:  # no coverage_state table (a replica prepared without counts)
        version = (None,)
    key = (db.name, db.path, version)
    if key not in _CACHE:
        figures = await queue.headline(db)
        _CACHE.clear()
        _CACHE[key] = {
            **figures,
            "total": sum(figures["per_country"].values()),
            "chart": charts.sector_coverage_chart(figures["sectors"]),
        }
    return _CACHE[key]


async def home_page(request: Any, datasette: Any) -> Response:
    db = catalog_database(datasette)
    await ensure_can_view(datasette, request, db)
    try:
        figures = await headline(db)
    except (sqlite3.Error, StandardsError) as exc:
        log.warning("no headline figures: %s", exc)
        figures = None
    context = {"database": db.name, "h": figures, "metadata": datasette.metadata()}
    return Response.html(await datasette.render_template("brics_home.html", context, request=request))
