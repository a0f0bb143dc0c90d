"""The polite, resumable fetcher every live scraper uses (standard library HTTP only).

- timeouts; retries with exponential backoff and jitter on connection errors, timeouts, truncated
  bodies, 429 and 5xx, honouring ``Retry-After`` (seconds or an HTTP date), capped;
- a per-host rate limit (a minimum interval between two requests to one host);
- an honest User-Agent; robots.txt respected (a disallowed URL raises FetchError unfetched);
- an on-disk archive keyed by URL (``<dir>/<sha[:2]>/<sha>.body`` + ``.json``), written atomically for
  complete 2xx answers only: a re-run resumes without refetching, ``offline=True`` replays the archive,
  and the raw page behind every record stays available;
- decoding: the declared charset (header, then ``<meta>``; gb2312/gbk read as gb18030), else strict
  UTF-8, else GB18030 or windows-1251 by plausibility.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import http.client
import json
import logging
import os
import random
import re
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from standards_lib import __version__
from standards_lib.errors import FetchError
from standards_lib.text import CJK_CHAR_RE

log = logging.getLogger(__name__)

USER_AGENT = f"brics-standards/{__version__} (+https://github.com/brics-standards/brics-standards)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_CJK = CJK_CHAR_RE
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: symbols that a wrong single-byte decoding of GBK produces (№ ± ° » ...): evidence against it
_ODD = re.compile(r"[\u0080-\u00bf\u2116\u0490\u0491]")


@dataclass
class Response:
    """One fetched (or replayed) page."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    text: str
    encoding: str
    fetched_at: str
    from_archive: bool = False
    archive_key: str = ""


@dataclass
class FetchStats:
    requests: int = 0
    from_archive: int = 0
    retries: int = 0
    errors: int = 0


def declared_charset(headers: dict[str, str], content: bytes) -> str | None:
    """The charset a page declares (HTTP header first, then <meta>), normalised."""
    m = re.search(r"charset=([A-Za-z0-9_-]+)", headers.get("content-type", ""), re.I)
    name = m.group(1) if m else None
    if name is None:
        meta = _META.search(content[:2048])
        name = meta.group(1).decode("ascii") if meta else None
    if name is None:
        return None
    name = name.lower()
    return "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name


def decode(content: bytes, declared: str | None) -> tuple[str, str]:
    """``(text, encoding)``: the declared charset when it decodes strictly, else the most plausible one."""
    if declared:
        try:
            return content.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            log.info("declared charset %s does not decode the page; guessing", declared)
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "cp1251"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030":
            score = 2 * len(_CJK.findall(text))  # two bytes a character
        else:
            score = len(_CYRILLIC.findall(text)) - 3 * len(_ODD.findall(text))
        candidates.append((score, encoding, text))
    if not candidates:
        return content.decode("utf-8", "replace"), "utf-8"
    score, encoding, text = max(candidates)
    return text, encoding


