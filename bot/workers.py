"""Work shared among processes, one per usable core, for what a large corpus makes slow (reading its files,
analysing its passages): results come back in the order of the pieces of work.

Processes are started with "spawn", not "fork": forking a process that runs threads (the bot reloads its corpus in
one) may deadlock. A spawned process imports the caller's main module, so a script that reads or indexes a large
corpus must keep its code under `if __name__ == "__main__":`; when it does not, the pool breaks, and the work left
is done in the calling process, with a warning.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Callable, Iterator, Sequence, TypeVar

log = logging.getLogger(__name__)

Piece = TypeVar("Piece")
Result = TypeVar("Result")


def usable_cores() -> int:
    """How many cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def in_processes(work: Callable[[Piece], Result], pieces: Sequence[Piece], workers: int,
                 initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> Iterator[Result]:
    """`work` applied to each piece in `workers` spawned processes (each started with `initializer(*initargs)`),
    the results in the order of the pieces."""
    from concurrent.futures import ProcessPoolExecutor  # here: answering from a saved index never needs them
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=initializer,
                                 initargs=initargs) as pool:
            for result in pool.map(work, pieces):
                done += 1
                yield result
        return
    except BrokenProcessPool:
        log.warning("Could not start processes to share the work with (a script that reads or indexes a large corpus "
                    "must run its code under `if __name__ == \"__main__\":`); working in this one")
    if initializer:
        initializer(*initargs)
    for piece in pieces[done:]:
        yield work(piece)
