"""Folders of images on the command line: read one, train on it, write synthetic images as PNG files.

DATA that is a folder means images: image files directly in it (unlabelled), or one subfolder per
class. The output is a folder too: one subfolder of PNG files per class, and ``grid.png`` to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ._errors import CommandError, reported_as_data_errors, usage_error
from ._fitting import DEFAULT_LABEL_COLUMN, build_augmenter, report, train
from ._labels import resolve_condition
from ._tables import check_folder_writable, is_stdio

if TYPE_CHECKING:
    import numpy as np

    from wgan_augment import WGANAugmenter


def is_image_folder(path: Path) -> bool:
    return not is_stdio(path) and path.is_dir()


def refuse_table_options(**given) -> None:
    """Options that only mean something for a table are an error with a folder of images."""
    for option, value in given.items():
        if value:
            raise usage_error(f"--{option.replace('_', '-')} applies to tables; DATA is a folder of images")


def refuse_image_options(**given) -> None:
    """Options that only mean something for a folder of images are an error with a table."""
    for option, value in given.items():
        if value is not None:
            raise usage_error(f"--{option.replace('_', '-')} applies to a folder of images; DATA is a table")


def with_a_name(folder: Path) -> Path:
    """``folder`` itself, or its full path when it is ``.`` or ``..``, which have no name to build on."""
    return folder.resolve() if folder.name in ("", "..") else folder


def folder_beside(source: Path, tag: str) -> Path:
    """``digits/`` -> ``digits_synthetic/``; ``model.wgan`` -> ``model_synthetic/``."""
    source = with_a_name(source)
    stem = source.name if source.is_dir() else source.stem
    return source.with_name(f"{stem}_{tag}")


def check_folder_output(path: Path, *, inputs: list[Path], force: bool, option: str, contents: str = "images") -> None:
    """Fail before training when the output folder could not or should not be written.

    ``contents`` names what the folder receives, in the messages ("images", "Parquet parts").
    """
    if is_stdio(path):
        raise usage_error(f"{option} -: {contents} are written to a folder, not to stdout")
    for source in inputs:
        resolved, source_resolved = path.resolve(), source.resolve()
        if resolved == source_resolved or source_resolved in resolved.parents or resolved in source_resolved.parents:
            raise usage_error(f"{option} {path} overlaps the input {source}; choose another folder")
    if path.exists() and not path.is_dir():
        raise usage_error(f"{option} {path} is a file; {contents} are written to a folder")
    if path.is_dir() and any(path.iterdir()) and not force:
        raise usage_error(f"{path} already exists and is not empty; pass --force to replace it")
    check_folder_writable(path if path.is_dir() else path.parent, path, option)


def read_images(folder: Path, size: Optional[tuple[int, int]] = None) -> tuple["np.ndarray", Optional["np.ndarray"]]:
    from wgan_augment.images import load_image_folder

    try:
        with reported_as_data_errors():
            return load_image_folder(folder, size=size)
    except CommandError as error:
        # The library's advice names its parameter; here the same advice is an option.
        raise CommandError(str(error).replace("or pass a size to resize them", "or pass --image-size WxH to "
                                              "resize them")) from None


def parse_image_size(text: Optional[str]) -> Optional[tuple[int, int]]:
    """``--image-size 28x28`` -> ``(28, 28)`` (width, height), or None."""
    if text is None:
        return None
    width, separator, height = text.lower().partition("x")
    if not (separator and width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0):
        raise usage_error(f"--image-size {text!r}: give WIDTHxHEIGHT in pixels, such as 28x28")
    return int(width), int(height)


def announce_images(images: "np.ndarray", labels, folder: Path, quiet: bool) -> None:
    height, width = images.shape[1:3]
    colour = "RGB" if images.ndim == 4 else "grayscale"
    classes = "" if labels is None else f" in {len(set(labels.tolist()))} classes"
    report(f"Learning {len(images)} {colour} images of {width}x{height} pixels{classes} from {folder}...", quiet)


def train_on_folder(
    folder: Path, *, steps: Optional[int], seed: Optional[int], device: str, constraint: str, quiet: bool,
    needs_classes: bool = False, size: Optional[tuple[int, int]] = None,
) -> tuple["WGANAugmenter", "np.ndarray", Optional["np.ndarray"]]:
    """Read the images in ``folder`` (resized to ``size``, width and height, if given) and fit a model on them
    (class-conditional given class subfolders)."""
    augmenter = build_augmenter(steps=steps, seed=seed, device=device, constraint=constraint, quiet=quiet)
    images, labels = read_images(folder, size)
    if needs_classes and labels is None:
        raise usage_error(f"--condition: {folder} has no class subfolders, so there are no classes to choose from")
    announce_images(images, labels, folder, quiet)
    if labels is None:
        train(augmenter, lambda: augmenter.fit(images))
    else:
        train(augmenter, lambda: augmenter.fit(images, labels))
    return augmenter, images, labels


def image_model_metadata(images: "np.ndarray", labels) -> dict:
    return {"data_kind": "images", "target": None if labels is None else DEFAULT_LABEL_COLUMN, "n_rows": len(images)}


def requested_class(condition: Optional[str], augmenter: "WGANAugmenter"):
    """The class named by ``--condition label=NAME`` (the class folder's name), or None."""
    return resolve_condition(condition, augmenter.conditioning_, target=DEFAULT_LABEL_COLUMN,
                             no_classes="these images had no class subfolders, so the model has no classes")


def write_images(
    augmenter: "WGANAugmenter", n_images: int, output: Path, *, label=None, seed: Optional[int], force: bool
) -> int:
    """Sample ``n_images`` and write them as PNG files in one folder per class, with ``grid.png``."""
    from wgan_augment.images import save_image_folder

    with reported_as_data_errors():
        if augmenter.conditioning_ is None:
            images, labels = augmenter.sample(n_images, random_state=seed), None
        else:
            images, labels = augmenter.sample(n_images, y=label, random_state=seed)
        save_image_folder(images, output, labels=labels, value_range=augmenter.encoder_.value_range_,
                          layout=augmenter.encoder_.layout_, overwrite=force, prefix="synthetic", grid=True)
    return len(images)


def describe_output(output: Path, n_images: int) -> str:
    return f"Wrote {n_images} images to {os.fspath(output)}{os.sep} (overview: {output / 'grid.png'})"
