"""Shared set-up of the publishing tests: a small catalogue in a temporary directory, served by Datasette.

The catalogue holds the bundled sample plus the HAND-WRITTEN records below (written for these
tests, not taken from any real source), and hand-written suggestions, so the tests do not depend
on the matcher's scores.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from standards_lib.catalog import Catalog
from standards_lib.interchange import record_from_dict
from standards_lib.publish import hash_password, make_datasette, sample_records

MEMBER = "alice"
MEMBER_PASSWORD = "correct horse battery staple"
#: the name shown with the member's decisions (the sign-in name is never shown)
MEMBER_DISPLAY = "Alice A."
MEMBERS = {
    MEMBER: {"hash": hash_password(MEMBER_PASSWORD, iterations=20_000), "display_name": MEMBER_DISPLAY}
}  # few iterations: fast tests

# Hand-written test records (not real data).
HANDWRITTEN = [
    {
        "designation": "GB/T 99001-2024",
        "titles": {
            "zh": "测试标准 <script>alert(1)</script> 标题",
            "en": "Hand-written test standard <script>alert('x')</script>",
        },
        "status": "现行",
        "ics": ["27.160"],
        "source": "handwritten",
    },
    {
        "designation": "SANS 99002:2024",
        "titles": {"en": "Hand-written photovoltaic test requirements"},
        "status": "current",
        "ics": ["27.160"],
        "source": "handwritten",
    },
]

FOREIGN_QMS = "ГОСТ Р ИСО 9001-2015"
CHINESE_QMS = "GB/T 19001-2016"

SUGGESTIONS = [
    {
        "foreign_id": FOREIGN_QMS,
        "chinese_id": CHINESE_QMS,
        "rank": 1,
        "score": 0.97,
        "relation": "identical",
        "evidence": {  # the matcher's shape (matching/scoring.py), values hand-written
            "adoption": {"shared": True, "work": "ISO 9001", "degrees": {"foreign": "IDT", "chinese": "IDT"}},
            "title": {"comparable": True, "language": "across languages", "similarity": 0.91},
            "signals": {"adoption_shared": 2.6, "crosslang_similarity": 1.4},
            "logit": 3.4,
        },
    },
    {
        "foreign_id": "ABNT NBR ISO 9001:2015",
        "chinese_id": CHINESE_QMS,
        "rank": 1,
        "score": 0.96,
        "relation": "identical",
        "evidence": {"adoption": {"shared": True, "work": "ISO 9001", "degrees": {"foreign": "IDT"}}},
    },
    {
        "foreign_id": "SANS 62133-2:2017",
        "chinese_id": "GB 31241-2022",
        "rank": 1,
        "score": 0.52,
        "relation": "related",
        "evidence": {"ics": {"level": "group", "shared": ["29.220"]}, "title": {"language": "en", "similarity": 0.44}},
    },
    {
        "foreign_id": "SANS 99002:2024",
        "chinese_id": "GB/T 99001-2024",
        "rank": 1,
        "score": 0.61,
        "relation": "related",
        "evidence": {"note": "<b>not bold</b>"},
    },
]


def all_records() -> list[Any]:
    return sample_records() + [record_from_dict(r) for r in HANDWRITTEN]


def build_catalog(path: Path) -> Path:
    """The test catalogue: sample + hand-written records and hand-written suggestions."""
    with Catalog(path) as catalog:
        catalog.upsert_records(all_records(), source="sample")
        catalog.replace_suggestions(SUGGESTIONS, matcher_version="tests-handwritten")
    return path


def datasette_for(path: Path, **kwargs: Any) -> Any:
    return make_datasette(path, members=MEMBERS, secret="test-secret", **kwargs)


def actor_cookie(ds: Any, actor_id: str = MEMBER) -> dict[str, str]:
    return {"ds_actor": ds.sign({"a": {"id": actor_id}}, "actor")}


def csrftoken_from(html: str) -> str:
    match = re.search(r'name="csrftoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def rows(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text[:500]
    return json.loads(response.text)


class Site:
    """A served test catalogue with a synchronous client (one event loop per site)."""

    def __init__(self, path: Path, **kwargs: Any) -> None:
        self.path = path
        self.ds = datasette_for(path, **kwargs)
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.loop.run_until_complete(self.ds.client.get(path, **kwargs))

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.loop.run_until_complete(self.ds.client.post(path, **kwargs))

    def set_members(self, members: dict[str, str]) -> None:
        from standards_lib.publish.plugin import register_site

        register_site(self.ds, members)

    def form_token(self, path: str, cookies: dict[str, str]) -> tuple[str, dict[str, str]]:
        """GET a page with a form as this visitor; the CSRF token and the cookies to send back."""
        response = self.get(path, cookies=cookies)
        assert response.status_code == 200, response.text[:300]
        token = response.cookies.get("ds_csrftoken") or cookies.get("ds_csrftoken")
        return csrftoken_from(response.text), {**cookies, "ds_csrftoken": token}

    def close(self) -> None:
        self.loop.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(url: str, process: subprocess.Popen | None = None, seconds: float = 60.0) -> None:
    """Wait until ``url`` answers (a server started in ``process``); fail naming what did not start."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
                output = process.stderr.read().decode(errors="replace")[-2000:] if process and process.stderr else ""
                raise AssertionError(f"{url} did not answer within {seconds:.0f} s {output}") from None
            time.sleep(0.1)
