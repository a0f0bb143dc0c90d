"""The two inference passes in forked worker processes that share the international hub (copy-on-write).

Each worker takes a contiguous share of the national profiles and keeps its first-pass candidates in
memory between the passes: it sends the parent only its series votes, receives the series map built from
every worker's votes and the declared adoptions, runs the second pass and sends back each record's best
two candidates. ``gc.freeze()`` before forking keeps the children's garbage collector from touching (and
so copying) every inherited object.
"""

from __future__ import annotations

import gc
import multiprocessing
import traceback
from collections import Counter
from typing import Any, Sequence

from ..errors import MatchError
from .hub import Hub
from .learn import AdoptionModel

#: Batches smaller than this are scored in the calling process.
PARALLEL_MIN = 2000

_STATE: dict[str, Any] = {}


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _worker(lo: int, hi: int, conn: Any) -> None:
    from .inference import first_candidates, score, second_candidates, series_vote

    try:
        profiles, hub, model, options = (_STATE[k] for k in ("profiles", "hub", "model", "options"))
        first = [score(first_candidates(p, hub, options), model.first_pass) for p in profiles[lo:hi]]
        votes = [series_vote(c, hub, model.series_min_score) for c in first]
        conn.send(("votes", votes))
        counts = conn.recv()
        conn.send(("result", [score(second_candidates(c, hub, counts, v, options), model.second_pass).reduced()
                              for c, v in zip(first, votes)]))
    except BaseException:  # reported to the parent, which raises
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def _receive(conn: Any, expected: str) -> Any:
    kind, payload = conn.recv()
    if kind == "error":
        raise MatchError(f"an adoption inference worker failed:\n{payload}")
    if kind != expected:
        raise MatchError(f"an adoption inference worker sent {kind!r}, expected {expected!r}")
    return payload


def run_passes_forked(profiles: Sequence[Any], hub: Hub, model: AdoptionModel, declared: dict[str, Counter[str]],
                      options: Any, workers: int) -> list[Any]:
    """:func:`~.inference.run_passes` in ``workers`` forked processes; each record's best two candidates."""
    from .inference import series_map

    step = -(-len(profiles) // workers)
    bounds = [(lo, min(lo + step, len(profiles))) for lo in range(0, len(profiles), step)]
    context = multiprocessing.get_context("fork")
    _STATE.update(profiles=profiles, hub=hub, model=model, options=options)
    gc.collect()
    gc.freeze()
    processes, connections = [], []
    try:
        for lo, hi in bounds:
            parent, child = context.Pipe()
            process = context.Process(target=_worker, args=(lo, hi, child), daemon=True)
            process.start()
            child.close()
            processes.append(process)
            connections.append(parent)
        votes: list[Any] = []
        for conn in connections:
            votes.extend(_receive(conn, "votes"))
        counts = series_map(declared, ((p.series, v) for p, v in zip(profiles, votes)))
        for conn in connections:
            conn.send(counts)
        results: list[Any] = []
        for conn in connections:
            results.extend(_receive(conn, "result"))
        return results
    finally:
        for conn in connections:
            conn.close()
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
        gc.unfreeze()
        _STATE.clear()


__all__ = ["PARALLEL_MIN", "can_fork", "run_passes_forked"]
