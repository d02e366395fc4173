"""Saving a fitted :class:`~wgan_augment.WGANAugmenter` to one file, and loading it without unpickling.

A model file is ``torch.save`` of a dict that holds only strings, integers and tensors::

    "format"          "wgan-augment-model"
    "format_version"  1
    "header"          JSON text: library version, parameters, columns and their encodings (or
                      the images' layout, dtype and value range), class labels and counts, and
                      the caller's metadata
    "encoder_arrays"  the table encoder's numbers, one tensor each (none for images)
    "generator"       the generator's state_dict
    "history"         per-step training statistics, one tensor each

It is read with ``torch.load(weights_only=True)``, whose unpickler builds nothing but tensors and
plain containers, so a file crafted to run code when unpickled is refused instead. The critic is not
saved: a loaded model samples exactly like the original but is not trained further (refit instead).

``pickle`` and ``joblib`` also work on a fitted augmenter, but unpickling runs whatever code the file
names: use them only for files from a source you trust.
"""

from __future__ import annotations

import json
import os
import pickle
import warnings
from pathlib import Path

import numpy as np
import torch
from sklearn.utils.validation import check_is_fitted

from ._io import atomic_write
from ._validation import InputFormat
from .images import ImageEncoder
from .tabular import TableEncoder
from .tabular._dtypes import dtype_from_json, dtype_to_json
from .tabular._json_values import from_json_value, to_json_value

FORMAT_NAME = "wgan-augment-model"
FORMAT_VERSION = 1

_PARTS = {"format": str, "format_version": int, "header": str, "encoder_arrays": dict, "generator": dict,
          "history": dict}


def save(augmenter, path, *, overwrite=False, metadata=None) -> Path:
    """Write a fitted augmenter to ``path`` in the model file format.

    The file is written under a temporary name and renamed when complete, so an interrupted save
    leaves no partial file. Tensors are moved to the CPU first: a model trained on a GPU loads anywhere.

    Parameters
    ----------
    augmenter : WGANAugmenter
        A fitted augmenter.
    path : str or path-like
        The file to write; ``.wgan`` is the customary extension.
    overwrite : bool, default=False
        Replace an existing file.
    metadata : dict, default=None
        JSON-serialisable facts to keep with the model (the command line records the label column
        and the training table's column order); :func:`describe` returns them.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        If ``augmenter`` is not fitted.
    FileExistsError
        If ``path`` exists and ``overwrite`` is False.
    ValueError
        If ``metadata`` is not JSON-serialisable.

    Examples
    --------
    >>> import tempfile, numpy as np
    >>> from wgan_augment import WGANAugmenter
    >>> from wgan_augment.persistence import load, save
    >>> X = np.random.default_rng(0).normal(size=(40, 2))
    >>> augmenter = WGANAugmenter(n_steps=5, random_state=0).fit(X)
    >>> path = save(augmenter, os.path.join(tempfile.mkdtemp(), "model.wgan"))
    >>> np.array_equal(load(path).sample(3, random_state=1), augmenter.sample(3, random_state=1))
    True
    """
    check_is_fitted(augmenter, "generator_")
    contents = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "header": json.dumps(_header(augmenter, metadata)),
        "encoder_arrays": {name: _as_tensor(name, array) for name, array in augmenter.encoder_.to_state()[1].items()},
        "generator": {name: tensor.detach().cpu() for name, tensor in augmenter.generator_.state_dict().items()},
        "history": {key: torch.tensor(values, dtype=torch.float64) for key, values in augmenter.history_.items()},
    }
    with atomic_write(path, overwrite=overwrite) as temporary:
        torch.save(contents, temporary)
    return Path(path)


def load(path):
    """Read a model file written by :func:`save`; the result samples exactly like the saved model.

    Nothing in the file is unpickled: a file that holds anything but tensors and plain values is
    refused. The model is placed on the CPU (``device_``), whatever device it was trained on.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    WGANAugmenter
        A fitted augmenter, ready to ``sample``.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        If the file is not a model file, is truncated or corrupt, holds Python objects that loading
        would have to run, or has a format version this library cannot read. The message names the file.
    """
    contents, header = _read(path)
    try:
        return _rebuild(contents, header)
    except (KeyError, TypeError, ValueError, RuntimeError, IndexError) as error:
        raise ValueError(f"{os.fspath(path)}: corrupt wgan-augment model file ({error})") from error


