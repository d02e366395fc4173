"""Images: layouts, scaling to the networks' range and back, folders of image files, grids.

A stack of images arrives as a numpy array in one of three layouts: ``"NHW"`` (grayscale),
``"NHWC"`` (channels last, as Pillow and matplotlib use) or ``"NCHW"`` (channels first, as torch
uses). :class:`ImageEncoder` remembers the layout, dtype and value range it was fitted on, scales
pixels to [-1, 1] in torch's NCHW layout for the networks, and turns generated images back into the
caller's layout, dtype and range.
"""

from __future__ import annotations

import os
import shutil
import secrets
from pathlib import Path

import numpy as np

LAYOUTS = ("NHW", "NHWC", "NCHW")
# The conv networks halve the image at least once and keep a 4x4 core; below 8 pixels there is
# nothing left to learn structure from.
MIN_SIDE = 8
# Channel counts recognised when detecting a layout: grayscale, grayscale + alpha, RGB, RGBA.
_CHANNEL_COUNTS = (1, 2, 3, 4)
GRID_FILE = "grid.png"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp")


def is_image_stack(X) -> bool:
    """Whether X is an array-like with 3 or 4 dimensions (a stack of images) rather than a table."""
    if hasattr(X, "columns"):  # a DataFrame is always a table
        return False
    return np.ndim(X) in (3, 4)


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
        raise ValueError(f"{name} has shape {shape}; an image stack is 3-D (N, H, W) or 4-D (N, H, W, C) / (N, C, H, W).")
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
    if not (images.dtype == bool or np.issubdtype(images.dtype, np.integer) or np.issubdtype(images.dtype, np.floating)):
        raise ValueError(f"{name} holds {images.dtype} values; images must be integers (e.g. uint8), floats or bools.")
    height, width, channels = _sizes(images.shape, layout)
    if len(images) < 2:
        raise ValueError(f"Found {len(images)} sample(s) in {name}; a generative model needs at least 2 images.")
    if min(height, width) < MIN_SIDE:
        raise ValueError(
            f"{name} holds {height}x{width} images; the conv networks need at least {MIN_SIDE}x{MIN_SIDE} pixels "
            "(pad or resize them first)."
        )
    if channels < 1:
        raise ValueError(f"{name} has shape {images.shape}: images with 0 channels.")
    if np.issubdtype(images.dtype, np.floating):
        finite = np.isfinite(images)
        if not finite.all():
            position = np.unravel_index(int(np.flatnonzero(~finite)[0]), images.shape)
            raise ValueError(f"{name} holds a non-finite value ({images[position]}) at index {tuple(map(int, position))}.")
    return images, layout


def _sizes(shape: tuple[int, ...], layout: str) -> tuple[int, int, int]:
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
        height, width, channels = _sizes(images.shape, self.layout_)
        self.output_shape_ = (channels, height, width)
        self.background_ = _border_mode(self._scale(_to_nchw(images, self.layout_)))
        return self

    def transform(self, images) -> np.ndarray:
        """float32 array of shape (n, channels, height, width) in [-1, 1]."""
        images = np.asarray(images)
        if images.shape[1:] != self.image_shape_:
            raise ValueError(f"images have shape {images.shape[1:]}, but the encoder was fitted on {self.image_shape_}.")
        return self._scale(_to_nchw(images, self.layout_))

    def inverse_transform(self, encoded, random_state=None) -> np.ndarray:
        """Images in the caller's layout, dtype and value range (``random_state`` is unused: decoding
        an image is deterministic; it is accepted so tables and images decode alike)."""
        low, high = self.value_range_
        pixels = (np.clip(np.asarray(encoded, dtype=np.float64), -1.0, 1.0) + 1.0) / 2.0 * (high - low) + low
        if self.dtype_ == bool:
            pixels = pixels >= 0.5
        elif np.issubdtype(self.dtype_, np.integer):
            pixels = np.rint(pixels)
        return _from_nchw(pixels, self.layout_).astype(self.dtype_)

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
        height, width, channels = _sizes((0, *encoder.image_shape_), encoder.layout_)
        encoder.output_shape_ = (channels, height, width)
        encoder.background_ = float(meta["background"])
        return encoder


