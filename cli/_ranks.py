"""``wgan-augment fit`` under torchrun: join the process group torchrun describes, and let only rank 0 speak.

torchrun (``python -m torch.distributed.run``) starts the processes and sets ``RANK``, ``WORLD_SIZE``,
``MASTER_ADDR`` and ``MASTER_PORT``; someone must still call ``init_process_group``. The library then
trains data-parallel (``WGANAugmenter(strategy="auto")``); rank 0 alone reports and writes the model file.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def process_group(device: str) -> Iterator[int]:
    """Yield this process's rank (0 when not started by torchrun); join and leave the group around the block.

    Under torchrun a block that succeeds ends the process, with exit code 0, once every rank is done.
    """
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
        dist.barrier()  # leave together, once rank 0 has written the model
    finally:
        dist.destroy_process_group()
    # Done, and the model file is complete. Leave without the interpreter's finalisation: after a
    # data-parallel fit, finalising aborted a rank now and then with "terminate called without an active
    # exception" (gloo's threads and Python objects torn down in the wrong order; 3 of 15 runs on a busy
    # 2-core machine, 0 of 15 with this exit), which torchrun reports as a failed job.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
