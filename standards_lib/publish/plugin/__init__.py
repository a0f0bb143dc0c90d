"""The Datasette plugin of the published catalogue (entry point ``brics_standards`` in pyproject.toml).

A plugin package: Datasette adds its ``templates/`` to the Jinja loader and serves its ``static/`` at
``/-/static-plugins/brics-standards/``. Hooks:

- ``prepare_connection``: SQL functions ``brics_match`` (Chinese-aware FTS5 MATCH expression),
  ``brics_canonical``, ``brics_ics_field``, and ``escape_fts`` replaced by the Chinese-aware one so that
  Datasette's own table search finds Chinese words of any length; values are capped in size;
- routes: ``/-/login`` (members sign in), ``/-/standard/{id}`` (a standard's page) and its ``/review``
  POST, ``/-/review`` (the review workspace), ``/-/review/decide`` (POST), ``/-/review/export/...``;
- ``permission_allowed``: ``brics-review`` for signed-in members, ``view-instance`` on private sites;
- ``asgi_wrapper``: Content-Security-Policy and hardened cookies (:mod:`.security`), and sign-in refusals
  in front of Datasette for addresses that used up their attempts (:func:`.signin.throttle_gate`);
- ``render_cell``, ``menu_links``, ``table_actions``, ``extra_css_urls``, ``extra_js_urls``, ``startup``.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import NotFound
from jinja2 import pass_context
from markupsafe import Markup

from standards_lib.errors import StandardsError

from .. import coverage
from ..display_labels import column_label, internal_columns, shown_columns
from ..queries import PARAMETER_CHOICES, PARAMETER_LABELS, canned_queries
from ..sql_functions import prepare_sql_connection, sql_canonical, sql_match
from ..sql_worker import route_member_sql
from . import gates, home_view, hub_view, review_view, search_view, security, signin, standard_view
from .cells import render_catalog_cell
from .common import PLUGIN_NAME, REVIEW_PERMISSION, catalog_database, render_fragment, standard_path, web_url
from .state import register_site, site_state

log = logging.getLogger(__name__)


# SQL functions (one definition: ..sql_functions) ------------------------------------------------


@hookimpl(trylast=True)
def prepare_connection(conn: Any) -> None:
    """Runs after Datasette's own functions so that ``escape_fts`` is the Chinese-aware one."""
    prepare_sql_connection(conn)


# Templates, menus, cells -----------------------------------------------------------------------


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    env.filters["brics_web_url"] = web_url

    @pass_context
    def sync_include(context: Any, template: str) -> Markup:
        return render_fragment(datasette, template, context.get_all())

    env.globals["brics_sync_include"] = sync_include


@hookimpl
def extra_template_vars(datasette: Any) -> dict[str, Any]:
    def catalog_name() -> str | None:
        try:
            return catalog_database(datasette).name
        except NotFound:
            return None

    def crumb_label(label: str) -> str:
        """The catalogue's title instead of its file name ("real" for real.db), 首页 instead of "home"."""
        if label == "home":
            return "首页 Home"
        if label == catalog_name():
            return str(datasette.metadata("title", database=label, fallback=False) or label)
        return label

    return {
        "brics_catalog_name": catalog_name,
        "brics_standard_path": lambda i: standard_path(datasette, i),
        "brics_queries": brics_queries,
        "brics_column_label": column_label,
        "brics_internal_columns": internal_columns,
        "brics_crumb_label": crumb_label,
    }


class _QueryLabels:
    """What the canned-query template needs: which queries are the catalogue's, labels and select lists."""

    names = frozenset(canned_queries())
    column = staticmethod(column_label)
    shown_columns = staticmethod(shown_columns)
    choices = PARAMETER_CHOICES
    parameters = PARAMETER_LABELS


brics_queries = _QueryLabels()


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    return render_catalog_cell(row, value, column, table, database, datasette)


