"""What each ``WGANAugmenter`` parameter may be, declared as scikit-learn declares it and checked once by
``_validate_params``, and the checks that span two parameters. Which *setting* a parameter belongs to
(a kind, a constraint, an encoding) is ``wgan_augment._parameter_roles``' table."""

from __future__ import annotations

import os
from numbers import Integral, Real

import torch
from sklearn.utils._param_validation import Interval, StrOptions

from .training import STRATEGIES

PARAMETER_CONSTRAINTS: dict = {
    "n_steps": [Interval(Integral, 1, None, closed="left")],
    "batch_size": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
    "n_critic": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
    "constraint": [StrOptions({"gp", "clip"})],
    "gp_weight": [Interval(Real, 0, None, closed="left")],
    "gp_interval": [Interval(Integral, 1, None, closed="left")],
    "clip_value": [Interval(Real, 0, None, closed="neither")],
    "generator_lr": [Interval(Real, 0, None, closed="neither"), None],
    "critic_lr": [Interval(Real, 0, None, closed="neither"), None],
    "betas": [tuple],
    "latent_dim": [Interval(Integral, 1, None, closed="left")],
    "generator_dims": [tuple, StrOptions({"auto"})],
    "critic_dims": [tuple, StrOptions({"auto"})],
    "pac": [Interval(Integral, 1, None, closed="left")],
    "continuous_encoding": [StrOptions({"mode", "quantile"})],
    "max_modes": [Interval(Integral, 1, None, closed="left")],
    "column_roles": [dict, None],
    "min_category_count": [Interval(Integral, 1, None, closed="left")],
    "keep_rare_categories": [list, tuple, None],
    "sampling_strategy": [
        Interval(Real, 0, 1, closed="right"),
        StrOptions({"auto", "not majority", "minority", "not minority", "all"}),
        dict,
        callable,
    ],
    "extra_samples": [Interval(Integral, 0, None, closed="left"), Interval(Real, 0, None, closed="left")],
    "filter_synthetic": ["boolean", StrOptions({"auto"})],
    "resample_rows": [StrOptions({"auto", "variants", "sample"})],
    "image_layout": [StrOptions({"auto", "NHW", "NHWC", "NCHW"})],
    "conv_width": [Interval(Integral, 1, None, closed="left")],
    "diff_augment": [str],
    "ema_decay": [Interval(Real, 0, 1, closed="left"), StrOptions({"auto"})],
    "device": [str, torch.device],
    "n_threads": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
    "strategy": [StrOptions(set(STRATEGIES))],
    "warm_start": ["boolean"],
    "checkpoint_every": [Interval(Integral, 1, None, closed="left"), None],
    "checkpoint_path": [str, os.PathLike, None],
    "verbose": ["verbose"],
    "random_state": ["random_state"],
}


def check_beyond_constraints(params: dict) -> None:
    """Refuse what the declared constraints cannot say: ``betas``' two values, and the checkpoint settings,
    which make sense alone but not together."""
    betas = params["betas"]
    if len(betas) != 2 or not all(0 <= beta < 1 for beta in betas):
        raise ValueError(f"betas must be two numbers in [0, 1), got {betas!r}.")
    if params["checkpoint_path"] is not None and not isinstance(params["random_state"], Integral):
        raise ValueError("checkpoint_path needs an int random_state: a resumed fit must redo the same encoding "
                         f"and draws to go on from a checkpoint; got random_state={params['random_state']!r}.")
    if (params["checkpoint_every"] is None) != (params["checkpoint_path"] is None):
        raise ValueError("checkpoint_every and checkpoint_path go together: give both (a step count and a "
                         f"file) or neither; got {params['checkpoint_every']!r} and {params['checkpoint_path']!r}.")
