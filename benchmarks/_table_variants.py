"""Variants of real rows through a fitted table model: each row's latent code, then codes around it.

The table counterpart of ``WGANAugmenter.vary`` (images), tried here before it becomes a feature: the
code of a row is found by gradient descent on the squared error between the generator's smoothed
output and the row's encoding (categorical blocks as a softmax at the training temperature, no
Gumbel noise, so that the search is deterministic), and codes drawn at Gaussian offsets around it
are decoded as ``sample`` decodes.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

SEARCH_STEPS = 100
SEARCH_LR = 0.1


def smooth_output(generator, codes: torch.Tensor, condition: torch.Tensor) -> torch.Tensor:
    """The generator's encoded row without the categorical draw: softmax probabilities for each block."""
    raw = generator.head(generator.body(torch.cat([codes, condition], dim=1)))
    activation = generator.activation
    out = torch.zeros_like(raw)
    out[:, activation.tanh_columns] = torch.tanh(raw[:, activation.tanh_columns])
    out[:, activation.linear_columns] = raw[:, activation.linear_columns]
    if activation.block_index.numel():
        logits = raw[:, activation.block_index].masked_fill(~activation.block_mask, float("-inf"))
        probabilities = F.softmax(logits / activation.tau, dim=-1)
        out[:, activation.block_index[activation.block_mask]] = probabilities[:, activation.block_mask]
    return out


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
            loss = ((smooth_output(generator, codes, condition) - targets) ** 2).mean()
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
