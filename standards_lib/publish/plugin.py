"""The Datasette plugin of the published catalogue (entry point ``brics_standards`` in pyproject.toml).

- ``prepare_connection``: SQL functions ``brics_match`` (Chinese-aware FTS5 MATCH expression),
  ``brics_canonical`` (designation -> catalogue id) and ``brics_ics_field``;
- routes: ``/-/standard/{id}`` (a standard's own page, id URL-encoded) and
  ``/-/standard/{id}/review`` (POST: a signed-in committee member's review decision);
- ``permission_allowed``: the ``brics-review`` permission (signed-in members only);
- ``render_cell``: designations link to their standard page; ``menu_links`` and ``table_actions``.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import Forbidden, NotFound, Response
from markupsafe import Markup, escape

from standards_lib.errors import DesignationError, StandardsError

from . import coverage, pages

log = logging.getLogger(__name__)

PLUGIN_NAME = "brics-standards"
REVIEW_PERMISSION = "brics-review"
TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "application/javascript; charset=utf-8"}
#: Columns whose values are catalogue ids and link to the standard page.
LINK_COLUMNS = frozenset({"designation", "foreign_id", "chinese_id", "standard_id", "other_id"})
CATALOG_TABLES = frozenset({"standards", "suggestions", "reviews", "adoptions", "changes", "standard_ics",
                            "standard_ccs", "review_flags"})


def standard_path(datasette: Any, standard_id: str) -> str:
    """The URL path of a standard's page."""
    return datasette.urls.path(f"/-/standard/{quote(standard_id, safe='')}")


# SQL functions ---------------------------------------------------------------------------------

def sql_match(query: str | None) -> str:
    """``brics_match(q)``: the FTS5 MATCH expression for a user query (never matches on a blank query)."""
    if query is None or not str(query).strip():
        return '"\u2400"'  # a phrase no row contains: an empty search returns nothing instead of an error
    try:
        from standards_lib.catalog.fts import match_expression
    except ImportError:  # catalogue not installed: quote every whitespace-separated word
        return " ".join('"' + w.replace('"', '""') + '"' for w in str(query).split())
    try:
        return match_expression(str(query)) or '"\u2400"'
    except StandardsError as exc:
        log.info("search query %r not usable: %s", query, exc)
        return '"\u2400"'


@lru_cache(maxsize=4096)
def sql_canonical(text: str | None) -> str | None:
    """``brics_canonical(text)``: a designation in any written form -> canonical id (the text itself if unparsable)."""
    if text is None:
        return None
    from standards_lib.designation import parse_designation

    try:
        return parse_designation(str(text)).canonical
    except DesignationError:
        return " ".join(str(text).split())


def sql_ics_field(code: str | None) -> str | None:
    """``brics_ics_field(code)``: the ICS field (two digits) of an ICS code."""
    return str(code)[:2] if code else None


@hookimpl
def prepare_connection(conn: Any) -> None:
    conn.create_function("brics_match", 1, sql_match, deterministic=True)
    conn.create_function("brics_canonical", 1, sql_canonical, deterministic=True)
    conn.create_function("brics_ics_field", 1, sql_ics_field, deterministic=True)


# Templates, menus, cells -----------------------------------------------------------------------

@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    """Add this package's templates (before Datasette's defaults, after a user's --template-dir)."""
    loader = env.loader.loaders[0]  # FileSystemLoader of template_dir, plugin dirs, then the defaults
    if str(TEMPLATES_DIR) not in loader.searchpath:
        loader.searchpath.insert(len(loader.searchpath) - 1, str(TEMPLATES_DIR))


def catalog_database(datasette: Any) -> Any:
    """The Datasette database that holds the catalogue (plugin setting ``database``, else the first file)."""
    config = datasette.plugin_config(PLUGIN_NAME) or {}
    name = config.get("database")
    if name and name in datasette.databases:
        return datasette.databases[name]
    for db_name, db in datasette.databases.items():
        if db_name not in ("_internal", "_memory") and db.path:
            return db
    raise NotFound("no catalogue database is being served")


@hookimpl
def extra_template_vars(datasette: Any) -> dict[str, Any]:
    def catalog_name() -> str | None:
        try:
            return catalog_database(datasette).name
        except NotFound:
            return None

    return {"brics_catalog_name": catalog_name, "brics_standard_path": lambda i: standard_path(datasette, i)}


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, datasette: Any) -> Any:
    if not isinstance(value, str) or not value or column not in LINK_COLUMNS:
        return None
    if table is not None and table not in CATALOG_TABLES:
        return None
    target = value
    if table == "standards" and column == "designation":
        try:
            target = row["id"] or value  # the as-written designation: link to the canonical id of the row
        except (KeyError, IndexError, TypeError):
            pass
    return Markup('<a href="{}">{}</a>').format(standard_path(datasette, target), value)


@hookimpl
def menu_links(datasette: Any, actor: Any) -> list[dict[str, str]]:
    try:
        name = catalog_database(datasette).name
    except NotFound:
        return []
    links = [
        {"href": datasette.urls.path(f"/{name}/search"), "label": "Search 检索"},
        {"href": datasette.urls.path(f"/{name}/coverage"), "label": "Coverage 覆盖率"},
        {"href": datasette.urls.path(f"/{name}/awaiting_review"), "label": "Awaiting review 待审核"},
    ]
    return links  # datasette-auth-passwords adds "Log in" for anonymous visitors


@hookimpl
def table_actions(datasette: Any, database: str, table: str) -> list[dict[str, str]]:
    if table != "standards":
        return []
    return [
        {"href": datasette.urls.path(f"/{database}/coverage"), "label": "Coverage by country and ICS field 覆盖率"},
        {"href": datasette.urls.path(f"/{database}/no_equivalent"), "label": "Without a Chinese equivalent 无对应"},
    ]