def describe(path) -> dict:
    """What a model file holds, as JSON-serialisable values, without building the model.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    dict
        ``format``, ``format_version``, ``library_version``, ``params``, ``data_kind`` ("table" or
        "images"), ``columns`` (name, kind, dtype, number of categories, whether values were missing;
        empty for images), ``images`` (shape, layout, dtype and value range; None for tables), ``classes`` (label and training
        rows, or None), ``trained_on``, ``steps_trained``, ``final_wasserstein`` and ``metadata``.

    Raises
    ------
    FileNotFoundError, ValueError
        As :func:`load`.
    """
    contents, header = _read(path)
    try:
        return _describe(contents, header)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise ValueError(f"{os.fspath(path)}: corrupt wgan-augment model file ({error})") from error


# ---------------------------------------------------------------------------------------- writing
def _header(augmenter, metadata) -> dict:
    classes = None
    if hasattr(augmenter, "classes_"):
        classes = {
            "labels": [to_json_value(label) for label in augmenter.classes_],
            "dtype": dtype_to_json(augmenter.classes_.dtype),
            "counts": [int(count) for count in augmenter.class_counts_],
        }
    names = getattr(augmenter, "feature_names_in_", None)
    input_format = augmenter._input_format
    header = {
        "library_version": _library_version(),
        "params": _params_to_json(augmenter.get_params()),
        "n_features_in": int(augmenter.n_features_in_),
        "feature_names_in": None if names is None else [to_json_value(name) for name in names],
        "input_format": {
            "is_frame": bool(input_format.is_frame),
            "numpy_dtype": None if input_format.numpy_dtype is None else np.dtype(input_format.numpy_dtype).str,
        },
        "classes": classes,
        "data_kind": "images" if isinstance(augmenter.encoder_, ImageEncoder) else "table",
        "encoder": augmenter.encoder_.to_state()[0],
        "trained_on": str(augmenter.device_),
        "metadata": metadata or {},
    }
    try:
        json.dumps(header["metadata"])
    except (TypeError, ValueError) as error:
        raise ValueError(f"metadata must be JSON-serialisable: {error}") from None
    return header


def _params_to_json(params: dict) -> dict:
    stored = {}
    for name, value in params.items():
        if isinstance(value, torch.device):
            value = str(value)
        elif isinstance(value, dict):
            value = {"mapping": [[to_json_value(key), to_json_value(item)] for key, item in value.items()]}
        elif callable(value) or isinstance(value, (np.random.RandomState, np.random.Generator)):
            warnings.warn(
                f"{name}={value!r} cannot be kept in a model file; the loaded model has {name}=None "
                "(sampling is not affected).",
                UserWarning,
                stacklevel=4,
            )
            value = None
        stored[name] = value if isinstance(value, dict) else to_json_value(value)
    return stored


def _as_tensor(name: str, array: np.ndarray) -> torch.Tensor:
    array = np.asarray(array)
    if array.dtype == object:
        raise ValueError(f"encoder array {name!r} holds Python objects; a model file holds numbers only")
    return torch.tensor(np.ascontiguousarray(array))


def _library_version() -> str:
    from . import __version__

    return __version__


# ---------------------------------------------------------------------------------------- reading
def _read(path) -> tuple[dict, dict]:
    """The checked top-level dict and its parsed header."""
    name = os.fspath(path)
    if not Path(path).is_file():
        raise FileNotFoundError(2, "no such model file", name)
    try:
        with warnings.catch_warnings():
            # Foreign pickles make torch warn about their protocol before refusing them.
            warnings.simplefilter("ignore", UserWarning)
            contents = torch.load(path, weights_only=True, map_location="cpu")
    except pickle.UnpicklingError:
        raise ValueError(
            f"{name}: refused to load: the file holds Python objects that unpickling would have to run; "
            "it was not written by wgan-augment's save (only unpickle files from sources you trust)"
        ) from None
    except PermissionError:
        raise
    except Exception as error:  # torch reports damage as RuntimeError, EOFError, OSError, KeyError...
        raise ValueError(f"{name}: not a readable wgan-augment model file (truncated or corrupt)") from error
    _check_contents(contents, name)
    try:
        header = json.loads(contents["header"])
    except ValueError as error:
        raise ValueError(f"{name}: corrupt wgan-augment model file (header: {error})") from None
    return contents, header


def _check_contents(contents, name: str) -> None:
    if not isinstance(contents, dict) or contents.get("format") != FORMAT_NAME:
        raise ValueError(f"{name}: not a wgan-augment model file")
    version = contents.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ValueError(f"{name}: corrupt wgan-augment model file (format version {version!r})")
    if version > FORMAT_VERSION:
        raise ValueError(
            f"{name}: model file format version {version} is newer than this wgan-augment "
            f"({_library_version()}) reads (version {FORMAT_VERSION}); upgrade wgan-augment to load it"
        )
    for part, kind in _PARTS.items():
        if not isinstance(contents.get(part), kind):
            raise ValueError(f"{name}: corrupt wgan-augment model file ({part!r} is missing or malformed)")


