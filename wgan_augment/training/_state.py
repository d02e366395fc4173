"""What a fit trains on and what it leaves to go on from: the encoded data, the live training state, and
the checks a continuation (``warm_start``) must pass before any work."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..kinds import TABLE
from ._loop import GeneratorAverage, RowSampler

# Parameters a warm start may change: they steer how long and how loudly it trains, not what it trains.
FREE_ON_WARM_START = ("n_steps", "warm_start", "verbose", "checkpoint_every", "checkpoint_path")


@dataclass(frozen=True)
class TrainingData:
    """The training data of one fit as the networks see it, with what encoded it."""

    kind: object
    validated: object
    encoder: object
    conditioning: object
    device: torch.device
    encoded: torch.Tensor
    class_index: np.ndarray | None

    @classmethod
    def encode(cls, kind, validated, labels, encoder, conditioning, device) -> TrainingData:
        """``validated.data`` through the fitted ``encoder``, and each label's position among the classes."""
        encoded = torch.as_tensor(encoder.transform(validated.data), dtype=torch.float32, device=device)
        class_index = None if labels is None else conditioning.index_of(labels, len(labels))
        return cls(kind, validated, encoder, conditioning, device, encoded, class_index)

    @property
    def n_classes(self) -> int:
        return 0 if self.conditioning is None else self.conditioning.n_classes

    @property
    def sampler(self) -> RowSampler:
        classes = None if self.class_index is None else torch.as_tensor(self.class_index, device=self.device)
        return RowSampler(self.encoded, classes, self.n_classes)


@dataclass
class TrainingState:
    """What a fit leaves for ``warm_start`` to go on from: the live networks, the weight average and the
    optimizers (with their moments). Kept in memory only; model files hold no critic or optimizer."""

    generator: torch.nn.Module
    critic: torch.nn.Module
    average: GeneratorAverage | None
    optimizers: tuple
    params: dict
    world_size: int = 1  # ranks of the data-parallel fit; a continuation needs as many


def check_continuation(model, state: TrainingState | None, kind, validated, labels, world_size: int) -> None:
    """Refuse to continue ``model``'s last fit (``state``) on this data and these settings, naming why."""
    if state is None:
        raise ValueError("warm_start: this model holds no training state to go on from (it was read from a "
                         "file, which keeps no critic or optimizer, or its training diverged); fit it anew "
                         "with warm_start=False.")
    changed = sorted(name for name, value in model.get_params().items()
                     if name not in FREE_ON_WARM_START and repr(value) != repr(state.params.get(name)))
    if changed:
        raise ValueError(f"warm_start goes on with the settings of the fit it continues; changed: {changed}. "
                         "Fit anew (warm_start=False) to change them.")
    if kind != model.kind_ or validated.n_features_in != model.n_features_in_ or not np.array_equal(
            validated.feature_names_in, getattr(model, "feature_names_in_", None)):
        raise ValueError("warm_start: X must have the columns of the data the model was fitted on "
                         f"({model.n_features_in_} {'columns' if kind.name == TABLE else 'values per image'}).")
    if (labels is None) != (model.conditioning_ is None):
        raise ValueError("warm_start: give y exactly when the model was fitted with y.")
    if world_size != state.world_size:
        raise ValueError(f"warm_start: the fit to continue ran on {state.world_size} process(es), this one on "
                         f"{world_size}; continue it with as many ranks, or fit anew.")
