"""Differentiable augmentation of images before the critic (DiffAugment, Zhao et al. 2020).

With a few dozen images the critic memorises the training set within a few hundred steps and its
gradients stop telling the generator anything useful. Showing the critic randomly shifted, cut-out
(and, for colour images, recoloured) versions of both real and generated images prevents that without
teaching the generator to produce shifted images: the same kinds of random transform, drawn afresh
for every image, are applied to both sides, and they are differentiable, so the generator learns
through them.

Every transform works on a whole batch at once (no per-image Python loop) in NCHW layout, values in
[-1, 1].
"""

from __future__ import annotations

import torch

POLICIES = ("translation", "cutout", "colour")


def parse_policy(policy: str) -> tuple[str, ...]:
    """``"translation,cutout"`` -> ``("translation", "cutout")``; an empty string turns augmentation off."""
    names = tuple(name.strip() for name in policy.split(",") if name.strip())
    unknown = [name for name in names if name not in POLICIES]
    if unknown:
        raise ValueError(f"diff_augment names {unknown[0]!r}; choose from {list(POLICIES)} (comma-separated).")
    return names


class DiffAugment:
    """Apply the transforms named in ``policy`` to a batch, in a fixed order, each with fresh randomness.

    Parameters
    ----------
    policy : tuple of str
        Any of "translation" (shift by up to 1/8 of the side), "cutout" (blank a square of half the
        side) and "colour" (brightness, saturation, contrast).
    fill : float
        Value of pixels shifted in or cut out: the images' background, so a shifted digit gets black
        edges rather than grey ones.
    """

    def __init__(self, policy: tuple[str, ...], fill: float = 0.0):
        self.policy = policy
        self.fill = fill

    def __call__(self, images: torch.Tensor) -> torch.Tensor:
        if "colour" in self.policy:
            images = recolour(images)
        if "translation" in self.policy:
            images = translate(images, fill=self.fill)
        if "cutout" in self.policy:
            images = cutout(images, fill=self.fill)
        return images


def translate(images: torch.Tensor, ratio: float = 0.125, fill: float = 0.0) -> torch.Tensor:
    """Shift each image by up to ``ratio`` of its height and width (whole pixels), filling with ``fill``."""
    batch, channels, height, width = images.shape
    max_dy, max_dx = max(1, round(height * ratio)), max(1, round(width * ratio))
    device = images.device
    dy = torch.randint(-max_dy, max_dy + 1, (batch, 1, 1), device=device)
    dx = torch.randint(-max_dx, max_dx + 1, (batch, 1, 1), device=device)
    source_rows = torch.arange(height, device=device).view(1, -1, 1) - dy
    source_columns = torch.arange(width, device=device).view(1, 1, -1) - dx
    inside = (source_rows >= 0) & (source_rows < height) & (source_columns >= 0) & (source_columns < width)
    flat_source = (source_rows.clamp(0, height - 1) * width + source_columns.clamp(0, width - 1)).reshape(batch, 1, -1)
    shifted = images.reshape(batch, channels, -1).gather(2, flat_source.expand(-1, channels, -1))
    shifted = shifted.reshape(batch, channels, height, width)
    return torch.where(inside.unsqueeze(1), shifted, torch.full_like(shifted, fill))


def cutout(images: torch.Tensor, ratio: float = 0.5, fill: float = 0.0) -> torch.Tensor:
    """Blank one square of ``ratio`` times the side per image, centred anywhere (it may be clipped)."""
    batch, _, height, width = images.shape
    cut_height, cut_width = max(1, round(height * ratio)), max(1, round(width * ratio))
    device = images.device
    top = torch.randint(0, height, (batch, 1, 1), device=device) - cut_height // 2
    left = torch.randint(0, width, (batch, 1, 1), device=device) - cut_width // 2
    rows = torch.arange(height, device=device).view(1, -1, 1)
    columns = torch.arange(width, device=device).view(1, 1, -1)
    blanked = (rows >= top) & (rows < top + cut_height) & (columns >= left) & (columns < left + cut_width)
    return torch.where(blanked.unsqueeze(1), torch.full_like(images, fill), images)


def recolour(images: torch.Tensor) -> torch.Tensor:
    """Random brightness (±0.5), saturation (×0–2, colour images only) and contrast (×0.5–1.5)."""
    batch = images.shape[0]
    device = images.device

    def factor(low: float, high: float) -> torch.Tensor:
        return torch.rand(batch, 1, 1, 1, device=device) * (high - low) + low

    images = images + factor(-0.5, 0.5)
    if images.shape[1] > 1:
        grey = images.mean(dim=1, keepdim=True)
        images = (images - grey) * factor(0.0, 2.0) + grey
    mean = images.mean(dim=(1, 2, 3), keepdim=True)
    return (images - mean) * factor(0.5, 1.5) + mean
