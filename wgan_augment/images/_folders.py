"""Folders of image files: reading them into arrays, writing arrays as PNG files."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import numpy as np

from ._grids import class_grid, image_grid, to_uint8

GRID_FILE = "grid.png"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp")


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
        raise FileExistsError(
            17, "folder exists and is not empty; pass overwrite=True to replace it", os.fspath(directory)
        )
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


def save_png(picture: np.ndarray, path, *, overwrite=False) -> Path:
    """Write one uint8 picture (e.g. a grid) as a PNG file, atomically."""
    from ..io import atomic_write

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
