"""Images: layouts, scaling to the networks' range and back, folders of image files, grids, and
flattening for estimators made for tables.

A stack of images arrives as a numpy array in one of three layouts: ``"NHW"`` (grayscale),
``"NHWC"`` (channels last, as Pillow and matplotlib use) or ``"NCHW"`` (channels first, as torch
uses). :class:`ImageEncoder` remembers the layout, dtype and value range it was fitted on, scales
pixels to [-1, 1] in torch's NCHW layout for the networks, and turns generated images back into the
caller's layout, dtype and range.
"""

from ._affine import random_affine
from ._diffaugment import DiffAugment, parse_policy
from ._encoding import (
    LAYOUTS,
    MIN_SIDE,
    ImageEncoder,
    as_images,
    check_images_like,
    detect_layout,
    image_sizes,
    is_image_array,
    is_image_stack,
    pixel_range,
)
from ._flatten import FlattenImages
from ._folders import GRID_FILE, IMAGE_SUFFIXES, load_image_folder, save_image_folder, save_png
from ._grids import class_grid, image_grid, to_uint8

__all__ = [
    "DiffAugment",
    "FlattenImages",
    "GRID_FILE",
    "IMAGE_SUFFIXES",
    "LAYOUTS",
    "MIN_SIDE",
    "ImageEncoder",
    "as_images",
    "check_images_like",
    "class_grid",
    "detect_layout",
    "image_grid",
    "image_sizes",
    "is_image_array",
    "is_image_stack",
    "load_image_folder",
    "parse_policy",
    "pixel_range",
    "random_affine",
    "save_image_folder",
    "save_png",
    "to_uint8",
]
