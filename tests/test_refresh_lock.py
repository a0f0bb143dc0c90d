"""The refresh lock: an OS lock held by exactly one process, released by the kernel when its holder dies."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from standards_lib.errors import CatalogError, LockError
from standards_lib.pipeline import CatalogLock

#: a contender: waits for the start signal, tries the lock once, reports, holds it until told to stop
CONTENDER = r"""
import sys, time
from pathlib import Path
from standards_lib.errors import LockError
from standards_lib.pipeline import CatalogLock
db, go, stop, out = map(Path, sys.argv[1:5])
while not go.exists():
    time.sleep(0.001)
lock = CatalogLock(db)
try:
    lock.acquire()
except LockError:
    out.write_text("refused")
    sys.exit(0)
out.write_text("acquired")
while not stop.exists():
    time.sleep(0.01)
lock.release()
"""


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(3))
def test_of_many_processes_starting_at_once_exactly_one_takes_the_lock(tmp_path: Path, round_: int) -> None:
    db, go, stop = tmp_path / "catalog.db", tmp_path / "go", tmp_path / "stop"
    outs = [tmp_path / f"out{i}" for i in range(12)]
    procs = [subprocess.Popen([sys.executable, "-c", CONTENDER, str(db), str(go), str(stop), str(o)]) for o in outs]
    try:
        time.sleep(1.0)  # let every contender start and wait for the signal
        go.touch()
        deadline = time.time() + 60
        while time.time() < deadline and not all(o.exists() and o.read_text() for o in outs):
            time.sleep(0.02)
        results = sorted(o.read_text() for o in outs if o.exists())
    finally:
        stop.touch()
        for proc in procs:
            proc.wait(timeout=60)
    assert results.count("acquired") == 1, results
    assert results.count("refused") == len(outs) - 1


def test_a_half_written_lock_file_is_not_taken_for_a_stale_one(tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    with CatalogLock(db):
        # what a contender sees while the holder has created the lock file but not yet written its pid
        Path(str(db) + ".lock").write_text("")
        with pytest.raises(LockError, match="another refresh is running"):
            CatalogLock(db).acquire()


def test_a_lock_file_left_by_a_dead_process_is_free(tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    Path(str(db) + ".lock").write_text(json.dumps({"pid": dead.pid, "host": "elsewhere", "started": "x"}))
    with CatalogLock(db) as lock:
        assert json.loads(lock.path.read_text())["pid"] != dead.pid  # the new holder wrote itself in


def test_the_refusal_names_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "catalog.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", CONTENDER, str(db), str(tmp_path / "go"), str(tmp_path / "stop"), str(tmp_path / "out")]
    )
    try:
        (tmp_path / "go").touch()
        deadline = time.time() + 30
        while time.time() < deadline and not (tmp_path / "out").exists():
            time.sleep(0.02)
        with pytest.raises(LockError, match=rf"pid {holder.pid} on "):
            CatalogLock(db).acquire()
    finally:
        (tmp_path / "stop").touch()
        holder.wait(timeout=30)
    with CatalogLock(db):  # released by its holder
        pass


def test_a_lock_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "catalog.db"
    with pytest.raises(CatalogError, match="cannot take the refresh lock") as info:
        CatalogLock(missing).acquire()
    assert not isinstance(info.value, LockError)
