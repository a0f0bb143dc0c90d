"""What the plugin keeps per served site, outside Datasette's metadata: members, the sign-in throttle,
the worker threads that verify passwords, and whether the site is private.

:func:`standards_lib.publish.make_datasette` registers it; a Datasette started some other way with the
plugin installed gets an empty directory (nobody can sign in).
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..members import MemberDirectory, MemberEntry
from ..throttle import LoginThrottle, Throttle

#: Password verifications running or waiting at once, beyond which a sign-in is answered "try later".
MAX_PENDING_VERIFICATIONS = 8
#: Seconds a refused sign-in waits before its answer: waiting costs the server nothing, and a guessing
#: loop on one connection is slowed to one attempt a second instead of hundreds.
REFUSAL_DELAY_SECONDS = 1.0


@dataclass
class SiteState:
    """Per-site state of the plugin."""

    members: MemberDirectory = field(default_factory=MemberDirectory)
    throttle: Throttle = field(default_factory=LoginThrottle)
    private: bool = False
    hashing: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=2, thread_name_prefix="brics-password")
    )
    pending: int = 0
    refusal_delay: float = REFUSAL_DELAY_SECONDS


_STATES: weakref.WeakKeyDictionary[Any, SiteState] = weakref.WeakKeyDictionary()


def register_site(
    datasette: Any,
    members: Mapping[str, MemberEntry] | None = None,
    *,
    private: bool = False,
    throttle: Throttle | None = None,
) -> SiteState:
    """Attach members (name -> password hash, or hash and display name) and options to a Datasette instance."""
    state = SiteState(
        members=MemberDirectory.from_entries(members or {}), private=private, throttle=throttle or LoginThrottle()
    )
    _STATES[datasette] = state
    return state


def site_state(datasette: Any) -> SiteState:
    """The state of a site (an empty one when the site was not registered)."""
    state = _STATES.get(datasette)
    if state is None:
        state = _STATES[datasette] = SiteState()
    return state
