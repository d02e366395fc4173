"""Data-parallel training under a ``torch.distributed`` process group (torchrun, Ray Train, Fabric, accelerate).

Every rank holds the whole training table, draws its own batches and noise, and the ranks average
their gradients after every backward pass: one all-reduce of one flattened gradient vector per network,
as StyleGAN3's training loop does, rather than the ``DistributedDataParallel`` wrapper. The wrapper
does not reduce what ``torch.autograd.grad`` returns (the penalty's inner gradient) and needs
``no_sync`` care when the generator and the critic are updated in turns; averaging by hand after the
one ordinary ``backward`` of each step has neither problem. The parameters start equal (broadcast from
rank 0) and receive equal updates, so they stay equal; batch-norm statistics, which each rank gathers
from its own batches, are averaged at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from ..runtime import SEED_BOUND, draw_seed

STRATEGIES = ("auto", "single", "ddp")


@dataclass(frozen=True)
class SingleProcess:
    """Training in this process alone: the strategy with no one to talk to.

    Its collectives do nothing and its seeds are the caller's, so the fit and the loop call the same
    methods whether or not they train in a group, and never ask which (as nanoGPT's ``train.py`` sets
    ``ddp_world_size = 1`` once).
    """

    rank: int = 0
    world_size: int = 1
    is_main: bool = True
    # Ctrl-C keeps the model learned so far; in a group, the ranks would have stopped at different steps.
    keeps_interrupted_fit: bool = True

    def check_settings(self, batch_size: int, pac: int, checkpoint_path) -> None:
        """Nothing to refuse: one process takes any batch and writes checkpoints."""

    def device_for(self, device: torch.device) -> torch.device:
        return device

    def local_batch(self, batch_size: int) -> int:
        return batch_size

    def shared_random_state(self, rng: np.random.RandomState) -> np.random.RandomState:
        return rng

    def shared_seed(self, seed: int) -> int:
        return seed

    def rank_seed(self, seed: int) -> int:
        return seed

    def seed_rank_stream(self, seed: int) -> None:
        """One process draws its batches on from the stream that built its networks."""

    def check_same(self, digest: Callable[[], str], what: str) -> None:
        """Nothing to compare with (``digest`` is not computed)."""

    def broadcast(self, *modules: nn.Module) -> None:
        pass

    def average_gradients(self, module: nn.Module) -> None:
        pass

    def average_buffers(self, *modules: nn.Module) -> None:
        pass

    def any_rank(self, flag: bool) -> bool:
        return flag


SINGLE_PROCESS = SingleProcess()
"""The default strategy: this process alone."""


@dataclass(frozen=True)
class DataParallel:
    """This process's place in the group: ``rank`` of ``world_size``."""

    rank: int
    world_size: int
    keeps_interrupted_fit = False

    def check_settings(self, batch_size: int, pac: int, checkpoint_path) -> None:
        """Refuse what a group cannot do, on every rank, before the first collective: a rank that raised
        there would leave the others waiting in it."""
        if batch_size % (self.world_size * pac):
            raise ValueError(f"batch_size ({batch_size}) is the global batch and must be a multiple of world size x "
                             f"pac ({self.world_size} x {pac} = {self.world_size * pac}) to split evenly over the "
                             "ranks; choose another batch_size or number of processes.")
        if checkpoint_path is not None:
            raise ValueError("checkpoint_path is not supported in a data-parallel fit (a process group of "
                             f"{self.world_size} ranks); leave it None (no --resume), or fit with "
                             "strategy='single'.")

    def device_for(self, device: torch.device) -> torch.device:
        """Under a group of CUDA ranks, each rank's own GPU (``cuda:LOCAL_RANK``, as torchrun sets it)."""
        if device.type != "cuda" or device.index is not None:
            return device
        device = torch.device("cuda", local_rank(self.rank))
        torch.cuda.set_device(device)
        return device

    def local_batch(self, batch_size: int) -> int:
        """This rank's share of the global batch."""
        return batch_size // self.world_size

    def shared_random_state(self, rng: np.random.RandomState) -> np.random.RandomState:
        """Rank 0's stream on every rank: the same encoder and initial networks on all of them."""
        return np.random.RandomState(self.shared_seed(draw_seed(rng)))

    def seed_rank_stream(self, seed: int) -> None:
        """Batches and noise of this rank's own, once the networks are built (and broadcast)."""
        torch.manual_seed(self.rank_seed(seed))

    @property
    def device(self) -> torch.device:
        """Where this rank's collectives run: NCCL reduces GPU tensors only, gloo CPU ones."""
        if torch.distributed.get_backend() != "nccl":
            return torch.device("cpu")
        return torch.device("cuda", local_rank(self.rank))

    @property
    def is_main(self) -> bool:
        """Rank 0: the one that shows progress and writes files."""
        return self.rank == 0

    def shared_seed(self, seed: int) -> int:
        """Rank 0's ``seed`` on every rank, so that all fit the same encoder and build the same networks."""
        value = torch.tensor([seed], dtype=torch.int64, device=self.device)
        torch.distributed.broadcast(value, src=0)
        return int(value.item())

    def rank_seed(self, seed: int) -> int:
        """A seed for this rank's batches and noise, independent of every other rank's."""
        sequence = np.random.SeedSequence(seed, spawn_key=(self.rank,))
        return int(sequence.generate_state(1, np.uint32)[0] % SEED_BOUND)

    def broadcast(self, *modules: nn.Module) -> None:
        """Rank 0's parameters and buffers on every rank."""
        for module in modules:
            for tensor in [*module.parameters(), *module.buffers()]:
                torch.distributed.broadcast(tensor.data, src=0)

    def average_gradients(self, module: nn.Module) -> None:
        """Replace each rank's gradients by their mean over the ranks: one all-reduce per network.

        A parameter without a gradient (a layer the step did not reach) takes part as zeros, so that
        every rank reduces a vector of the same length and layout, and is left without one, so that the
        optimizer skips it as it would in one process.
        """
        parameters = [parameter for parameter in module.parameters() if parameter.requires_grad]
        if not parameters:
            return
        flat = torch.cat([(parameter.grad if parameter.grad is not None else torch.zeros_like(parameter)).reshape(-1)
                          for parameter in parameters])
        torch.distributed.all_reduce(flat)
        flat /= self.world_size
        offset = 0
        for parameter in parameters:
            size = parameter.numel()
            if parameter.grad is not None:
                parameter.grad = flat[offset:offset + size].view_as(parameter).clone()
            offset += size

    def average_buffers(self, *modules: nn.Module) -> None:
        """Floating-point buffers (batch-norm statistics) averaged over the ranks, equal on all of them."""
        for module in modules:
            for buffer in module.buffers():
                if buffer.is_floating_point():
                    torch.distributed.all_reduce(buffer.data)
                    buffer.data /= self.world_size

    def check_same(self, digest: Callable[[], str], what: str) -> None:
        """Raise on every rank unless all hold the same ``digest()`` (a hex hash) of ``what``."""
        value = torch.tensor([int(digest()[:15], 16)], dtype=torch.int64, device=self.device)
        lowest, highest = value.clone(), value.clone()
        torch.distributed.all_reduce(lowest, op=torch.distributed.ReduceOp.MIN)
        torch.distributed.all_reduce(highest, op=torch.distributed.ReduceOp.MAX)
        if lowest.item() != highest.item():
            raise ValueError(f"the {self.world_size} ranks of the process group hold different {what}: a "
                             "data-parallel fit needs the same rows on every rank (each draws its own batches from "
                             "all of them). Give every rank the whole table, or fit with strategy='single'.")

    def any_rank(self, flag: bool) -> bool:
        """Whether ``flag`` holds on any rank: every rank then takes the same branch."""
        value = torch.tensor([int(flag)], dtype=torch.int64, device=self.device)
        torch.distributed.all_reduce(value, op=torch.distributed.ReduceOp.MAX)
        return bool(value.item())


