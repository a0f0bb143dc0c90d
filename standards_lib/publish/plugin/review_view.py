"""``/-/review``: the committee's review workspace, ``POST /-/review/decide`` and ``/-/review/export/...``.

The queue shows one card per suggestion (both standards side by side, the relation, the score, the
evidence as sentences with a waterfall of the signals) with confirm / reject / discuss buttons and a
note. Decisions are posted as ordinary forms (so the page works without scripts) or by
``static/brics-review.js`` (one click or the keys c/r/d, j/k to move), which asks for JSON.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from datasette.utils.asgi import Forbidden, Response

from standards_lib.catalog.review_exchange import equivalents_bytes, recognised_equivalents
from standards_lib.errors import CatalogBusy, StandardsError
from standards_lib.matching.equivalence.scoring import RELATIONS
from standards_lib.records import FOREIGN_COUNTRIES
from standards_lib.sectors import SECTORS

from .. import pages, queue
from ..evidence import zero_position
from ..meeting_pack import pack_bytes, pending_rows
from .common import REVIEW_PERMISSION, catalog_database, ensure_can_view, render_fragment, standard_path
from .state import site_state
from .writes import store_adoption_review, store_pair_review

EXPORTS = {
    "recognised_equivalents": "Recognised equivalents 已确认的对应标准",
    "pending": "Meeting pack: the pending queue as filtered 会议材料：待审核清单",
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def queue_page(request: Any, datasette: Any) -> Response:
    """``GET /-/review``: the filtered queue of suggestions as cards, with the progress."""
    db = catalog_database(datasette)
    await ensure_can_view(datasette, request, db)
    filters = queue.QueueFilters.from_args(request.args)
    data = await queue.load_queue(db, filters)
    can_review = await datasette.permission_allowed(request.actor, REVIEW_PERMISSION, default=False)

    def link(**changes: Any) -> str:
        params = filters.query(**{"page": 1, **changes})
        return datasette.urls.path("/-/review") + ("?" + urlencode(params) if params else "")

    context = {
        "queue": data,
        "filters": filters,
        "can_review": can_review and db.is_mutable,
        "read_only": not db.is_mutable,
        "labels": pages,
        "sectors": SECTORS,
        "statuses": queue.STATUSES,
        "orders": queue.ORDERS,
        "bands": queue.BANDS,
        "relations": RELATIONS,
        "countries": FOREIGN_COUNTRIES if filters.kind == "equivalences" else queue.NATIONAL_COUNTRIES,
        "link": link,
        "zero_position": zero_position,
        "database": db.name,
        "standard_path": lambda i: standard_path(datasette, i),
        "page_size": queue.PAGE_SIZE,
        "decide_path": datasette.urls.path("/-/review/decide"),
        "exports": EXPORTS,
        "export_path": lambda name, fmt: (
            datasette.urls.path(f"/-/review/export/{name}.{fmt}")
            + (
                "?" + urlencode({k: v for k, v in filters.query().items() if k in ("kind", "sector", "country")})
                if name == "pending" and filters.query()
                else ""
            )
        ),
        "this_path": request.path + ("?" + request.query_string if request.query_string else ""),
    }
    csrftoken = request.scope.get("csrftoken") or (lambda: "")
    context["cards_html"] = render_fragment(datasette, "_brics_cards.html", {**context, "csrftoken": csrftoken})
    return Response.html(await datasette.render_template("brics_review.html", context, request=request))


def _wants_json(request: Any) -> bool:
    return "application/json" in (request.headers.get("accept") or "")


def _back(datasette: Any, target: str | None) -> str:
    """A return address on this site only."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return datasette.urls.path("/-/review")


async def decide(request: Any, datasette: Any) -> Response:
    """``POST /-/review/decide``: a member's decision on an equivalence or an inferred adoption."""
    if request.method != "POST":
        return Response.text("decisions are posted from the review page", status=405)
    if not await datasette.permission_allowed(request.actor, REVIEW_PERMISSION, default=False):
        raise Forbidden("sign in as a committee member to review (登录后审核)")
    db = catalog_database(datasette)
    if not db.is_mutable:
        raise Forbidden("this copy of the catalogue is read-only; reviews are stored on the primary site")
    form = await request.post_vars()
    reviewer = site_state(datasette).members.display_name(request.actor["id"])
    try:
        decision = pages.decision_for(form.get("action") or form.get("decision") or "")
        if form.get("kind") == "adoption":
            row = await store_adoption_review(
                db,
                (form.get("standard_id") or "").strip(),
                (form.get("work") or "").strip(),
                decision,
                reviewer,
                form.get("note"),
            )
            pair = f"{row['standard_id']} → {row['work']}"
        else:
            row = await store_pair_review(
                db,
                (form.get("foreign_id") or "").strip(),
                (form.get("chinese_id") or "").strip(),
                decision,
                reviewer,
                form.get("note"),
            )
            pair = f"{row['foreign_id']} ↔ {row['chinese_id']}"
    except StandardsError as exc:
        if _wants_json(request):
            return Response.json(
                {"ok": False, "error": str(exc), "busy": isinstance(exc, CatalogBusy), "note": form.get("note")},
                status=503 if isinstance(exc, CatalogBusy) else 400,
            )
        note = (form.get("note") or "").strip()
        kept = f" Your note, to send again: «{note}»" if note else ""
        datasette.add_message(request, f"review not stored: {exc}.{kept}", datasette.ERROR)
        return Response.redirect(_back(datasette, form.get("next")))
    label = pages.DECISION_LABELS[decision]
    if _wants_json(request):
        return Response.json(
            {
                "ok": True,
                "decision": decision,
                "label": label,
                "reviewer": reviewer,
                "reviewed_at": row["reviewed_at"],
                "note": row.get("note"),
                "pair": pair,
            }
        )
    datasette.add_message(request, f"{label}: {pair} ({reviewer})")
    return Response.redirect(_back(datasette, form.get("next")))


async def export(request: Any, datasette: Any) -> Response:
    """``GET /-/review/export/recognised_equivalents.csv|xlsx``: the list the committee sends out;
    ``/-/review/export/pending.xlsx|csv?kind=&sector=&country=``: the meeting pack of the filtered queue."""
    name, fmt = request.url_vars["name"], request.url_vars["fmt"]
    if name not in EXPORTS or fmt not in CONTENT_TYPES:
        return Response.text(f"no export {name}.{fmt}; try recognised_equivalents.csv or .xlsx", status=404)
    db = catalog_database(datasette)
    await ensure_can_view(datasette, request, db)
    if name == "pending":  # the meeting pack: the queue as the member filtered it, with empty decision columns
        filters = queue.QueueFilters.from_args(request.args)
        kind = "adoption" if filters.kind == "adoptions" else "equivalence"
        try:
            rows = await db.execute_fn(
                lambda conn: pending_rows(
                    conn, kind=kind, sector=filters.sector or None, country=filters.country or None
                )
            )
            body = pack_bytes(rows, fmt)
        except StandardsError as exc:
            return Response.text(f"no meeting pack: {exc}", status=400)
    else:
        body = equivalents_bytes(await db.execute_fn(recognised_equivalents), fmt)
    return Response(
        body,
        content_type=CONTENT_TYPES[fmt],
        headers={"content-disposition": f'attachment; filename="{name}.{fmt}"', "cache-control": "no-store"},
    )


__all__ = ["decide", "export", "json", "queue_page"]
