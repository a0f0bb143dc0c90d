"""``/-/search?q=&country=&page=``: search across languages, ranked as ``standards search`` ranks it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from .. import pages
from ..search import FOUND_BY, search, title_of
from ..works import NATIONAL_ORDER
from .common import catalog_database, ensure_can_view, standard_path

COUNTRIES = (*NATIONAL_ORDER, "INT")


async def search_page(request: Any, datasette: Any) -> Response:
    db = catalog_database(datasette)
    await ensure_can_view(datasette, request, db)
    query = (request.args.get("q") or "").strip()[:200]
    country = (request.args.get("country") or "").strip()
    country = country if country in COUNTRIES else ""
    try:
        page = max(1, min(10_000, int(request.args.get("page") or 1)))
    except ValueError:
        page = 1
    result = await db.execute_fn(lambda conn: search(conn, query, country=country or None, page=page))

    def link(page_number: int) -> str:
        params = {"q": query, **({"country": country} if country else {}), "page": str(page_number)}
        return datasette.urls.path("/-/search") + "?" + urlencode(params)

    context = {
        "r": result,
        "query": query,
        "country": country,
        "countries": COUNTRIES,
        "labels": pages,
        "found_by": FOUND_BY,
        "title_of": title_of,
        "link": link,
        "standard_path": lambda i: standard_path(datasette, i),
        "database": db.name,
    }
    return Response.html(await datasette.render_template("brics_search.html", context, request=request))