@hookimpl
def menu_links(datasette: Any, actor: Any) -> list[dict[str, str]]:
    try:
        name = catalog_database(datasette).name
    except NotFound:
        return []
    links = [
        {"href": datasette.urls.path("/-/search"), "label": "检索 Search"},
        {"href": datasette.urls.path("/-/review"), "label": "Review queue 审核"},
        {"href": datasette.urls.path(f"/{name}/coverage"), "label": "Coverage 覆盖率"},
        {"href": datasette.urls.path("/-/concordance"), "label": "Concordance 对照表"},
    ]
    if not actor:
        links.append({"href": datasette.urls.path("/-/login"), "label": "Sign in 登录"})
    return links


@hookimpl
def table_actions(datasette: Any, database: str, table: str) -> list[dict[str, str]]:
    if table != "standards":
        return []
    return [
        {
            "href": datasette.urls.path(f"/{database}/standards?_facet=country&_facet=status"),
            "label": "Count by country and status 按国家和状态统计",
        },
        {"href": datasette.urls.path(f"/{database}/coverage"), "label": "Coverage by country and ICS field 覆盖率"},
        {"href": datasette.urls.path(f"/{database}/no_equivalent"), "label": "Without a Chinese equivalent 无对应"},
    ]


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    return [datasette.urls.static_plugins(PLUGIN_NAME, "brics.css")]


@hookimpl
def extra_js_urls(template: str, datasette: Any) -> list[dict[str, Any]]:
    scripts = {"brics_review.html": "brics-review.js"}
    if template in scripts:
        return [{"url": datasette.urls.static_plugins(PLUGIN_NAME, scripts[template]), "module": False}]
    return []


# Permissions -----------------------------------------------------------------------------------


@hookimpl
def permission_allowed(datasette: Any, actor: Any, action: str) -> bool | None:
    """``brics-review``: a signed-in committee member; ``view-instance`` on a private site: any member."""
    if action == REVIEW_PERMISSION:
        return bool(actor and actor.get("id") and actor["id"] in site_state(datasette).members)
    if action == "view-instance" and site_state(datasette).private and not (actor and actor.get("id")):
        return False
    return None


# Security headers ------------------------------------------------------------------------------


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    hashes: list[str] = []

    def policy() -> str:
        if not hashes:
            hashes.extend(security.datasette_script_hashes(datasette.jinja_env) or ["'none'"])
        return security.content_security_policy([h for h in hashes if h != "'none'"])

    security.formula_safe_datasette_csv()

    def wrap(app: Any) -> Any:
        gated = gates.member_sql_gate(signin.throttle_gate(app, datasette))
        gated = gates.body_limit(gates.search_gate(gated, datasette), datasette)
        return security.security_wrapper(gated, policy)

    return wrap


# Routes ----------------------------------------------------------------------------------------


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/$", home_view.home_page),
        (r"^/-/login$", signin.login),
        (r"^/-/review$", review_view.queue_page),
        (r"^/-/review/decide$", review_view.decide),
        (r"^/-/review/export/(?P<name>[a-z_]+)\.(?P<fmt>csv|xlsx|jsonl)$", review_view.export),
        (r"^/-/standard/(?P<id>[^/]+)/review$", standard_view.review_post),
        (r"^/-/standard/(?P<id>[^/]+)$", standard_view.standard_page),
        (r"^/-/work/(?P<id>[^/]+)$", hub_view.work_page),
        (r"^/-/concordance$", hub_view.concordance_page),
        (r"^/-/search$", search_view.search_page),
    ]


@hookimpl
def startup(datasette: Any) -> Any:
    """Bring the coverage tables of a writable catalogue up to date before serving."""

    route_member_sql(datasette)  # members' SQL in a child process that can be killed

    async def inner() -> None:
        try:
            db = catalog_database(datasette)
        except NotFound:
            return
        if not db.is_mutable:
            return

        def update(conn: Any) -> None:
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
            if {
                "standards",
                "standard_ics",
                "suggestions",
                "reviews",
                "sectors",
            } <= tables and not coverage.coverage_is_current(conn):
                coverage.update_coverage_connection(conn)

        try:
            await db.execute_write_fn(update, block=True)
        except StandardsError as exc:
            log.warning("coverage tables not updated: %s", exc)

    return inner


__all__ = [
    "REVIEW_PERMISSION",
    "catalog_database",
    "quote",
    "register_site",
    "sql_canonical",
    "sql_match",
    "standard_path",
]
