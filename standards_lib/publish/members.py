"""Committee members: password hashes, their verification, and the sign-in throttle.

Hashes use the ``pbkdf2_sha256$ITERATIONS$SALT$BASE64`` form that ``datasette hash-password`` also
writes, so existing members files keep working; ``standards hash-password`` makes new ones. The hashes
live only in the running server's memory (:class:`MemberDirectory`), never in Datasette's metadata, so
no served page or JSON can show them.

Verifying a password costs ~0.2 s of CPU by design: :func:`verify_password` is run in a worker
thread by the sign-in view, and the throttle (:mod:`.throttle`) limits failed attempts per user and
per client address.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from standards_lib.errors import CatalogError

log = logging.getLogger(__name__)

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 480_000
#: Environment variable holding committee members as JSON ``{"name": "pbkdf2_sha256$..."}``.
MEMBERS_ENV = "BRICS_MEMBERS"
#: Hashes with more iterations than this are refused when loaded (a bad file must not stall sign-in).
MAX_ITERATIONS = 10_000_000


def hash_password(password: str, *, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    """The stored form of ``password``: ``pbkdf2_sha256$iterations$salt$base64(sha256 pbkdf2)``."""
    salt = salt or secrets.token_hex(16)
    if "$" in salt:
        raise ValueError("a salt cannot contain '$'")
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"), iterations)
    return f"{ALGORITHM}${iterations}${salt}${base64.b64encode(digest).decode('ascii')}"


def parse_hash(hashed: str) -> tuple[int, str, str]:
    """``(iterations, salt, base64 digest)`` of a stored hash; ``ValueError`` naming what is wrong."""
    parts = (hashed or "").strip().split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM:
        raise ValueError(f"a password hash looks like {ALGORITHM}$ITERATIONS$SALT$HASH")
    if not parts[1].isdigit() or not 1 <= int(parts[1]) <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be a number between 1 and {MAX_ITERATIONS:,}")
    return int(parts[1]), parts[2], parts[3]


def verify_password(password: str, hashed: str) -> bool:
    """True when ``password`` matches the stored hash (constant-time comparison). CPU-heavy: call off the loop."""
    try:
        iterations, salt, _ = parse_hash(hashed)
    except ValueError:
        return False
    return hmac.compare_digest(hash_password(password, salt=salt, iterations=iterations), hashed.strip())


@dataclass
class MemberDirectory:
    """The members who may sign in (name -> hash), kept in memory only."""

    hashes: dict[str, str] = field(default_factory=dict)

    def __contains__(self, name: object) -> bool:
        return name in self.hashes

    def names(self) -> list[str]:
        return sorted(self.hashes)

    def hash_for(self, name: str) -> str | None:
        return self.hashes.get(name)


def load_members(members_file: str | Path | None = None, *, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Committee members (name -> password hash from ``standards hash-password``).

    Read from the JSON file ``members_file`` and from the ``BRICS_MEMBERS`` environment variable
    (a JSON object too); the file wins on duplicates. Raises ``CatalogError`` naming what is wrong.
    """
    environ = os.environ if environ is None else environ
    members: dict[str, str] = {}
    sources: list[tuple[str, str]] = []
    if environ.get(MEMBERS_ENV):
        sources.append((f"environment variable {MEMBERS_ENV}", environ[MEMBERS_ENV]))
    if members_file is not None:
        try:
            sources.append((str(members_file), Path(members_file).read_text(encoding="utf-8")))
        except OSError as exc:
            raise CatalogError(f"cannot read members file {members_file}: {exc.strerror}") from exc
    for where, text in sources:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CatalogError(
                f'{where} is not JSON ({exc.msg} at line {exc.lineno}); expected {{"name": "pbkdf2_sha256$..."}}'
            ) from exc
        if not isinstance(data, dict):
            raise CatalogError(f'{where} must be a JSON object {{"name": "password hash"}}')
        for name, hashed in data.items():
            if not isinstance(hashed, str) or not hashed.startswith("pbkdf2_sha256$"):
                raise CatalogError(
                    f"{where}: member {name!r} needs a hash made by `standards hash-password` "
                    "(it starts with pbkdf2_sha256$)"
                )
            try:
                parse_hash(hashed)
            except ValueError as exc:
                raise CatalogError(f"{where}: member {name!r}: {exc}") from exc
            if not name or any(ch.isspace() for ch in name):
                raise CatalogError(f"{where}: member name {name!r} must be non-empty, without spaces")
            members[name] = hashed
    return members
