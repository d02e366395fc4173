"""Image stacks: layouts, and scaling pixels to the networks' [-1, 1] range in NCHW order and back."""

from __future__ import annotations

import warnings

import numpy as np

LAYOUTS = ("NHW", "NHWC", "NCHW")
# The conv networks halve the image at least once and keep a 4x4 core; below 8 pixels there is
# nothing left to learn structure from.
MIN_SIDE = 8
# Channel counts recognised when detecting a layout: grayscale, grayscale + alpha, RGB, RGBA.
_CHANNEL_COUNTS = (1, 2, 3, 4)


def is_image_stack(X) -> bool:
    """Whether X is a stack of images rather than a table: the one answer every estimator here asks for.

    Any array-like with 3 or 4 dimensions is images, nested lists included; a DataFrame never is. A list
    counts as the array it makes because a table is 2-D in whatever container it comes: a 3-D list can
    only be read as images, and a list of (H, W) arrays is how a stack is often built from files.
    """
    if hasattr(X, "columns"):  # a DataFrame is always a table
        return False
    # np.asarray, not np.ndim: np.ndim dispatches through __array_function__, which array-likes may refuse.
    try:
        return np.asarray(X).ndim in (3, 4)
    except ValueError:  # ragged nested lists: not images; the table's checks say what is wrong with them
        return False


def is_image_array(X) -> bool:
    """Deprecated alias of :func:`is_image_stack`, which every estimator now asks (removed in 0.3)."""
    warnings.warn("is_image_array is deprecated and will be removed in 0.3; use is_image_stack.", FutureWarning,
                  stacklevel=2)
    return is_image_stack(X)


def detect_layout(shape: tuple[int, ...], layout: str = "auto", name: str = "X") -> str:
    """The layout of an image stack of this shape: ``layout`` itself if given, else read from the shape.

    A 3-D shape is ``"NHW"``. A 4-D shape is ``"NHWC"`` when its last dimension is a channel count
    (1 to 4) and ``"NCHW"`` when its second is; when both or neither are, pass the layout explicitly.
    """
    if layout != "auto":
        if layout not in LAYOUTS:
            raise ValueError(f"image_layout must be 'auto' or one of {list(LAYOUTS)}, got {layout!r}.")
        if len(shape) != len(layout):
            raise ValueError(f"image_layout={layout!r} needs a {len(layout)}-D array, but {name} has shape {shape}.")
        return layout
    if len(shape) == 3:
        return "NHW"
    if len(shape) != 4:
        raise ValueError(
            f"{name} has shape {shape}; an image stack is 3-D (N, H, W) or 4-D (N, H, W, C) / (N, C, H, W)."
        )
    channels_last = shape[3] in _CHANNEL_COUNTS and min(shape[1:3]) >= MIN_SIDE
    channels_first = shape[1] in _CHANNEL_COUNTS and min(shape[2:4]) >= MIN_SIDE
    if channels_last != channels_first:
        return "NHWC" if channels_last else "NCHW"
    if max(min(shape[1:3]), min(shape[2:4])) < MIN_SIDE:
        raise ValueError(
            f"{name} has shape {shape}: images under {MIN_SIDE}x{MIN_SIDE} pixels whichever axis holds the channels; "
            "the conv networks need at least that (pad or resize them first)."
        )
    raise ValueError(
        f"Cannot tell the channel axis of {name} with shape {shape}: pass image_layout='NHWC' (channels last) "
        "or image_layout='NCHW' (channels first)."
    )


def as_images(X, layout: str = "auto", name: str = "X") -> tuple[np.ndarray, str]:
    """Validate a stack of images and return it (not copied) with its layout."""
    images = np.asarray(X)
    layout = detect_layout(images.shape, layout, name)
    _check_pixel_dtype(images, name)
    height, width, channels = image_sizes(images.shape, layout)
    if len(images) < 2:
        raise ValueError(f"Found {len(images)} sample(s) in {name}; a generative model needs at least 2 images.")
    if min(height, width) < MIN_SIDE:
        raise ValueError(
            f"{name} holds {height}x{width} images; the conv networks need at least {MIN_SIDE}x{MIN_SIDE} pixels "
            "(pad or resize them first)."
        )
    if channels < 1:
        raise ValueError(f"{name} has shape {images.shape}: images with 0 channels.")
    _check_finite(images, name)
    return images, layout


def check_images_like(X, image_shape: tuple[int, ...], name: str = "X") -> np.ndarray:
    """X as images of ``image_shape`` (in the layout a model was fitted on): one or more, numeric, finite."""
    images = np.asarray(X)
    if images.size == 0 and images.ndim == len(image_shape) + 1 and not len(images):
        raise ValueError(f"{name} holds no image.")
    if images.ndim != len(image_shape) + 1 or images.shape[1:] != tuple(image_shape):
        raise ValueError(f"{name} has shape {images.shape}; expected a stack of images of shape {tuple(image_shape)}, "
                         "as the model was fitted on.")
    _check_pixel_dtype(images, name)
    _check_finite(images, name)
    return images


def _check_pixel_dtype(images: np.ndarray, name: str) -> None:
    if not (
        images.dtype == bool or np.issubdtype(images.dtype, np.integer) or np.issubdtype(images.dtype, np.floating)
    ):
        raise ValueError(f"{name} holds {images.dtype} values; images must be integers (e.g. uint8), floats or bools.")


def _check_finite(images: np.ndarray, name: str) -> None:
    if np.issubdtype(images.dtype, np.floating):
        finite = np.isfinite(images)
        if not finite.all():
            position = np.unravel_index(int(np.flatnonzero(~finite)[0]), images.shape)
            raise ValueError(
                f"{name} holds a non-finite value ({images[position]}) at index {tuple(map(int, position))}."
            )