# Permissions -----------------------------------------------------------------------------------

@hookimpl
def permission_allowed(datasette: Any, actor: Any, action: str) -> bool | None:
    """``brics-review``: a signed-in actor, and when members are configured, one of them."""
    if action != REVIEW_PERMISSION:
        return None
    if not actor or not actor.get("id"):
        return False
    reviewers = (datasette.plugin_config(PLUGIN_NAME) or {}).get("reviewers")
    if reviewers:
        return actor["id"] in reviewers
    return True


# Routes ----------------------------------------------------------------------------------------

def _standard_id(request: Any) -> str:
    """The id in the URL: percent-encoded (our links) or tilde-encoded (Datasette's own redirects)."""
    raw = request.url_vars["id"]
    return tilde_decode(raw) if "~" in raw and "%" not in raw else unquote(raw)


async def _not_found(datasette: Any, request: Any, message: str) -> Response:
    # Raising NotFound on a path with "%" makes Datasette redirect to a tilde-encoded path: answer here instead.
    html = await datasette.render_template("error.html", {"error": message, "status": 404, "title": None},
                                           request=request)
    return Response.html(html, status=404)


async def standard_page(request: Any, datasette: Any) -> Response:
    """``GET /-/standard/{id}``: a standard, its titles, classification, adoptions and equivalents."""
    standard_id = _standard_id(request)
    db = catalog_database(datasette)
    if not await datasette.permission_allowed(request.actor, "view-database", db.name, default=True):
        raise Forbidden("you may not view this catalogue")
    page = await pages.load_standard_page(db, standard_id)
    if page is None:
        canonical = sql_canonical(standard_id)
        if canonical and canonical != standard_id:
            found = await db.execute("select 1 from standards where id = ?", (canonical,))
            if found.rows:
                return Response.redirect(standard_path(datasette, canonical))
        return await _not_found(datasette, request, f"standard {standard_id!r} is not in the catalogue "
                                f"(标准不在目录中); try the search at /{db.name}/search")
    can_review = await datasette.permission_allowed(request.actor, REVIEW_PERMISSION, default=False)
    context = {
        "page": page, "database": db.name, "can_review": can_review and db.is_mutable,
        "read_only": not db.is_mutable, "labels": pages, "evidence_items": pages.evidence_items,
        "standard_path": lambda i: standard_path(datasette, i),
        "review_path": standard_path(datasette, standard_id) + "/review",
    }
    html = await datasette.render_template("brics_standard.html", context, request=request)
    return Response.html(html)


async def review_post(request: Any, datasette: Any) -> Response:
    """``POST /-/standard/{id}/review``: store a member's decision via ``Catalog.record_review``."""
    standard_id = _standard_id(request)
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
        reviewer = request.actor["id"]
        note = (form.get("note") or "").strip()[:2000] or None
        await db.execute_write_fn(
            lambda conn: _store_review(conn, db.path, foreign, chinese, decision, reviewer, note), block=True)
    except StandardsError as exc:
        datasette.add_message(request, f"review not stored: {exc}", datasette.ERROR)
        return Response.redirect(standard_path(datasette, standard_id))
    datasette.add_message(request, f"{pages.DECISION_LABELS[decision]}: {foreign} ↔ {chinese} ({reviewer})")
    log.info("review %s %s %s by %s", foreign, chinese, decision, reviewer)
    return Response.redirect(standard_path(datasette, standard_id))


async def static_file(request: Any, datasette: Any) -> Response:
    """``GET /-/brics-static/{name}``: this package's static files (CSS)."""
    name = request.url_vars["name"]
    path = STATIC_DIR / name
    if "/" in name or name.startswith(".") or path.suffix not in STATIC_TYPES or not path.is_file():
        raise NotFound(f"no static file {name!r}")
    return Response(path.read_text(encoding="utf-8"), content_type=STATIC_TYPES[path.suffix],
                    headers={"cache-control": "max-age=3600"})


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.path("/-/brics-static/brics.css")]


def _store_review(conn: Any, db_path: str, foreign: str, chinese: str, decision: str, reviewer: str,
                  note: str | None) -> dict[str, Any]:
    """In Datasette's write thread: store the review, then bring the coverage counts up to date."""
    ids = [foreign, chinese]
    was_current = coverage.coverage_is_current(conn)
    before = coverage.confirmed_ids(conn, ids) if was_current else set()
    row = pages.record_review(db_path, foreign, chinese, decision, reviewer, note)
    try:
        coverage.apply_review(conn, ids, before, was_current=was_current)
    except StandardsError as exc:  # the review is stored; the counts catch up at the next start or refresh
        log.warning("review stored but coverage not updated: %s", exc)
    return row


@hookimpl
def startup(datasette: Any) -> Any:
    """Bring the coverage tables of a writable catalogue up to date before serving."""
    async def inner() -> None:
        try:
            db = catalog_database(datasette)
        except NotFound:
            return
        if not db.is_mutable:
            return

        def update(conn: Any) -> None:
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
            if {"standards", "standard_ics", "suggestions", "reviews", "sectors"} <= tables and \
                    not coverage.coverage_is_current(conn):
                coverage.update_coverage_connection(conn)

        try:
            await db.execute_write_fn(update, block=True)
        except StandardsError as exc:
            log.warning("coverage tables not updated: %s", exc)

    return inner


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/brics-static/(?P<name>[A-Za-z0-9_.-]+)$", static_file),
        (r"^/-/standard/(?P<id>[^/]+)/review$", review_post),
        (r"^/-/standard/(?P<id>[^/]+)$", standard_page),
    ]


__all__ = ["standard_path", "sql_match", "sql_canonical", "catalog_database", "REVIEW_PERMISSION", "escape"]
