"""Random rotations, shifts and rescalings of a batch of images, all at once (no per-image loop)."""

from __future__ import annotations

import math

import torch
from torch.nn import functional


def random_affine(
    images: torch.Tensor,
    generator: torch.Generator | None = None,
    *,
    degrees: float = 15.0,
    shift: float = 1 / 14,
    scale: float = 0.1,
    fill: float = 0.0,
) -> torch.Tensor:
    """Each image of an NCHW float batch rotated, shifted and rescaled by amounts of its own.

    Angles are drawn uniformly within ``±degrees``, shifts within ``±shift`` of the height and width (2
    pixels of 28 by default), scale factors within ``1 ± scale``; pixels are read bilinearly and those
    from outside the image are ``fill`` (the background). ``generator`` seeds the draws. Made for
    square images: on others the rotation, taken in coordinates scaled to the sides, also shears.
    """
    batch, _, height, width = images.shape
    device = images.device
    draw_on = device if generator is None else generator.device

    def uniform(half_width: float) -> torch.Tensor:
        return (torch.rand(batch, generator=generator, device=draw_on).to(device) * 2 - 1) * half_width

    angle, factor = uniform(math.radians(degrees)), 1 + uniform(scale)
    # affine_grid maps output to input positions in [-1, 1] units: rotate and zoom by the inverse.
    cos, sin = torch.cos(angle) / factor, torch.sin(angle) / factor
    theta = torch.stack([torch.stack([cos, -sin, uniform(2 * shift)], 1),
                         torch.stack([sin, cos, uniform(2 * shift)], 1)], 1).to(images.dtype)
    grid = functional.affine_grid(theta, list(images.shape), align_corners=False)
    moved = functional.grid_sample(images - fill, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return moved + fill