def _to_nchw(images: np.ndarray, layout: str) -> np.ndarray:
    if layout == "NHW":
        return images[:, None]
    if layout == "NHWC":
        return images.transpose(0, 3, 1, 2)
    return images


def _from_nchw(images: np.ndarray, layout: str) -> np.ndarray:
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


# ------------------------------------------------------------------------------ folders of files
def load_image_folder(path, *, size: tuple[int, int] | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Read a folder of image files into a uint8 array; one subfolder per class gives the labels.

    Parameters
    ----------
    path : str or path-like
        A folder holding either image files (unlabelled) or one subfolder of image files per class.
        A ``grid.png`` at the top of the folder, as :func:`save_image_folder` writes, is skipped.
        Files are read in name order; files that are not images are ignored.
    size : (width, height), default=None
        Resize every image to this size. Without it all images must already share one size.

    Returns
    -------
    images : ndarray of uint8, shape (n, height, width) or (n, height, width, 3)
        Grayscale when every file is grayscale, RGB otherwise (alpha is dropped).
    labels : ndarray of str or None
        The subfolder name of each image, or None for a folder without subfolders.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise FileNotFoundError(2, "no such folder of images", os.fspath(folder))
    files, labels = _image_files(folder)
    Image = _pillow()
    opened = [_open_image(Image, file) for file in files]
    mode = "L" if all(image.mode in ("1", "L", "LA", "I;16", "I") for image in opened) else "RGB"
    if size is not None:
        opened = [image.resize(tuple(size)) for image in opened]
    first = opened[0].size
    for file, image in zip(files, opened):
        if image.size != first:
            raise ValueError(
                f"{file}: {image.size[0]}x{image.size[1]} pixels, but {files[0].name} is {first[0]}x{first[1]}; "
                "all images must share one size (or pass a size to resize them)."
            )
    images = np.stack([np.asarray(_to_mode(image, mode), dtype=np.uint8) for image in opened])
    return images, labels


def _image_files(folder: Path) -> tuple[list[Path], np.ndarray | None]:
    subfolders = sorted(entry for entry in folder.iterdir() if entry.is_dir() and not entry.name.startswith("."))
    # The overview that save_image_folder writes (beside the class folders, or among unlabelled
    # images) is not data.
    loose = [file for file in _images_in(folder) if file.name != GRID_FILE]
    if subfolders and loose:
        raise ValueError(
            f"{folder} holds both image files ({loose[0].name}, ...) and subfolders ({subfolders[0].name}, ...); "
            "put every image in a class subfolder, or use a folder without subfolders for unlabelled images."
        )
    if not subfolders:
        if not loose:
            raise ValueError(f"{folder} holds no image files ({', '.join(IMAGE_SUFFIXES)}).")
        return loose, None
    files, labels = [], []
    for subfolder in subfolders:
        found = _images_in(subfolder)
        if not found:
            raise ValueError(f"class folder {subfolder} holds no image files; remove it or add images.")
        files += found
        labels += [subfolder.name] * len(found)
    return files, np.asarray(labels)


def _images_in(folder: Path) -> list[Path]:
    return sorted(entry for entry in folder.iterdir() if entry.is_file() and entry.suffix.lower() in IMAGE_SUFFIXES)


def _open_image(Image, file: Path):
    try:
        with Image.open(file) as image:
            image.load()
            return image
    except (OSError, SyntaxError, ValueError) as error:
        raise ValueError(f"{file}: not a readable image ({error})") from None


def _to_mode(image, mode: str):
    if image.mode in ("I;16", "I"):  # 16-bit grayscale: keep the top 8 bits
        image = image.point(lambda value: value / 256).convert("L")
    return image.convert(mode)


def save_image_folder(
    images, directory, *, labels=None, value_range=None, layout="auto", overwrite=False, prefix="image", grid=False
) -> Path:
    """Write images as PNG files, one subfolder per class when labels are given.

    The folder is built under a temporary name beside ``directory`` and renamed when complete, so an
    interrupted write leaves no partial folder.

    Parameters
    ----------
    images : ndarray
        A stack of images (see :func:`detect_layout`): uint8, or any dtype with ``value_range``.
    directory : str or path-like
        The folder to create.
    labels : array-like, default=None
        One label per image; each class gets a subfolder named after its label.
    value_range : (low, high), default=None
        Pixel values that map to black and white; default 0-255 for uint8, else the range
        :func:`pixel_range` reads from the images.
    layout : {"auto", "NHW", "NHWC", "NCHW"}, default="auto"
        The images' layout; "auto" reads it from the shape (see :func:`detect_layout`).
    overwrite : bool, default=False
        Replace an existing folder; without it an existing, non-empty folder is an error.
    prefix : str, default="image"
        File names are ``{prefix}_00001.png`` and so on.
    grid : bool, default=False
        Also write ``grid.png`` at the top of the folder: one row of up to ten images per class (or
        up to 100 images, ten a row, without labels), to look at them all at once.

    Returns
    -------
    pathlib.Path
        ``directory``.
    """
    directory = Path(directory)
    pixels = to_uint8(images, value_range, layout=layout)
    folders = _class_folders(labels, len(pixels))
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())) and not overwrite:
        raise FileExistsError(17, "folder exists and is not empty; pass overwrite=True to replace it", os.fspath(directory))
    Image = _pillow()
    staging = directory.with_name(f".{directory.name}.{secrets.token_hex(4)}.part")
    try:
        for name in sorted(set(folders)):
            (staging / name).mkdir(parents=True, exist_ok=True)
        width = max(5, len(str(len(pixels))))
        for number, (image, folder) in enumerate(zip(pixels, folders), start=1):
            Image.fromarray(image).save(staging / folder / f"{prefix}_{number:0{width}d}.png")
        if grid and len(pixels):
            overview = image_grid(pixels[:100]) if labels is None else class_grid(pixels, folders, sorted(set(folders)))
            Image.fromarray(overview).save(staging / GRID_FILE)
        _replace_folder(staging, directory, overwrite)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return directory


