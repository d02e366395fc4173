"""Variants of real rows through a fitted table model: each row's latent code, then codes around it.

The prototype the "wgan-variants" sources measured before ``fit_resample`` took variants up (the
figures of docs/measurements/when_rows_help.md come from this code): the code of a row is found by
gradient descent on the squared error between ``generator.smooth`` (categories as probabilities, no
Gumbel noise) and the row's encoding, all rows in one batch, and the variants of every row come in rounds (the first of
each row, then the second...), where ``fit_resample`` searches in batches of 256 and takes a class's
rows in a seeded shuffled turn.
"""

from __future__ import annotations

import numpy as np
import torch

from wgan_augment._sampler._variations import SEARCH_LR, SEARCH_STEPS


def row_codes(augmenter, X, y, noise_source: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Each row's latent code and one-hot condition."""
    from wgan_augment.conditioning import one_hot

    generator = augmenter.generator_
    targets = torch.from_numpy(augmenter.encoder_.transform(X)).float()
    index = torch.as_tensor(augmenter.conditioning_.index_of(np.asarray(y), len(targets)))
    condition = one_hot(index, augmenter.conditioning_.n_classes)
    codes = torch.randn(len(targets), augmenter.latent_dim, generator=noise_source).requires_grad_(True)
    optimizer = torch.optim.Adam([codes], lr=SEARCH_LR)
    with torch.enable_grad():
        for _ in range(SEARCH_STEPS):
            loss = ((generator.smooth(codes, condition) - targets) ** 2).mean()
            (gradient,) = torch.autograd.grad(loss, codes)
            codes.grad = gradient
            optimizer.step()
    return codes.detach(), condition


def variants(augmenter, X, y, n_per_row: int, spread: float, seed: int):
    """``n_per_row`` variants of every row, the first variant of every row first, and their labels."""
    noise_source = torch.Generator().manual_seed(seed)
    codes, condition = row_codes(augmenter, X, y, noise_source)
    offsets = torch.randn((n_per_row, *codes.shape), generator=noise_source)
    around = (codes.unsqueeze(0) + spread * offsets).reshape(-1, codes.shape[1])
    with torch.no_grad():
        encoded = augmenter.generator_(around, condition.repeat(n_per_row, 1), generator=noise_source).numpy()
    rows = augmenter.encoder_.inverse_transform(encoded, random_state=np.random.RandomState(seed))
    return rows, np.tile(np.asarray(y), n_per_row)
