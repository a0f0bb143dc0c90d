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
from typing import Any

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


#: A member in a members file: the hash alone, or ``{"hash": ..., "display_name": ...}``.
MemberEntry = str | dict[str, str]
#: Longest display name.
MAX_DISPLAY_NAME = 80


def entry_hash(entry: Any) -> str | None:
    """The password hash of a members-file entry (None when the entry has none)."""
    if isinstance(entry, str):
        return entry
    if isinstance(entry, Mapping) and isinstance(entry.get("hash"), str):
        return str(entry["hash"])
    return None


def pseudonym(name: str, hashed: str) -> str:
    """The default display name of a member: ``member-`` and 6 hex digits keyed by the member's own (salted)
    password hash, so it is stable while the password is and does not reveal the sign-in name."""
    return "member-" + hmac.new(hashed.encode("utf-8"), name.encode("utf-8"), hashlib.sha256).hexdigest()[:6]


@dataclass
class MemberDirectory:
    """The members who may sign in (name -> hash, and the display name their decisions are stored under),
    kept in memory only. Sign-in names are never shown: decisions carry the display name."""

    hashes: dict[str, str] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_entries(cls, entries: Mapping[str, MemberEntry]) -> MemberDirectory:
        directory = cls()
        for name, entry in entries.items():
            hashed = entry_hash(entry)
            if hashed is None:
                continue
            directory.hashes[name] = hashed
            chosen = entry.get("display_name") if isinstance(entry, Mapping) else None
            directory.display[name] = chosen or pseudonym(name, hashed)
        return directory

    def __contains__(self, name: object) -> bool:
        return name in self.hashes

    def names(self) -> list[str]:
        return sorted(self.hashes)

    def hash_for(self, name: str) -> str | None:
        return self.hashes.get(name)

    def display_name(self, name: str) -> str:
        """The name a member's decisions are stored and shown under (chosen in the members file, or a pseudonym)."""
        hashed = self.hashes.get(name)
        return self.display.get(name) or (pseudonym(name, hashed) if hashed else name)


def load_members(
    members_file: str | Path | None = None, *, environ: Mapping[str, str] | None = None
) -> dict[str, MemberEntry]:
    """Committee members: name -> password hash from ``standards hash-password``, or
    ``{"hash": ..., "display_name": "Wang Li"}`` (the name shown with the member's decisions; without one a
    pseudonym ``member-xxxxxx`` is shown, never the sign-in name).

    Read from the JSON file ``members_file`` and from the ``BRICS_MEMBERS`` environment variable
    (a JSON object too); the file wins on duplicates. Raises ``CatalogError`` naming what is wrong.
    """
    environ = os.environ if environ is None else environ
    members: dict[str, MemberEntry] = {}
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
        for name, entry in data.items():
            hashed = entry_hash(entry)
            if isinstance(entry, dict):
                display = entry.get("display_name")
                if set(entry) - {"hash", "display_name"} or (display is not None and not _display_ok(display)):
                    raise CatalogError(
                        f'{where}: member {name!r} must be "pbkdf2_sha256$..." or {{"hash": "pbkdf2_sha256$...", '
                        f'"display_name": "a name of 1 to {MAX_DISPLAY_NAME} printable characters"}}'
                    )
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
            members[name] = (
                {"hash": hashed, "display_name": entry["display_name"]}
                if isinstance(entry, dict) and entry.get("display_name")
                else hashed
            )
    shown = {e["display_name"]: n for n, e in members.items() if isinstance(e, dict)}
    for display, name in shown.items():
        if display in members:
            raise CatalogError(f"member {name!r}: display name {display!r} is a sign-in name, which is never shown")
    return members


def _display_ok(display: Any) -> bool:
    return isinstance(display, str) and 0 < len(display.strip()) <= MAX_DISPLAY_NAME and display.isprintable()
