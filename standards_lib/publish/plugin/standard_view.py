"""``/-/standard/{id}``: a standard's own page, and ``POST /-/standard/{id}/review`` from its forms."""

from __future__ import annotations

import logging
from typing import Any

from datasette.utils.asgi import Forbidden, Response

from standards_lib.catalog.reviews import resolve
from standards_lib.errors import StandardsError

from .. import pages
from ..evidence import read_evidence, zero_position
from .common import REVIEW_PERMISSION, catalog_database, ensure_can_view, error_page, standard_path, url_id
from .state import site_state
from .writes import store_pair_review

log = logging.getLogger(__name__)


async def standard_page(request: Any, datasette: Any) -> Response:
    """``GET /-/standard/{id}``: titles, classification, adoptions, equivalents with their evidence, history.

    Any written form redirects to the canonical id; an undated designation opens the latest edition.
    """
    standard_id = url_id(request)
    db = catalog_database(datasette)
    await ensure_can_view(datasette, request, db)
    page = await pages.load_standard_page(db, standard_id)
    if page is None:
        found = await db.execute_fn(lambda conn: resolve(conn, standard_id))
        if found and found != standard_id:
            return Response.redirect(standard_path(datasette, found))
        return await error_page(
            datasette,
            request,
            f"standard {standard_id!r} is not in the catalogue (标准不在目录中); try the search at /{db.name}/search",
        )
    can_review = await datasette.permission_allowed(request.actor, REVIEW_PERMISSION, default=False)
    own_title = page.titles[0][2] if page.titles else None
    readings = {
        (e.foreign_id, e.chinese_id): read_evidence(
            e.evidence,
            foreign_country=e.foreign_country,
            titles=(own_title, e.other_title) if e.foreign_id == page.id else (e.other_title, own_title),
        )
        for e in page.equivalents
    }
    context = {
        "page": page,
        "database": db.name,
        "can_review": can_review and db.is_mutable,
        "read_only": not db.is_mutable,
        "labels": pages,
        "readings": readings,
        "zero_position": zero_position,
        "standard_path": lambda i: standard_path(datasette, i),
        "review_path": standard_path(datasette, standard_id) + "/review",
    }
    html = await datasette.render_template("brics_standard.html", context, request=request)
    return Response.html(html)


async def review_post(request: Any, datasette: Any) -> Response:
    """``POST /-/standard/{id}/review``: store a member's decision, then back to the page."""
    standard_id = url_id(request)
    if request.method != "POST":
        return Response.text("use POST from the standard's page to review", status=405)
    if not await datasette.permission_allowed(request.actor, REVIEW_PERMISSION, default=False):
        raise Forbidden("sign in as a committee member to review equivalences (登录后审核)")
    db = catalog_database(datasette)
    if not db.is_mutable:
        raise Forbidden("this copy of the catalogue is read-only; reviews are stored on the primary site")
    form = await request.post_vars()
    foreign, chinese = (form.get("foreign_id") or "").strip(), (form.get("chinese_id") or "").strip()
    if standard_id not in (foreign, chinese):
        return Response.text(f"the reviewed pair must include {standard_id}", status=400)
    try:
        decision = pages.decision_for(form.get("action") or form.get("decision") or "")
        reviewer = site_state(datasette).members.display_name(request.actor["id"])
        await store_pair_review(db, foreign, chinese, decision, reviewer, form.get("note"))
    except StandardsError as exc:
        note = (form.get("note") or "").strip()
        kept = f" Your note, to send again: «{note}»" if note else ""
        datasette.add_message(request, f"review not stored: {exc}.{kept}", datasette.ERROR)
        return Response.redirect(standard_path(datasette, standard_id))
    datasette.add_message(request, f"{pages.DECISION_LABELS[decision]}: {foreign} ↔ {chinese} ({reviewer})")
    return Response.redirect(standard_path(datasette, standard_id))
