"""Independent pieces of work on several cores: the files of an upload, the sources of a dataset.

Reading (pandas' C parser), validating (Arrow kernels) and grouping spend most
of their time in C code that releases the GIL, so plain threads run them side
by side: on two cores a province's four files are read in 0.6× the time one
after another takes (measured in ``benchmarks/``).  Callers take the results
in the order the work was given, so warnings, errors and outputs are the same
as when run one after another: the first error in that order is the one raised.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

__all__ = ["MAX_WORKERS", "PARALLEL_MIN_ROWS", "BYTES_PER_ROW", "workers"]

#: At most this many threads: more would hold more files' intermediate tables in memory at once.
MAX_WORKERS = 4

#: Below this many input rows the pieces are small, Python's share of them large, and threads
#: only contend for the GIL: a county (86,000 rows) ingests and scores in 0.31-0.39 s on one
#: thread, 0.33-0.41 s on two; a city (860,000 rows) in 1.11-1.17 s on one, 0.82-0.95 s on two.
PARALLEL_MIN_ROWS = 200_000

#: Bytes of a file per input row, to size work before it is read (a CSV row of the inputs: 30-70 bytes).
BYTES_PER_ROW = 50


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class _OneByOne(Executor):
    """Runs each piece when it is submitted, in the calling thread (work too small for threads)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        done: Future = Future()
        try:
            done.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to whoever takes the result, as a pool would
            done.set_exception(exc)
        return done


@contextmanager
def workers(rows: int) -> Iterator[Executor]:
    """A thread pool sized to this machine's cores (at most :data:`MAX_WORKERS`) for work on ``rows`` input rows.

    Under :data:`PARALLEL_MIN_ROWS` rows, or on one core, each piece runs
    in the calling thread as it is submitted.  On leaving a pool, work not
    yet started is cancelled (an earlier piece failed and its error is on
    its way out) and running work is waited for.
    """
    threads = max(1, min(MAX_WORKERS, _cores()))
    if rows < PARALLEL_MIN_ROWS or threads == 1:
        yield _OneByOne()
        return
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="appraisal")
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
