"""Grids: images as uint8 pictures, tiled into one picture to look at many at once."""

from __future__ import annotations

import numpy as np

from ._encoding import detect_layout, from_nchw, pixel_range, to_nchw


def to_uint8(images, value_range=None, *, layout="auto") -> np.ndarray:
    """Images as uint8 (n, height, width) or (n, height, width, channels), ready for PNG files."""
    images = np.asarray(images)
    layout = detect_layout(images.shape, layout, "images")
    if images.dtype == np.uint8 and value_range is None:
        pixels = images
    else:
        low, high = value_range if value_range is not None else pixel_range(images)
        pixels = np.rint(np.clip((images.astype(np.float64) - low) / (high - low), 0, 1) * 255).astype(np.uint8)
    pixels = from_nchw(to_nchw(pixels, layout), "NHWC")
    return pixels[..., 0] if pixels.shape[-1] == 1 else pixels


def image_grid(images, *, n_columns: int = 10, value_range=None, padding: int = 1) -> np.ndarray:
    """Tile images into one uint8 picture, ``n_columns`` per row, with ``padding`` pixels between them."""
    pixels = to_uint8(images, value_range)
    if pixels.ndim == 3:
        pixels = pixels[..., None]
    n_images, height, width, channels = pixels.shape
    n_rows = max(1, -(-n_images // n_columns))
    grid = np.full(
        (n_rows * (height + padding) + padding, n_columns * (width + padding) + padding, channels), 255, np.uint8
    )
    rows, columns = np.divmod(np.arange(n_images), n_columns)
    for top, left, image in zip(rows * (height + padding) + padding, columns * (width + padding) + padding, pixels):
        grid[top : top + height, left : left + width] = image
    return grid[..., 0] if channels == 1 else grid


def class_grid(images, labels, classes, *, per_class: int = 10, value_range=None) -> np.ndarray:
    """A grid with one row per class holding its first ``per_class`` images (blank where a class has fewer)."""
    pixels = to_uint8(images, value_range)
    labels = np.asarray(labels)
    blank = np.full_like(pixels[:1], 255)
    rows = []
    for label in classes:
        chosen = pixels[labels == label][:per_class]
        rows.append(np.concatenate([chosen, np.repeat(blank, per_class - len(chosen), axis=0)]))
    return image_grid(np.concatenate(rows), n_columns=per_class)