def _class_folders(labels, n_images: int) -> list[str]:
    if labels is None:
        return [""] * n_images
    labels = np.asarray(labels)
    if labels.shape != (n_images,):
        raise ValueError(f"labels must hold one label per image ({n_images}), got shape {labels.shape}.")
    names = [str(label) for label in labels]
    for name in set(names):
        if name in ("", ".", "..") or "/" in name or os.sep in name or "\x00" in name:
            raise ValueError(f"label {name!r} cannot be a folder name; relabel it before writing images.")
    return names


def _replace_folder(staging: Path, directory: Path, overwrite: bool) -> None:
    if directory.exists():
        if not overwrite and (not directory.is_dir() or any(directory.iterdir())):
            raise FileExistsError(17, "folder exists and is not empty; pass overwrite=True to replace it",
                                  os.fspath(directory))
        # Move the old folder aside first: a folder cannot be renamed over a non-empty one.
        retired = directory.with_name(f".{directory.name}.{secrets.token_hex(4)}.old")
        os.replace(directory, retired)
        try:
            os.replace(staging, directory)
        except OSError:
            os.replace(retired, directory)  # the old folder comes back rather than hiding under a dot name
            raise
        if retired.is_dir():
            shutil.rmtree(retired, ignore_errors=True)
        else:
            retired.unlink()
        return
    os.replace(staging, directory)


def to_uint8(images, value_range=None, *, layout="auto") -> np.ndarray:
    """Images as uint8 (n, height, width) or (n, height, width, channels), ready for PNG files."""
    images = np.asarray(images)
    layout = detect_layout(images.shape, layout, "images")
    if images.dtype == np.uint8 and value_range is None:
        pixels = images
    else:
        low, high = value_range if value_range is not None else pixel_range(images)
        pixels = np.rint(np.clip((images.astype(np.float64) - low) / (high - low), 0, 1) * 255).astype(np.uint8)
    pixels = _from_nchw(_to_nchw(pixels, layout), "NHWC")
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


def save_png(picture: np.ndarray, path, *, overwrite=False) -> Path:
    """Write one uint8 picture (e.g. a grid) as a PNG file, atomically."""
    from ._io import atomic_write

    Image = _pillow()
    with atomic_write(path, overwrite=overwrite) as temporary:
        Image.fromarray(picture).save(temporary, format="PNG")
    return Path(path)


def _pillow():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(
            "Reading and writing image files needs Pillow: pip install 'wgan-augment[images]' (or pip install pillow)."
        ) from None
    return Image