def _rebuild(contents: dict, header: dict):
    from .augmenter import WGANAugmenter

    augmenter = WGANAugmenter(**_known_params(_params_from_json(header["params"])))
    augmenter.device_ = torch.device("cpu")
    augmenter.n_features_in_ = header["n_features_in"]
    if header["feature_names_in"] is not None:
        augmenter.feature_names_in_ = np.asarray([from_json_value(name) for name in header["feature_names_in"]],
                                                 dtype=object)
    stored_dtype = header["input_format"]["numpy_dtype"]
    augmenter._input_format = InputFormat(header["input_format"]["is_frame"],
                                          None if stored_dtype is None else np.dtype(stored_dtype))
    if header["classes"] is not None:
        augmenter.classes_ = _classes(header["classes"])
        augmenter.class_counts_ = np.asarray(header["classes"]["counts"], dtype=np.int64)
    arrays = {name: tensor.numpy() for name, tensor in contents["encoder_arrays"].items()}
    encoder_class = ImageEncoder if _data_kind(header) == "images" else TableEncoder
    augmenter.encoder_ = encoder_class.from_state(header["encoder"], arrays)
    augmenter.history_ = {key: tensor.tolist() for key, tensor in contents["history"].items()}
    # Building the networks initialises weights from torch's global RNG; keep the caller's stream intact.
    with torch.random.fork_rng(devices=[]):
        generator, _ = augmenter._build_networks()
    generator.load_state_dict(contents["generator"], strict=True)
    augmenter.generator_ = generator.eval()
    return augmenter


def _data_kind(header: dict) -> str:
    return header.get("data_kind", "table")  # files from before images were supported hold tables


def _classes(stored: dict) -> np.ndarray:
    labels = [from_json_value(label) for label in stored["labels"]]
    return np.asarray(labels, dtype=dtype_from_json(stored["dtype"]))


def _params_from_json(stored: dict) -> dict:
    params = {}
    for name, value in stored.items():
        if isinstance(value, dict) and set(value) == {"mapping"}:
            params[name] = {from_json_value(key): from_json_value(item) for key, item in value["mapping"]}
        else:
            params[name] = from_json_value(value)
    return params


def _known_params(params: dict) -> dict:
    from .augmenter import WGANAugmenter

    known = WGANAugmenter().get_params()
    unknown = sorted(set(params) - set(known))
    if unknown:
        warnings.warn(f"the model file sets parameters this version does not know, ignored: {unknown}",
                      UserWarning, stacklevel=4)
    return {name: value for name, value in params.items() if name in known}


def _describe(contents: dict, header: dict) -> dict:
    history = contents["history"].get("wasserstein")
    classes = header["classes"]
    images = _data_kind(header) == "images"
    return {
        "format": FORMAT_NAME,
        "format_version": contents["format_version"],
        "library_version": header["library_version"],
        "params": _params_from_json(header["params"]),
        "data_kind": _data_kind(header),
        "columns": [] if images else _column_summaries(header["encoder"]),
        "images": _image_summary(header["encoder"]) if images else None,
        "classes": None if classes is None else [
            {"label": from_json_value(label), "rows": count}
            for label, count in zip(classes["labels"], classes["counts"])
        ],
        "trained_on": header["trained_on"],
        "steps_trained": 0 if history is None else len(history),
        "final_wasserstein": None if history is None or not len(history) else float(history[-1]),
        "metadata": header["metadata"],
    }


def _image_summary(encoder_meta: dict) -> dict:
    return {
        "shape": encoder_meta["image_shape"],
        "layout": encoder_meta["layout_"],
        "dtype": str(np.dtype(encoder_meta["dtype"])),
        "value_range": encoder_meta["value_range"],
    }


def _column_summaries(encoder_meta: dict) -> list[dict]:
    summaries = []
    for name, column in zip(encoder_meta["column_names"], encoder_meta["columns"]):
        dtype = str(dtype_from_json(column["dtype"]))
        summary = {"name": from_json_value(name), "kind": column["kind"], "dtype": dtype}
        if "categories" in column:
            summary["categories"] = len(column["categories"]) - int(bool(column.get("has_missing")))
        summary["has_missing"] = bool(column.get("has_missing", False))
        summaries.append(summary)
    return summaries


__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "describe", "load", "save"]
