"""Where torch runs and how it is seeded: one home for the device and the seeds, used by the library and the CLI."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import torch

SEED_BOUND = np.iinfo(np.int32).max
"""Seeds drawn from a RandomState lie in [0, SEED_BOUND): what torch, numpy and scikit-learn all accept."""


def parse_device(device) -> torch.device | str:
    """``device`` as torch understands it ("auto" stays "auto"), or a ValueError naming the accepted spellings."""
    if isinstance(device, str) and device == "auto":
        return device
    try:
        return torch.device(device)
    except (RuntimeError, TypeError) as error:
        raise ValueError(f"device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got {device!r}.") from error


def resolve_device(device) -> torch.device:
    """The device to train on: "auto" picks CUDA when available, else the CPU; CUDA asked for must exist."""
    parsed = parse_device(device)
    if parsed == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if parsed.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device={device!r} was asked for, but CUDA is not available here; use 'cpu' or 'auto'.")
    return parsed


def draw_seed(rng: np.random.RandomState) -> int:
    """One seed for a sub-task (encoder, networks, a draw), taken from the caller's random stream."""
    return int(rng.randint(SEED_BOUND))


@contextmanager
def seeded_torch(seed: int, device: torch.device):
    """Seed torch's global RNG for a block and restore the caller's state afterwards.

    Network initialisation draws from the global RNG; forking it keeps ``random_state`` reproducible
    without changing what the caller's own torch code draws next.
    """
    with torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
        torch.manual_seed(seed)
        yield


def noise_generator(seed: int, device: torch.device) -> torch.Generator:
    """A private torch generator for one draw of noise: sampling never touches the global RNG."""
    return torch.Generator(device=device).manual_seed(seed)


@contextmanager
def one_thread():
    """Run a block with one torch thread and one BLAS/OpenMP thread, then restore the caller's counts.

    Work run side by side (joblib workers) must not each spread over every core: on 2 cores, two fits
    with 2 torch threads each ran about 20 times slower than with 1 each (OpenMP workers spin while
    they wait for a core). One thread is also what makes a parallel run compute exactly what the same
    work run one after another computes. Many small models gain nothing from more threads either: on a
    busy 2-core machine the evaluation's two-sample test on 300+300 rows took 42 s with the default
    thread pools and 3 s with one thread. torch's thread count is process-wide, so callers run such
    blocks in separate processes, not threads, when they run them side by side.
    """
    with limited_threads(1):
        yield


@contextmanager
def limited_threads(threads: int):
    """Run a block with ``threads`` torch and BLAS/OpenMP threads, then restore the caller's counts."""
    from threadpoolctl import threadpool_limits

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        with threadpool_limits(threads):
            yield
    finally:
        torch.set_num_threads(before)


def policy_threads(n_threads, is_table: bool, device: torch.device) -> int:
    """The thread count ``n_threads`` means for this data and device: itself, or for "auto" one thread for a
    table on the CPU and torch's own count otherwise.

    A table's MLPs gain nothing measurable from a second thread when the machine is idle and lose much
    when it is busy: on 2 cores (``benchmarks/threads.py``, 100 steps, start-up included) a 300-row fit
    took 3.7 s with 1 thread and 3.6 s with 2 when idle, 5.0 s and 21.4 s beside two other CPU-bound
    processes; a 10,000-row fit 4.9 s and 5.2 s idle, 9.0 s and 33.1 s busy. Images' conv nets were
    not measured, so they keep torch's count.
    """
    if n_threads != "auto":
        return int(n_threads)
    return 1 if device.type == "cpu" and is_table else torch.get_num_threads()