def data_parallel(strategy: str) -> SingleProcess | DataParallel:
    """The group to train in: :class:`DataParallel`, or :class:`SingleProcess` for this process alone.

    "auto" trains data-parallel when a process group of two or more ranks is initialised; "single"
    never does (each rank fits on its own); "ddp" insists, and without a group says how to start one.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {list(STRATEGIES)}, got {strategy!r}.")
    if strategy == "single":
        return SINGLE_PROCESS
    initialised = torch.distributed.is_available() and torch.distributed.is_initialized()
    if not initialised:
        if strategy == "ddp":
            raise ValueError("strategy='ddp' needs an initialised torch.distributed process group: start the script "
                             "with torchrun (torchrun --nproc_per_node 2 script.py) or call "
                             "torch.distributed.init_process_group first.")
        return SINGLE_PROCESS
    world_size = torch.distributed.get_world_size()
    if world_size < 2 and strategy == "auto":
        return SINGLE_PROCESS
    return DataParallel(torch.distributed.get_rank(), world_size)


def local_rank(rank: int) -> int:
    """This process's GPU index on its node: ``LOCAL_RANK`` as torchrun sets it, else the rank modulo the GPUs."""
    import os

    return int(os.environ.get("LOCAL_RANK", rank % max(torch.cuda.device_count(), 1)))