class Fetcher:
    """GET pages politely, archiving every complete answer on disk."""

    def __init__(
        self,
        archive_dir: str | Path,
        *,
        user_agent: str | None = None,
        min_interval: float = 1.0,
        timeout: float = 20.0,
        retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        offline: bool = False,
        refresh: bool = False,
        max_age: float | None = None,
        respect_robots: bool = True,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.archive = Path(archive_dir)
        self.user_agent = user_agent or USER_AGENT
        self.min_interval, self.timeout, self.retries = min_interval, timeout, retries
        self.backoff, self.max_backoff = backoff, max_backoff
        self.offline, self.refresh, self.respect_robots = offline, refresh, respect_robots
        self.max_age = max_age  # seconds; archived pages older than this are fetched again (online)
        self.sleep, self.clock = sleep, clock
        self.stats = FetchStats()
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._opener = urllib.request.build_opener()

    # -- archive ---------------------------------------------------------------------------
    @staticmethod
    def key(url: str) -> str:
        return hashlib.sha256(url.encode("utf-8")).hexdigest()

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = self.key(url)
        folder = self.archive / key[:2]
        return folder / f"{key}.body", folder / f"{key}.json"

    def archived(self, url: str) -> Response | None:
        body, meta = self._paths(url)
        if not (body.exists() and meta.exists()):
            return None
        info = json.loads(meta.read_text("utf-8"))
        content = body.read_bytes()
        text, encoding = decode(content, info.get("encoding"))
        return Response(
            url,
            info["final_url"],
            info["status"],
            info["headers"],
            content,
            text,
            encoding,
            info["fetched_at"],
            True,
            self.key(url),
        )

    def _store(self, response: Response) -> None:
        body, meta = self._paths(response.url)
        body.parent.mkdir(parents=True, exist_ok=True)
        for path, data in (
            (body, response.content),
            (
                meta,
                json.dumps(
                    {k: v for k, v in asdict(response).items() if k not in ("content", "text", "from_archive")},
                    ensure_ascii=False,
                ).encode("utf-8"),
            ),
        ):
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)

    # -- fetching --------------------------------------------------------------------------
    def get(self, url: str) -> Response:
        """The page at ``url``: from the archive when it holds it (unless ``refresh``), else fetched."""
        if not self.refresh or self.offline:
            cached = self.archived(url)
            if cached is not None and not self.offline and self._too_old(cached):
                log.info(
                    "%s: archived copy from %s is older than %ss; fetching again", url, cached.fetched_at, self.max_age
                )
                cached = None
            if cached is not None:
                self.stats.from_archive += 1
                return cached
        if self.offline:
            raise FetchError(f"{url}: not in the archive (offline) at {self.archive}")
        if self.respect_robots and not self._allowed(url):
            raise FetchError(f"{url}: disallowed by the site's robots.txt for {self.user_agent}")
        response = self._fetch(url)
        self._store(response)
        return response

    def _too_old(self, cached: Response) -> bool:
        if self.max_age is None:
            return False
        try:
            fetched = dt.datetime.fromisoformat(cached.fetched_at)
        except (TypeError, ValueError):
            return True  # no usable date: treat as stale
        if fetched.tzinfo is None:
            fetched = fetched.replace(tzinfo=dt.UTC)
        return (dt.datetime.now(dt.UTC) - fetched).total_seconds() > self.max_age

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = None  # no robots.txt: everything is allowed
            try:
                answer = self._fetch(host + "/robots.txt", allow_missing=True)
                if answer.status < 400:
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(answer.text.splitlines())
            except FetchError:
                parser = None
            self._robots[host] = parser
        parser = self._robots[host]
        return True if parser is None else parser.can_fetch(self.user_agent, url)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            wait = self.min_interval - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            seconds: float | None
            try:
                seconds = float(retry_after)
            except ValueError:
                try:
                    when = email.utils.parsedate_to_datetime(retry_after)
                except (TypeError, ValueError, IndexError):
                    when = None  # unreadable Retry-After: fall back to the exponential backoff
                if when is not None and when.tzinfo is None:
                    when = when.replace(tzinfo=dt.UTC)
                seconds = (when - dt.datetime.now(dt.UTC)).total_seconds() if when else None
            if seconds is not None:
                return max(0.0, min(seconds, self.max_backoff))
        return min(self.backoff * (2**attempt) * (1 + random.random() * 0.1), self.max_backoff)

    def _fetch(self, url: str, *, allow_missing: bool = False) -> Response:
        last_error = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.stats.retries += 1
            self._wait_for_host(url)
            self.stats.requests += 1
            request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
            retry_after = None
            try:
                with self._opener.open(request, timeout=self.timeout) as answer:
                    content = answer.read()
                    headers = {k.lower(): v for k, v in answer.headers.items()}
                    expected = headers.get("content-length")
                    if expected is not None and expected.isdigit() and len(content) < int(expected):
                        raise http.client.IncompleteRead(content, int(expected) - len(content))
                    text, encoding = decode(content, declared_charset(headers, content))
                    return Response(
                        url,
                        answer.geturl(),
                        answer.status,
                        headers,
                        content,
                        text,
                        encoding,
                        dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                        False,
                        self.key(url),
                    )
            except urllib.error.HTTPError as exc:
                if allow_missing and exc.code in (401, 403, 404, 410):
                    return Response(url, url, exc.code, {}, b"", "", "utf-8", "", False, "")
                if exc.code not in RETRY_STATUSES:
                    self.stats.errors += 1
                    raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
                last_error = f"HTTP {exc.code}"
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
            except http.client.IncompleteRead as exc:
                last_error = f"truncated body ({len(exc.partial)} bytes, {exc.expected} missing)"
            except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
                last_error = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
            if attempt < self.retries:
                delay = self._delay(attempt, retry_after)
                log.info("%s: %s; retrying in %.1fs", url, last_error, delay)
                self.sleep(delay)
        self.stats.errors += 1
        raise FetchError(f"{url}: {last_error} after {self.retries + 1} attempts")
