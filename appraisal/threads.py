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
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

__all__ = ["MAX_WORKERS", "workers"]

#: At most this many threads: more would hold more files' intermediate tables in memory at once.
MAX_WORKERS = 4


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@contextmanager
def workers() -> Iterator[ThreadPoolExecutor]:
    """A thread pool sized to this machine's cores (at most :data:`MAX_WORKERS`).

    On leaving, work not yet started is cancelled (an earlier piece failed
    and its error is on its way out) and running work is waited for.
    """
    pool = ThreadPoolExecutor(max_workers=max(1, min(MAX_WORKERS, _cores())), thread_name_prefix="appraisal")
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
