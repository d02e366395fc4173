"""Training: the WGAN loop (critic steps, a generator step, record, repeat), its progress bar, checkpoints
that a killed fit resumes from, and data-parallel training over a ``torch.distributed`` process group.
"""

from ._checkpoint import fingerprint, resume_from, write_checkpoint
from ._data_parallel import STRATEGIES, DataParallel, SingleProcess, data_parallel, local_rank
from ._loop import (
    DIVERGED_LOSS,
    DIVERGENCE_CHECK_EVERY,
    HISTORY_KEYS,
    Augment,
    GeneratorAverage,
    Reduce,
    RowSampler,
    TrainingConfig,
    TrainingDiverged,
    TrainingInterrupted,
    critic_step,
    generator_step,
    gradient_penalty,
    make_optimizers,
    train,
)
from ._progress import TrainingProgress
from ._state import FREE_ON_WARM_START, TrainingData, TrainingState, check_continuation

__all__ = [
    "Augment",
    "DIVERGED_LOSS",
    "DIVERGENCE_CHECK_EVERY",
    "DataParallel",
    "FREE_ON_WARM_START",
    "GeneratorAverage",
    "HISTORY_KEYS",
    "Reduce",
    "RowSampler",
    "SingleProcess",
    "STRATEGIES",
    "TrainingConfig",
    "TrainingData",
    "TrainingDiverged",
    "TrainingInterrupted",
    "TrainingProgress",
    "TrainingState",
    "check_continuation",
    "critic_step",
    "data_parallel",
    "fingerprint",
    "generator_step",
    "gradient_penalty",
    "local_rank",
    "make_optimizers",
    "resume_from",
    "train",
    "write_checkpoint",
]
