"""One thread for the small models the metrics fit."""

from __future__ import annotations

from threadpoolctl import threadpool_limits


def one_thread():
    """Context in which OpenMP and BLAS use one thread each.

    The metrics fit many small models (a few hundred rows, five folds): thread start-up and
    contention then cost more than they save. On a busy 2-core machine the two-sample test on 300+300
    rows took 42 s with the default thread pools and 3 s with one thread.
    """
    return threadpool_limits(limits=1)
