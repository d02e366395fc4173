"""``wgan-augment fit`` under torchrun: join the process group torchrun describes, and let only rank 0 speak.

torchrun (``python -m torch.distributed.run``) starts the processes and sets ``RANK``, ``WORLD_SIZE``,
``MASTER_ADDR`` and ``MASTER_PORT``; someone must still call ``init_process_group``. The library then
trains data-parallel (``WGANAugmenter(strategy="auto")``); rank 0 alone reports and writes the model file.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def process_group(device: str) -> Iterator[int]:
    """Yield this process's rank (0 when not started by torchrun); join and leave the group around the block."""
    started_by_torchrun = all(name in os.environ for name in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"))
    if not started_by_torchrun or int(os.environ["WORLD_SIZE"]) < 2:
        yield 0
        return
    from datetime import timedelta

    import torch.distributed as dist

    if dist.is_initialized():
        yield dist.get_rank()
        return
    import torch

    on_gpu = device != "cpu" and torch.cuda.is_available()
    # A rank that fails raises before the next collective; the others give up after this long, not never.
    dist.init_process_group("nccl" if on_gpu else "gloo", timeout=timedelta(minutes=10))
    try:
        yield dist.get_rank()
        # Leave together, once rank 0 has written the model: gloo aborts a process whose peer tore down
        # the group under it (seen as "terminate called without an active exception" at exit).
        dist.barrier()
    finally:
        dist.destroy_process_group()
