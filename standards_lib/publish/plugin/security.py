"""Response hardening for every page of the site (the plugin's ``asgi_wrapper``).

- ``Content-Security-Policy``: scripts only from the site itself, plus the exact hashes of the few
  constant inline scripts in Datasette's own templates (menu closing, the SQL editor, the facet flag);
  any other inline script, injected or not, is refused by the browser. No plugins, no framing.
- Every cookie the site sets is ``HttpOnly`` and ``SameSite=Lax`` (sign-in, messages, CSRF token).
- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: same-origin``.
- Datasette's own CSV downloads (every table and query page links them) are formula-safe: text a spreadsheet
  would run (``=HYPERLINK(...)``, ``+``, ``-``, ``@``) is written as text, as in the project's own exports
  (:func:`standards_lib.spreadsheet.safe_cell`).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import logging
import re
import types
from collections.abc import Awaitable, Callable
from typing import Any

from standards_lib.spreadsheet import safe_cell

log = logging.getLogger(__name__)

#: Datasette templates holding constant inline scripts, and the values their one variable can take.
DATASETTE_INLINE_SCRIPTS: dict[str, dict[str, tuple[str, ...]]] = {
    "_close_open_menus.html": {},
    "_codemirror_foot.html": {},
    "default:table.html": {"{{ datasette_allow_facet }}": ("true", "false")},  # Datasette's own: the plugin extends it
}
SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.S)

POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def script_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def datasette_script_hashes(env: Any) -> list[str]:
    """Hashes of the constant inline scripts of Datasette's templates (read through its Jinja loader)."""
    hashes: list[str] = []
    for name, variables in DATASETTE_INLINE_SCRIPTS.items():
        try:
            source = env.loader.get_source(env, name)[0]
        except Exception as exc:  # a Datasette version without this template: nothing to allow
            log.info("no template %s to hash for the CSP: %s", name, exc)
            continue
        for script in SCRIPT_RE.findall(source):
            variants = [script]
            for placeholder, values in variables.items():
                if placeholder in script:
                    variants = [v.replace(placeholder, value) for v in variants for value in values]
            if any("{{" in v or "{%" in v for v in variants):
                continue
            hashes.extend(script_hash(v) for v in variants)
    return hashes


def harden_cookie(header: bytes) -> bytes:
    """A ``Set-Cookie`` value with ``HttpOnly`` and ``SameSite=Lax`` added when missing."""
    text = header.decode("latin-1")
    lower = text.lower()
    if "httponly" not in lower:
        text += "; HttpOnly"
    if "samesite" not in lower:
        text += "; SameSite=Lax"
    text = re.sub(r"(?i)samesite=lax", "SameSite=Lax", text)
    return text.encode("latin-1")


def security_wrapper(app: Callable[..., Awaitable[None]], policy: Callable[[], str]) -> Callable[..., Awaitable[None]]:
    """Wrap an ASGI app so that every HTTP response carries the headers above."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return

        async def send_hardened(message: dict[str, Any]) -> None:
            if message.get("type") == "http.response.start":
                headers = []
                for name, value in message.get("headers") or []:
                    if name.lower() == b"set-cookie":
                        value = harden_cookie(value)
                    headers.append((name, value))
                present = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", policy().encode("latin-1")))
                if b"x-content-type-options" not in present:
                    headers.append((b"x-content-type-options", b"nosniff"))
                if b"referrer-policy" not in present:
                    headers.append((b"referrer-policy", b"same-origin"))
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_hardened)

    return wrapped


def content_security_policy(hashes: list[str]) -> str:
    return POLICY.format(hashes=" ".join(hashes)).replace("  ", " ")


class _FormulaSafeWriter:
    """A ``csv.writer`` whose cells go through :func:`safe_cell` (the writer returns what the stream's ``write``
    returns: Datasette awaits it)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def writerow(self, row: Any) -> Any:
        return self._inner.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Any) -> None:
        for row in rows:
            self.writerow(row)


class _FormulaSafeCsvModule(types.ModuleType):
    """The ``csv`` module as Datasette's CSV view sees it: the same, but its writers neutralise formulas."""

    def __getattr__(self, name: str) -> Any:
        return getattr(csv, name)

    @staticmethod
    def writer(stream: Any, *args: Any, **kwargs: Any) -> _FormulaSafeWriter:
        return _FormulaSafeWriter(csv.writer(stream, *args, **kwargs))


def formula_safe_datasette_csv() -> None:
    """Make the CSV rendering of Datasette (``datasette.views.base``, all of its ``.csv`` pages) formula-safe."""
    from datasette.views import base

    if not isinstance(base.csv, _FormulaSafeCsvModule):
        base.csv = _FormulaSafeCsvModule("csv")
