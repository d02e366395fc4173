"""How many threads torch and the BLAS libraries may use: ``--threads``, and a warning when the cores are busy.

On a 2-core machine already running something else, torch's default of one thread per core made
training about 20 times slower than one thread (a 1M-row job: 6 min 56 s against 22 s): its OpenMP
workers spin while they wait for a core. Without ``--threads`` ("auto") training follows the library's
policy: one thread for a table, torch's own count (which honours OMP_NUM_THREADS and the CPU affinity)
for images. A default that followed the machine's load would make ``--seed`` give different rows from
one run to the next, since the thread count changes a fit's floating-point sums; instead a busy
machine training images gets a warning that names the fix.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from typing import Optional

import typer

from ._errors import usage_error

AUTO = "auto"


def thread_count(requested: Optional[str]) -> Optional[int]:
    """The count ``--threads`` asks for: a positive number, or None for "auto" (the default: the library's policy)."""
    if requested in (None, AUTO):
        return None
    try:
        threads = int(requested)
    except ValueError:
        threads = 0
    if threads < 1:
        raise usage_error(f"--threads {requested!r}: give a positive number or auto")
    # More threads than cores only make them wait for each other: 999 drove the load average to 265.
    if threads > usable_cores():
        raise usage_error(f"--threads {threads}: this process may use {usable_cores()} cores, so give at most "
                          f"{usable_cores()} (or auto)")
    return threads


def busy_warning(threads: int, cores: int, load: float) -> Optional[str]:
    """A warning when ``threads`` are more than the cores the 1-minute ``load`` leaves free, else None."""
    free = max(1, cores - round(load))
    if threads <= free:
        return None
    return (f"the machine is busy (load {load:.1f} on {cores} cores) and training uses {threads} threads, which "
            f"can run many times slower on shared cores; --threads {free} avoids that (rows then differ from a "
            f"run with {threads} threads)")


_LIMITS = ExitStack()
# The count --threads asked for in this command (None: "auto"), for the augmenter the command builds.
_REQUESTED: list = [None]


def requested_threads() -> Optional[int]:
    """What ``use_threads`` was asked for in this command: a count, or None for "auto"."""
    return _REQUESTED[0]


def use_threads(requested: Optional[str], quiet: bool, keeps_torch_threads: bool = True) -> None:
    """Limit torch and BLAS/OpenMP to the chosen count until the command ends; warn when cores are busy.

    With "auto" the library trains a table with one thread (``n_threads="auto"``): pass
    ``keeps_torch_threads=False`` for that work, which then is never warned about; images and streamed
    sampling keep torch's count."""
    import torch

    from wgan_augment.runtime import limited_threads

    threads = thread_count(requested)
    _REQUESTED[0] = threads
    if threads is not None:
        _LIMITS.enter_context(limited_threads(threads))  # the library's own limit, held until the command ends
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    # The load average covers the whole machine: scaled to the cores this process may use.
    load *= usable_cores() / (os.cpu_count() or 1)
    training_threads = torch.get_num_threads() if threads is not None or keeps_torch_threads else 1
    warning = busy_warning(training_threads, usable_cores(), load)
    if warning and not quiet:
        typer.echo(f"Warning: {warning}.", err=True)


def usable_cores() -> int:
    """The CPUs this process may run on (its affinity, where the system says), not all the machine has."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def restore_threads() -> None:
    """Undo ``use_threads`` when a command ends, so a command run in-process (tests, notebooks) leaves the
    process's thread settings as it found them."""
    _LIMITS.close()
    _REQUESTED[0] = None
