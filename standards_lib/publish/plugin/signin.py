"""``/-/login``: committee members sign in (the form, throttled attempts, hashing in worker threads).

Refusals are cheap and slow: an address that has used up its attempts is answered by
:func:`throttle_gate` before Datasette parses anything (no form, no CSRF check, no template), after
``refusal_delay`` seconds spent waiting, not computing. A guessing loop therefore costs the server a
few hundred microseconds a second instead of a core.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from datasette.utils.asgi import Response

from ..members import verify_password
from .state import MAX_PENDING_VERIFICATIONS, site_state

log = logging.getLogger(__name__)

#: A constant hash verified for unknown names, so that an unknown name costs as much as a wrong password.
_DECOY = "pbkdf2_sha256$480000$brics-decoy$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def client_address(scope: dict[str, Any]) -> str:
    """The connecting address of a request's ASGI scope (proxies' forwarding headers are not trusted)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


async def _form(
    datasette: Any, request: Any, *, error: str | None = None, status: int = 200, username: str = ""
) -> Response:
    members = site_state(datasette).members
    html = await datasette.render_template(
        "brics_login.html",
        {
            "error": error,
            "username": username,
            "has_members": bool(members.names()),
            "next_path": _next_path(request),
        },
        request=request,
    )
    return Response.html(html, status=status)


THROTTLED = "Too many failed attempts: wait 15 minutes and try again. 尝试次数过多，请15分钟后再试。"
BUSY = "The site is busy signing others in: try again in a moment. 请稍后再试。"


def _refusal_page(message: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Sign in 登录</title></head><body><p>{message}</p>"
        '<p><a href="/-/login">Sign in 登录</a></p></body></html>'
    )


async def _refused(datasette: Any, message: str, retry_after: int = 900) -> Response:
    """A refused attempt: status 429 and a short page (no template), sent after the refusal delay."""
    await asyncio.sleep(site_state(datasette).refusal_delay)
    return Response.html(_refusal_page(message), status=429, headers={"retry-after": str(retry_after)})


ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


def throttle_gate(app: ASGIApp, datasette: Any) -> ASGIApp:
    """Wrap the site so that ``/-/login`` (form or attempt) from an address that has used up its attempts
    is refused in front of Datasette: after the refusal delay, with the 429 page of :func:`_refused`."""

    async def gated(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and scope.get("path") == datasette.urls.path("/-/login"):
            if site_state(datasette).throttle.client_blocked(client_address(scope)):
                await (await _refused(datasette, THROTTLED)).asgi_send(send)
                return
        await app(scope, receive, send)

    return gated


def _next_path(request: Any) -> str:
    """Where to go after signing in: a path on this site only."""
    target = request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


async def login(request: Any, datasette: Any) -> Response:
    """GET: the sign-in form. POST: check the password off the event loop, with the throttle in front."""
    if request.method != "POST":
        return await _form(datasette, request)
    state = site_state(datasette)
    form = await request.post_vars()
    username = (form.get("username") or "").strip()[:100]
    password = (form.get("password") or "")[:1000]
    client = client_address(request.scope)
    if not state.throttle.allow(client, username):
        log.warning("sign-in throttled for %r from %s", username, client)
        return await _refused(datasette, THROTTLED)
    if state.pending >= MAX_PENDING_VERIFICATIONS:
        return await _refused(datasette, BUSY, retry_after=5)
    hashed = state.members.hash_for(username)
    state.pending += 1
    try:
        loop = asyncio.get_running_loop()
        ok = await loop.run_in_executor(state.hashing, verify_password, password, hashed or _DECOY)
    finally:
        state.pending -= 1
    if not (ok and hashed):
        state.throttle.failed(client, username)
        return await _form(datasette, request, username=username, error="Wrong name or password. 用户名或密码错误。")
    state.throttle.succeeded(client, username)
    actor = {"id": username, "role": "committee"}
    response = Response.redirect(
        form.get("next")
        if str(form.get("next") or "").startswith("/") and not str(form.get("next")).startswith("//")
        else "/"
    )
    response.set_cookie("ds_actor", datasette.sign({"a": actor}, "actor"), httponly=True, samesite="lax")
    datasette.add_message(request, f"Signed in as {username}. 已登录。")
    log.info("%s signed in from %s", username, client)
    return response