def image_sizes(shape: tuple[int, ...], layout: str) -> tuple[int, int, int]:
    """(height, width, channels) of one image."""
    if layout == "NHW":
        return shape[1], shape[2], 1
    if layout == "NHWC":
        return shape[1], shape[2], shape[3]
    return shape[2], shape[3], shape[1]


def pixel_range(images: np.ndarray) -> tuple[float, float]:
    """The range pixel values live in: 0-255 for uint8, [0, 1] for bools and for floats inside it,
    [-1, 1] for floats inside that, otherwise the observed minimum and maximum (e.g. 0-16 for
    scikit-learn's digits)."""
    if images.dtype == np.uint8:
        return 0.0, 255.0
    if images.dtype == bool or images.size == 0:
        return 0.0, 1.0
    low, high = float(images.min()), float(images.max())
    if np.issubdtype(images.dtype, np.floating):
        if low >= 0 and high <= 1:
            return 0.0, 1.0
        if low >= -1 and high <= 1:
            return -1.0, 1.0
    if high == low:
        high = low + 1.0  # constant images: any positive scale maps them to one value
    return low, high


class ImageEncoder:
    """Scale a stack of images to [-1, 1] in NCHW order, and generated images back to the caller's form.

    Parameters
    ----------
    layout : {"auto", "NHW", "NHWC", "NCHW"}, default="auto"
        The caller's layout; "auto" reads it from the shape (see :func:`detect_layout`).

    Attributes
    ----------
    layout_ : str
    dtype_ : numpy.dtype
        The caller's dtype; generated images are rounded for integer dtypes and thresholded at
        the middle of the range for bool.
    value_range_ : tuple of float
        (low, high) pixel values, mapped to -1 and 1.
    image_shape_ : tuple of int
        One image's shape in the caller's layout.
    output_shape_ : tuple of int
        One encoded image's shape, (channels, height, width).
    background_ : float
        The most common value of the images' border pixels, scaled to [-1, 1]: what shifts and cutout
        fill with during training, so that a shifted digit gets black edges, not grey ones.
    """

    def __init__(self, layout: str = "auto"):
        self.layout = layout

    def fit(self, images) -> ImageEncoder:
        images, self.layout_ = as_images(images, self.layout)
        self.dtype_ = images.dtype
        self.value_range_ = pixel_range(images)
        self.image_shape_ = tuple(int(size) for size in images.shape[1:])
        height, width, channels = image_sizes(images.shape, self.layout_)
        self.output_shape_ = (channels, height, width)
        self.background_ = _border_mode(self._scale(to_nchw(images, self.layout_)))
        return self

    def transform(self, images) -> np.ndarray:
        """float32 array of shape (n, channels, height, width) in [-1, 1]."""
        images = np.asarray(images)
        if images.shape[1:] != self.image_shape_:
            raise ValueError(
                f"images have shape {images.shape[1:]}, but the encoder was fitted on {self.image_shape_}."
            )
        return self._scale(to_nchw(images, self.layout_))

    def inverse_transform(self, encoded) -> np.ndarray:
        """Images in the caller's layout, dtype and value range."""
        low, high = self.value_range_
        pixels = (np.clip(np.asarray(encoded, dtype=np.float64), -1.0, 1.0) + 1.0) / 2.0 * (high - low) + low
        if self.dtype_ == bool:  # noqa: E721 (a numpy dtype equals bool; it is not the type bool)
            pixels = pixels >= 0.5
        elif np.issubdtype(self.dtype_, np.integer):
            pixels = np.rint(pixels)
        return from_nchw(pixels, self.layout_).astype(self.dtype_)

    def _scale(self, nchw: np.ndarray) -> np.ndarray:
        low, high = self.value_range_
        return ((nchw.astype(np.float32) - low) * np.float32(2.0 / (high - low)) - 1.0).astype(np.float32)

    def to_state(self) -> tuple[dict, dict]:
        """JSON-ready description and (no) arrays, for model files."""
        meta = {
            "layout": self.layout,
            "layout_": self.layout_,
            "dtype": np.dtype(self.dtype_).str,
            "value_range": list(self.value_range_),
            "image_shape": list(self.image_shape_),
            "background": float(self.background_),
        }
        return meta, {}

    @classmethod
    def from_state(cls, meta: dict, arrays: dict) -> ImageEncoder:
        encoder = cls(meta["layout"])
        encoder.layout_ = meta["layout_"]
        encoder.dtype_ = np.dtype(meta["dtype"])
        encoder.value_range_ = tuple(float(value) for value in meta["value_range"])
        encoder.image_shape_ = tuple(int(size) for size in meta["image_shape"])
        height, width, channels = image_sizes((0, *encoder.image_shape_), encoder.layout_)
        encoder.output_shape_ = (channels, height, width)
        encoder.background_ = float(meta["background"])
        return encoder


def to_nchw(images: np.ndarray, layout: str) -> np.ndarray:
    if layout == "NHW":
        return images[:, None]
    if layout == "NHWC":
        return images.transpose(0, 3, 1, 2)
    return images


def from_nchw(images: np.ndarray, layout: str) -> np.ndarray:
    if layout == "NHW":
        return images[:, 0]
    if layout == "NHWC":
        return np.ascontiguousarray(images.transpose(0, 2, 3, 1))
    return images


def _border_mode(nchw: np.ndarray) -> float:
    border = np.concatenate(
        [nchw[:, :, 0].ravel(), nchw[:, :, -1].ravel(), nchw[:, :, :, 0].ravel(), nchw[:, :, :, -1].ravel()]
    )
    values, counts = np.unique(np.round(border, 3), return_counts=True)
    return float(values[np.argmax(counts)])
