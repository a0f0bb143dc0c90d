"""Helpers shared by the plugin's views: the catalogue database, URLs, permission checks, error pages."""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from datasette.utils import tilde_decode
from datasette.utils.asgi import Forbidden, NotFound, Response
from jinja2 import Environment
from markupsafe import Markup

PLUGIN_NAME = "brics-standards"
REVIEW_PERMISSION = "brics-review"


def standard_path(datasette: Any, standard_id: str) -> str:
    """The URL path of a standard's page."""
    return datasette.urls.path(f"/-/standard/{quote(standard_id, safe='')}")


def web_url(value: Any) -> str | None:
    """``value`` when it is an absolute http(s) URL, else None (never render ``javascript:`` as a link)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in text for c in "\r\n\t<>\"'`"):
        return None
    return text


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


async def ensure_can_view(datasette: Any, request: Any, db: Any) -> None:
    """Raise ``Forbidden`` unless the visitor may see the instance and the catalogue (as Datasette's views check)."""
    await datasette.ensure_permissions(request.actor, [("view-database", db.name), "view-instance"])
    if not await datasette.permission_allowed(request.actor, "view-instance", default=True):
        raise Forbidden("view-instance")
    if not await datasette.permission_allowed(request.actor, "view-database", db.name, default=True):
        raise Forbidden("view-database")


def url_id(request: Any) -> str:
    """The id in the URL: percent-encoded (our links) or tilde-encoded (Datasette's own redirects)."""
    raw = request.url_vars["id"]
    return tilde_decode(raw) if "~" in raw and "%" not in raw else unquote(raw)


async def error_page(datasette: Any, request: Any, message: str, status: int = 404) -> Response:
    """An error page answered directly (raising NotFound on a path with "%" makes Datasette redirect)."""
    html = await datasette.render_template(
        "error.html", {"error": message, "status": status, "title": None}, request=request
    )
    return Response.html(html, status=status)


_SYNC_ENVIRONMENTS: weakref.WeakKeyDictionary[Any, Environment] = weakref.WeakKeyDictionary()


def render_fragment(datasette: Any, template: str, context: Mapping[str, Any]) -> Markup:
    """Render a part of a page with a synchronous Jinja environment over Datasette's templates and filters.

    Datasette renders pages asynchronously, which costs about twice as much per expression; a fragment
    repeated many times on a page (the review cards) is rendered here and placed in the page as markup.
    """
    env = _SYNC_ENVIRONMENTS.get(datasette)
    if env is None:
        env = Environment(loader=datasette.jinja_env.loader, autoescape=True)
        env.filters.update(datasette.jinja_env.filters)
        env.tests.update(datasette.jinja_env.tests)
        _SYNC_ENVIRONMENTS[datasette] = env
    return Markup(env.get_template(template).render(**context))
