"""Checkpoints of a fit in progress: written every few steps, and read back to go on where a killed run stopped.

A checkpoint holds what the next step depends on: both networks, the weight average, the optimizers'
moments, the history and torch's random state. A fit resumed from one on the CPU makes the same steps,
bit for bit, as the run that wrote it would have made (with the same thread count). It also holds a
fingerprint of the settings and the encoded data, so that a checkpoint is never resumed on other data.
Like a model file it holds plain values and tensors only, read with ``torch.load(weights_only=True)``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import torch

from ..io import atomic_write

FORMAT = "wgan-augment checkpoint"
# Parameters that do not change what the steps compute.
_NOT_FINGERPRINTED = ("verbose", "warm_start", "checkpoint_every", "checkpoint_path", "n_steps", "device", "strategy")


def fingerprint(params: dict, encoder, encoded: torch.Tensor, class_index) -> str:
    """A digest of the settings, the fitted encoder and the encoded training data a checkpoint belongs to.

    The encoder counts too: a rank-based encoding gives a column and its double the same encoded data.
    """
    digest = hashlib.sha256(repr(sorted((name, repr(value)) for name, value in params.items()
                                        if name not in _NOT_FINGERPRINTED)).encode())
    meta, arrays = encoder.to_state()
    digest.update(repr(meta).encode())
    for key in sorted(arrays):
        digest.update(np.ascontiguousarray(arrays[key]).tobytes())
    digest.update(encoded.detach().cpu().numpy().tobytes())
    if class_index is not None:
        digest.update(np.asarray(class_index, dtype=np.int64).tobytes())
    return digest.hexdigest()


def write_checkpoint(path, state, history: dict, stamp: str) -> None:
    """Write the training state after the steps in ``history``, replacing the previous checkpoint whole."""
    average = state.average
    contents = {
        "format": FORMAT,
        "fingerprint": stamp,
        "generator": state.generator.state_dict(),
        "critic": state.critic.state_dict(),
        "average": {} if average is None else average.model.state_dict(),
        "average_updates": 0 if average is None else average.n_updates,
        "optimizers": [optimizer.state_dict() for optimizer in state.optimizers],
        "history": {key: torch.tensor(values, dtype=torch.float64) for key, values in history.items()},
        "rng": torch.get_rng_state(),
    }
    if torch.cuda.is_available() and next(state.generator.parameters()).is_cuda:
        contents["cuda_rng"] = torch.cuda.get_rng_state(next(state.generator.parameters()).device)
    with atomic_write(path, overwrite=True) as temporary:
        torch.save(contents, temporary)


def resume_from(path, state, stamp: str) -> dict:
    """Put the checkpoint's state into ``state`` and torch's random state; return its history.

    Raises
    ------
    ValueError
        If the file is not a checkpoint, or was written for other settings or data.
    """
    name = os.fspath(path)
    try:
        contents = torch.load(Path(path), weights_only=True, map_location="cpu")
    except Exception as error:  # torch reports damage as many kinds of error
        raise ValueError(f"{name}: not a readable wgan-augment checkpoint") from error
    if not isinstance(contents, dict) or contents.get("format") != FORMAT:
        raise ValueError(f"{name}: not a wgan-augment checkpoint")
    if contents["fingerprint"] != stamp:
        raise ValueError(f"{name}: this checkpoint was written by a fit with other settings or data; remove it, "
                         "or point checkpoint_path elsewhere, to start anew")
    state.generator.load_state_dict(contents["generator"])
    state.critic.load_state_dict(contents["critic"])
    if state.average is not None:
        state.average.model.load_state_dict(contents["average"])
        state.average.n_updates = int(contents["average_updates"])
    for optimizer, saved in zip(state.optimizers, contents["optimizers"]):
        optimizer.load_state_dict(saved)
    torch.set_rng_state(contents["rng"])
    if "cuda_rng" in contents:
        torch.cuda.set_rng_state(contents["cuda_rng"], next(state.generator.parameters()).device)
    return {key: values.tolist() for key, values in contents["history"].items()}
