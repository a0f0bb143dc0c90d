"""Gates in front of Datasette (the plugin's ``asgi_wrapper``): what a request may cost before any view runs.

- **Request bodies** are limited before they are read: a ``Content-Length`` over the limit is answered 413 at
  once, and a body sent without one (chunked) is counted as it streams and cut off at the limit; every POST route
  (sign-in, reviews, Datasette's own) is behind it. An oversized sign-in post counts as an attempt of its address.
- **Members' SQL** (``?sql=``, ``?_where=``) is marked so that it runs in a child process with a hard time limit
  (:mod:`..sql_worker`).
- **Searches** (``?q=``, ``?_search=``, ``?_search_<column>=``): text longer than :data:`MAX_SEARCH_CHARS` is
  refused with 400; one client address has at most :data:`SEARCHES_PER_CLIENT` searches running at once in a
  server process and the process at most :data:`SEARCHES_AT_ONCE` (others wait up to :data:`SEARCH_WAIT_SECONDS`),
  beyond which the answer is 429 with a message: a flood of searches keeps a SQL thread free for other visitors.
  An address that sent :data:`HOSTILE_SEARCHES` over-long searches within a minute has all its searches refused
  (429) until it stops for :data:`COOLDOWN_SECONDS`; 429s are sent after :data:`SEARCH_REFUSAL_DELAY` spent waiting.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from ..sql_functions import MAX_SEARCH_CHARS
from ..sql_worker import MEMBER_SQL
from .signin import client_address
from .state import site_state

log = logging.getLogger(__name__)

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]

#: Largest request body of a sign-in (a name and a password) and of any other POST (a review note is 2,000 characters).
MAX_LOGIN_BODY_BYTES = 8 * 1024
MAX_BODY_BYTES = 64 * 1024
#: Searches one client address may have running at once in one server process, and all clients together.
SEARCHES_PER_CLIENT = 2
SEARCHES_AT_ONCE = 2
#: How long a search waits for a free slot before it is answered 429.
SEARCH_WAIT_SECONDS = 5.0
#: An address that sent this many over-long searches within a minute has every search refused (429, nothing
#: parsed) until it has sent none for COOLDOWN_SECONDS; addresses remembered at most MAX_REMEMBERED.
HOSTILE_SEARCHES, COOLDOWN_SECONDS, MAX_REMEMBERED = 3, 60.0, 10_000
#: Seconds a refused search waits before its 429 (waiting costs nothing; a flood on one connection gets one
#: answer a second instead of hundreds, as the sign-in refusals).
SEARCH_REFUSAL_DELAY = 1.0


async def _answer(send: Any, status: int, message: str, headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    body = message.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _BodyTooLarge(Exception):
    pass


def body_limit(app: ASGIApp, datasette: Any) -> ASGIApp:
    """Refuse request bodies over the limit before reading them (413), counting streamed bytes too."""

    async def limited(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await app(scope, receive, send)
            return
        login = scope.get("path") == datasette.urls.path("/-/login")
        limit = MAX_LOGIN_BODY_BYTES if login else MAX_BODY_BYTES
        message = f"Request body larger than {limit:,} bytes: refused. 请求过大。"
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.strip().isdigit() or int(declared) > limit):
            if login:
                site_state(datasette).throttle.count_attempt(client_address(scope))
            await _answer(send, 413, message)
            return
        received = 0
        too_large = False
        started = False

        async def counting_receive() -> dict[str, Any]:
            nonlocal received, too_large
            event = await receive()
            if event.get("type") == "http.request":
                received += len(event.get("body") or b"")
                if received > limit:
                    too_large = True
                    raise _BodyTooLarge
            return dict(event)

        async def guarded_send(event: dict[str, Any]) -> None:
            nonlocal started
            if too_large:
                return  # the view's own answer to the cut-off body is replaced by the 413
            started = True
            await send(event)

        try:
            await app(scope, counting_receive, guarded_send)
        except _BodyTooLarge:
            pass
        if too_large and not started:
            if login:
                site_state(datasette).throttle.count_attempt(client_address(scope))
            await _answer(send, 413, message)

    return limited


def search_text(scope: dict[str, Any]) -> str | None:
    """The search text of a request (``q``, ``_search``, ``_search_<column>``), or None when it searches nothing."""
    raw = scope.get("query_string") or b""
    if not raw or (b"q=" not in raw and b"_search" not in raw):
        return None
    texts = [
        value
        for key, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
        if key in ("q", "_search") or key.startswith("_search_")
    ]
    return max(texts, key=len) if texts else None


class SearchSlots:
    """Searches running now, per client address and in all, and addresses cooling down after over-long searches,
    in one server process (bounded memory)."""

    def __init__(self) -> None:
        self.per_client: dict[str, int] = {}
        self.running = asyncio.Semaphore(SEARCHES_AT_ONCE)
        self.hostile: OrderedDict[str, deque[float]] = OrderedDict()
        self.refusal_delay = SEARCH_REFUSAL_DELAY

    def refused_too_long(self, client: str, now: float) -> None:
        times = self.hostile.setdefault(client, deque(maxlen=HOSTILE_SEARCHES))
        times.append(now)
        self.hostile.move_to_end(client)
        while len(self.hostile) > MAX_REMEMBERED:
            self.hostile.popitem(last=False)

    def cooling_down(self, client: str, now: float) -> bool:
        times = self.hostile.get(client)
        if not times or len(times) < HOSTILE_SEARCHES:
            return False
        if now - times[-1] > COOLDOWN_SECONDS or times[-1] - times[0] > 60.0:
            return False
        times.append(now)  # still sending searches: the cool-down starts again
        return True


def search_gate(app: ASGIApp, datasette: Any) -> ASGIApp:
    """Refuse over-long searches (400) and more concurrent searches than allowed (429), before Datasette."""
    slots = SearchSlots()

    async def gated(scope: dict[str, Any], receive: Any, send: Any) -> None:
        text = search_text(scope) if scope.get("type") == "http" else None
        if text is None:
            await app(scope, receive, send)
            return
        client, now = client_address(scope), time.monotonic()
        if slots.cooling_down(client, now):
            message = f"Too many over-long searches from your address: wait {COOLDOWN_SECONDS:.0f} s. 请稍后再试。"
            await asyncio.sleep(slots.refusal_delay)
            await _answer(send, 429, message, ((b"retry-after", str(int(COOLDOWN_SECONDS)).encode()),))
            return
        text = " ".join(text.split())
        if len(text) > MAX_SEARCH_CHARS:
            slots.refused_too_long(client, now)
            await _answer(
                send, 400, f"Search text of {len(text):,} characters: at most {MAX_SEARCH_CHARS}. 检索词过长。"
            )
            return
        busy = "Too many searches at once from your address: wait for the first ones. 检索过于频繁，请稍后再试。"
        if slots.per_client.get(client, 0) >= SEARCHES_PER_CLIENT:
            await asyncio.sleep(slots.refusal_delay)
            await _answer(send, 429, busy, ((b"retry-after", b"1"),))
            return
        slots.per_client[client] = slots.per_client.get(client, 0) + 1
        try:
            try:
                await asyncio.wait_for(slots.running.acquire(), SEARCH_WAIT_SECONDS)
            except TimeoutError:
                await _answer(
                    send,
                    429,
                    "The site is busy searching: try again in a moment. 请稍后再试。",
                    ((b"retry-after", b"2"),),
                )
                return
            try:
                await app(scope, receive, send)
            finally:
                slots.running.release()
        finally:
            slots.per_client[client] -= 1
            if not slots.per_client[client]:
                del slots.per_client[client]

    return gated


def member_sql_gate(app: ASGIApp) -> ASGIApp:
    """Mark requests carrying SQL written by the visitor (``?sql=``, ``?_where=``; members only, Datasette refuses
    them to others) so that their queries run in a child process that can be killed (:mod:`..sql_worker`)."""

    async def marked(scope: dict[str, Any], receive: Any, send: Any) -> None:
        raw = scope.get("query_string") or b""
        if scope.get("type") != "http" or (b"sql=" not in raw and b"_where" not in raw):
            await app(scope, receive, send)
            return
        written = tuple(
            value.strip()
            for key, value in parse_qsl(raw.decode("utf-8", "replace"))
            if key in ("sql", "_where") and value.strip()
        )
        if not written:
            await app(scope, receive, send)
            return
        token = MEMBER_SQL.set(written)
        try:
            await app(scope, receive, send)
        finally:
            MEMBER_SQL.reset(token)

    return marked
