"""Serving the catalogue with Datasette: the configured instance, and running it with uvicorn.

:func:`make_datasette` is what ``standards serve``, the tests and the benchmark use, so they all
run the same metadata, plugin and settings.

One Python process renders pages on one core at a time. ``workers`` > 1 starts that many processes on
the same port (uvicorn's workers): each builds its own Datasette with :func:`app_from_environment` from a
private configuration file, they share the signing secret and the sign-in throttle (a SQLite file, so
an address's attempts are counted across processes), and the caches of the pages are keyed by the
catalogue's contents, so a decision taken through one process is seen by the others at once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standards_lib.errors import CatalogError

from .members import MemberEntry
from .metadata import runtime_metadata
from .throttle import SharedLoginThrottle, Throttle

log = logging.getLogger(__name__)

#: Environment variable with the secret that signs sign-in cookies; set it so sessions survive restarts
#: and so several replicas accept each other's cookies.
SECRET_ENV = "DATASETTE_SECRET"

#: Datasette settings the catalogue needs (time limits sized for a 200,000-standard catalogue on 2 cores; they
#: also bound the SQL editor, open to signed-in members only).
SETTINGS: dict[str, Any] = {
    "default_page_size": 50,
    "sql_time_limit_ms": 1000,
    "facet_time_limit_ms": 300,
    "facet_suggest_time_limit_ms": 100,
    "max_returned_rows": 1000,
    "num_sql_threads": 3,
    "suggest_facets": False,
    "allow_download": True,
}


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """How to serve a catalogue file."""

    db_path: Path
    host: str = "127.0.0.1"
    port: int = 8001
    immutable: bool = False
    members: Mapping[str, MemberEntry] | None = None
    private: bool = False
    inspect_file: Path | None = None
    secret: str | None = None
    workers: int = 1
    #: addresses of reverse proxies whose ``X-Forwarded-For`` is believed (uvicorn's ``--forwarded-allow-ips``);
    #: None: forwarding headers are ignored and the client address is the connecting one
    forwarded_allow_ips: str | None = None


#: Most worker processes ``standards serve`` starts by itself (one per core up to this).
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """Server processes for this machine: one per core the process may use, at most :data:`MAX_DEFAULT_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


#: Environment variable naming the configuration file of the worker processes (written by :func:`serve`).
CONFIG_ENV = "BRICS_SERVE_CONFIG"
#: Prefix of the private folder of a multi-process run (members' hashes, the shared throttle); its name holds
#: the pid of the ``standards serve`` process, so the next run removes the folders of runs that were killed.
PRIVATE_DIR_PREFIX = "brics-serve-"
#: Tables without which a file is not a catalogue that can be served.
REQUIRED_TABLES = frozenset({"standards", "suggestions", "reviews"})


def catalogue_problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot be served as a catalogue (not SQLite, empty, another database), or None.
    Opened read-only: nothing is created or changed."""
    import sqlite3

    if not path.is_file():
        return f"{path} does not exist or is not a file"
    if path.stat().st_size == 0:
        return f"{path} is an empty file, not a catalogue"
    tables: set[str] = set()
    for mode in ("mode=ro", "immutable=1"):  # immutable: a copy in a read-only folder
        try:
            conn = sqlite3.connect(f"file:{path}?{mode}", uri=True)
            try:
                tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
            finally:
                conn.close()
            break
        except sqlite3.DatabaseError as exc:
            if "unable to open" in str(exc) and mode == "mode=ro":
                continue
            return f"{path} is not a SQLite catalogue ({exc})"
    missing = REQUIRED_TABLES - tables
    if missing:
        return f"{path} is a SQLite file but not a brics-standards catalogue (no table {', '.join(sorted(missing))})"
    return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_private_dirs(folder: str | Path | None = None) -> list[Path]:
    """Remove the private folders (members' hashes, throttle) left by multi-process runs whose ``standards serve``
    process no longer runs (``kill -9``, a power cut); returns them."""
    removed = []
    for candidate in Path(folder or tempfile.gettempdir()).glob(f"{PRIVATE_DIR_PREFIX}*"):
        pid_text = candidate.name[len(PRIVATE_DIR_PREFIX) :].split("-", 1)[0]
        if not candidate.is_dir() or not pid_text.isdigit() or candidate.stat().st_uid != os.getuid():
            continue
        if not _pid_alive(int(pid_text)):
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
    if removed:
        log.info("removed %d private folder(s) of earlier runs that were killed", len(removed))
    return removed


def end_with_parent(parent_pid: int) -> None:
    """In a worker process: ask Linux to send SIGTERM when the parent dies (``prctl(PR_SET_PDEATHSIG)``), and exit
    at once if it is already gone. Elsewhere a no-op."""
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError) as exc:
        log.warning("worker cannot follow its parent's death: %s", exc)
    if os.getppid() != parent_pid:  # the parent died before the death signal was asked for
        os._exit(0)


def make_datasette(
    db_path: str | Path,
    *,
    members: Mapping[str, MemberEntry] | None = None,
    immutable: bool = False,
    private: bool = False,
    inspect_file: str | Path | None = None,
    secret: str | None = None,
    settings: Mapping[str, Any] | None = None,
    throttle: Throttle | None = None,
) -> Any:
    """A ``datasette.app.Datasette`` serving the catalogue at ``db_path`` with the generated metadata,
    the plugin and :data:`SETTINGS`; ``members`` (name -> password hash) may sign in at ``/-/login``
    (the hashes are held by the plugin, never in the metadata Datasette serves). ``private`` shows the
    site to signed-in members only.

    ``immutable`` opens the file read-only as an immutable copy (published replicas); ``inspect_file``
    is the JSON written by ``datasette inspect`` (table counts, so start-up does not count rows);
    ``throttle`` replaces the in-memory sign-in throttle (:class:`~.throttle.SharedLoginThrottle` for workers).
    """
    from datasette.app import Datasette

    path = Path(db_path)
    if not path.exists():
        raise CatalogError(
            f"catalogue {path} does not exist; build it with `standards sample-catalog` or `standards refresh`"
        )
    problem = catalogue_problem(path)
    if problem:
        raise CatalogError(f"{problem}; serve a catalogue built by `standards refresh` or `standards sample-catalog`")
    if immutable:
        from .prepare import publishing_problems

        problems = publishing_problems(path)
        if problems:
            raise CatalogError(
                f"{path} is not ready to be served immutable: {'; '.join(problems)}. "
                f"Run `standards publish-prepare --db {path}` on the writable copy, then copy it"
            )
    database = path.stem
    metadata = runtime_metadata(database=database)
    metadata["plugins"]["brics-standards"]["database"] = database
    if private:
        metadata["allow"] = {"id": "*"}
    inspect_data = None
    if inspect_file is not None:
        try:
            inspect_data = json.loads(Path(inspect_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CatalogError(f"cannot read inspect file {inspect_file}: {exc}") from exc
    kwargs: dict[str, Any] = {
        "metadata": metadata,
        "settings": {**SETTINGS, **(settings or {})},
        "secret": secret or os.environ.get(SECRET_ENV) or secrets.token_hex(32),
        "inspect_data": inspect_data,
    }
    from .plugin import register_site

    ds = Datasette(immutables=[str(path)], **kwargs) if immutable else Datasette([str(path)], **kwargs)
    register_site(ds, members, private=private, throttle=throttle)
    return ds


def serve(options: ServeOptions) -> None:
    """Start Datasette with uvicorn on ``options.host:options.port`` (blocks until stopped)."""
    import uvicorn

    ds = make_datasette(
        options.db_path,
        members=options.members,
        immutable=options.immutable,
        private=options.private,
        inspect_file=options.inspect_file,
        secret=options.secret,
    )
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(ds.invoke_startup())  # coverage counts brought up to date once, here
    finally:
        loop.close()
    secret = options.secret or os.environ.get(SECRET_ENV)
    if not secret:
        log.warning("no %s set: sign-in cookies stop working when the server restarts", SECRET_ENV)
    log.info(
        "serving %s on http://%s:%d/ (%d process(es))", options.db_path, options.host, options.port, options.workers
    )
    forwarding: dict[str, Any] = {
        "proxy_headers": options.forwarded_allow_ips is not None,
        "forwarded_allow_ips": options.forwarded_allow_ips or "",
    }
    if options.workers <= 1:
        uvicorn.run(
            ds.app(), host=options.host, port=options.port, log_level="warning", lifespan="on", workers=1, **forwarding
        )
        return
    remove_stale_private_dirs()
    # 0700, named with this process's pid: members' hashes and the throttle
    private_dir = Path(tempfile.mkdtemp(prefix=f"{PRIVATE_DIR_PREFIX}{os.getpid()}-"))
    try:
        config = {
            "parent_pid": os.getpid(),
            "db_path": str(options.db_path),
            "immutable": options.immutable,
            "private": options.private,
            "inspect_file": str(options.inspect_file) if options.inspect_file else None,
            "members": dict(options.members or {}),
            "throttle": str(private_dir / "throttle.db"),
        }
        config_file = private_dir / "config.json"
        config_file.touch(mode=0o600)
        config_file.write_text(json.dumps(config), encoding="utf-8")
        os.environ[CONFIG_ENV] = str(config_file)
        os.environ[SECRET_ENV] = secret or secrets.token_hex(32)  # one secret: every worker accepts the cookies
        uvicorn.run(
            f"{__name__}:app_from_environment",
            factory=True,
            host=options.host,
            port=options.port,
            log_level="warning",
            lifespan="on",
            workers=options.workers,
            **forwarding,
        )
    finally:
        shutil.rmtree(private_dir, ignore_errors=True)


def app_from_environment() -> Any:
    """The ASGI app of one worker process, from the configuration file :func:`serve` wrote."""
    path = os.environ.get(CONFIG_ENV)
    if not path:
        raise CatalogError(f"{CONFIG_ENV} is not set: worker processes are started by `standards serve --workers N`")
    config = json.loads(Path(path).read_text(encoding="utf-8"))
    if config.get("parent_pid"):
        end_with_parent(int(config["parent_pid"]))
    ds = make_datasette(
        config["db_path"],
        members=config["members"],
        immutable=config["immutable"],
        private=config["private"],
        inspect_file=config["inspect_file"],
        throttle=SharedLoginThrottle(config["throttle"]),
    )
    return ds.app()
