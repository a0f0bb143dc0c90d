"""``/-/work/{work}`` (an ISO/IEC work: its editions, every national adopter per country, the equivalences it
yields) and ``/-/concordance`` (works x countries of a sector or an ICS prefix, with CSV and XLSX downloads)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, urlencode

from datasette.utils.asgi import Response

from standards_lib.errors import StandardsError
from standards_lib.sectors import SECTORS

from .. import pages
from ..concordance import Concordance, build_concordance, concordance_bytes, selection
from ..works import NATIONAL_ORDER, load_work
from .common import catalog_database, ensure_can_view, error_page, standard_path, url_id

log = logging.getLogger(__name__)

DOWNLOADS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def work_path(datasette: Any, work: str) -> str:
    """The URL path of a work's page."""
    return datasette.urls.path(f"/-/work/{quote(work, safe='')}")


async def work_page(request: Any, datasette: Any) -> Response:
    """``GET /-/work/{work}``: ``ISO 606`` or any edition (``ISO 606:2015``) of it."""
    db = catalog_database(datasette)
    await ensure_can_view(datasette, request, db)
    wanted = url_id(request)
    try:
        page = await db.execute_fn(lambda conn: load_work(conn, wanted))
    except StandardsError as exc:
        return await error_page(datasette, request, str(exc), status=400)
    if page is None:
        return await error_page(
            datasette, request, f"no edition or adopter of {wanted!r} in the catalogue (目录中没有此国际标准)"
        )
    context = {
        "page": page,
        "labels": pages,
        "countries": NATIONAL_ORDER,
        "standard_path": lambda i: standard_path(datasette, i),
        "database": db.name,
    }
    return Response.html(await datasette.render_template("brics_work.html", context, request=request))


async def concordance_page(request: Any, datasette: Any) -> Response:
    """``GET /-/concordance?sector=new_energy`` or ``?ics=27.160``; ``&format=csv|xlsx`` downloads it."""
    db = catalog_database(datasette)
    await ensure_can_view(datasette, request, db)
    args = request.args
    sector, ics = (args.get("sector") or "").strip(), (args.get("ics") or "").strip()
    if not sector and not ics:
        sector = SECTORS[0].key
    try:
        chosen = selection(sector=sector or None, ics=None if sector else ics)
        result: Concordance = await db.execute_fn(lambda conn: build_concordance(conn, chosen))
    except StandardsError as exc:
        return await error_page(datasette, request, f"{exc} (无法生成对照表)", status=400)
    fmt = (args.get("format") or "").strip()
    if fmt in DOWNLOADS:
        body = concordance_bytes(result, fmt)
        name = f"concordance-{chosen.key.replace('.', '-')}.{fmt}"
        return Response(
            body, content_type=DOWNLOADS[fmt], headers={"content-disposition": f'attachment; filename="{name}"'}
        )
    query = {"sector": chosen.key} if sector else {"ics": chosen.key}
    context = {
        "c": result,
        "labels": pages,
        "sectors": SECTORS,
        "sector_keys": [s.key for s in SECTORS],
        "chosen": chosen,
        "download": lambda f: datasette.urls.path("/-/concordance") + "?" + urlencode({**query, "format": f}),
        "standard_path": lambda i: standard_path(datasette, i),
        "work_path": lambda w: work_path(datasette, w),
        "database": db.name,
    }
    return Response.html(await datasette.render_template("brics_concordance.html", context, request=request))
