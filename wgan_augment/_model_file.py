"""The model file format: a fitted augmenter's state as plain values and tensors, written and read without pickle.

A model file is ``torch.save`` of a dict that holds only strings, integers and tensors::

    "format"          "wgan-augment-model"
    "format_version"  1
    "header"          JSON text: library version, parameters, the kind of data, columns and their
                      encodings (or the images' layout, dtype and value range), class labels and
                      counts, the resolved "auto" settings, and the caller's metadata
    "encoder_arrays"  the table encoder's numbers, one tensor each (none for images)
    "generator"       the generator's state_dict
    "history"         per-step training statistics, one tensor each

It is read with ``torch.load(weights_only=True)``, whose unpickler builds nothing but tensors and
plain containers, so a file crafted to run code when unpickled is refused instead.

This module knows the format, not the estimator: :func:`write_model_file` reads a fitted augmenter's
public attributes, and :func:`read_model_file` returns a :class:`SavedModel` that
``wgan_augment.persistence`` turns back into an estimator.
"""

from __future__ import annotations

import codecs
import json
import os
import pickle
import warnings
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import torch

from ._model_checks import ModelFileError, check_header, check_tensor_parts
from ._validation import InputFormat
from .conditioning import Conditioning
from .io import atomic_write
from .kinds import DataKind, ResolvedSettings, kind_named
from .tabular import dtype_from_json, dtype_to_json, from_json_value, to_json_value

FORMAT_NAME = "wgan-augment-model"
FORMAT_VERSION = 1

_PARTS = {"format": str, "format_version": int, "header": str, "encoder_arrays": dict, "generator": dict,
          "history": dict}


@dataclass
class SavedModel:
    """A model file's contents, parsed: what an augmenter needs to sample again."""

    params: dict
    kind: DataKind
    encoder: object
    conditioning: Conditioning | None
    input_format: InputFormat
    n_features_in: int
    feature_names_in: np.ndarray | None
    settings: dict  # the resolved "auto" settings; files from older versions hold fewer or none
    generator_state: dict
    history: dict


# ---------------------------------------------------------------------------------------- writing
def write_model_file(augmenter, path, *, overwrite=False, metadata=None) -> Path:
    """Write a fitted augmenter to ``path``; tensors go to the CPU first, so a GPU model loads anywhere."""
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


def _header(augmenter, metadata) -> dict:
    conditioning = augmenter.conditioning_
    names = getattr(augmenter, "feature_names_in_", None)
    input_format = augmenter.input_format_
    header = {
        "library_version": library_version(),
        "params": _params_to_json(augmenter.get_params()),
        "n_features_in": int(augmenter.n_features_in_),
        "feature_names_in": None if names is None else [to_json_value(name) for name in names],
        "input_format": {
            "is_frame": bool(input_format.is_frame),
            "numpy_dtype": None if input_format.numpy_dtype is None else np.dtype(input_format.numpy_dtype).str,
        },
        "classes": None if conditioning is None else {
            "labels": [to_json_value(label) for label in conditioning.classes],
            "dtype": dtype_to_json(conditioning.classes.dtype),
            "counts": [int(count) for count in conditioning.counts],
        },
        "data_kind": augmenter.kind_.name,
        "encoder": augmenter.encoder_.to_state()[0],
        # Each resolved "auto" setting, kept by the augmenter as the attribute of that name plus "_".
        "resolved": {field.name: getattr(augmenter, f"{field.name}_") for field in fields(ResolvedSettings)},
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
                stacklevel=5,
            )
            value = None
        stored[name] = value if isinstance(value, dict) else to_json_value(value)
    return stored


def _as_tensor(name: str, array: np.ndarray) -> torch.Tensor:
    array = np.asarray(array)
    if array.dtype == object:
        raise ValueError(f"encoder array {name!r} holds Python objects; a model file holds numbers only")
    return torch.tensor(np.ascontiguousarray(array))


def library_version() -> str:
    from . import __version__

    return __version__


# ---------------------------------------------------------------------------------------- reading
_ZIP_MAGIC = b"PK\x03\x04"  # every file torch.save writes (its zip format, the default since torch 1.6)

def read_model_file(path) -> tuple[dict, dict]:
    """The checked top-level dict of a model file and its parsed header."""
    name = os.fspath(path)
    if Path(path).is_dir():
        raise IsADirectoryError(21, "is a folder, not a model file", name)
    if not Path(path).is_file():
        raise FileNotFoundError(2, "no such model file", name)
    _check_archive(path, name)
    try:
        with warnings.catch_warnings():
            # Foreign pickles make torch warn about their protocol before refusing them.
            warnings.simplefilter("ignore", UserWarning)
            contents = torch.load(path, weights_only=True, map_location="cpu")
    except pickle.UnpicklingError:
        raise ModelFileError(
            f"{name}: refused to load: the file holds Python objects that unpickling would have to run; "
            "it was not written by wgan-augment's save (only unpickle files from sources you trust)"
        ) from None
    except PermissionError:
        raise
    except Exception as error:  # torch reports damage as RuntimeError, EOFError, OSError, KeyError...
        raise ModelFileError(f"{name}: not a readable wgan-augment model file (truncated or corrupt)") from error
    _check_contents(contents, name)
    try:
        header = json.loads(contents["header"])
    except (ValueError, RecursionError) as error:  # RecursionError: arrays nested thousands deep
        raise ModelFileError(f"{name}: corrupt wgan-augment model file (header: {error})") from None
    try:
        check_header(header)
        check_tensor_parts(contents)
    except ModelFileError as error:
        raise ModelFileError(f"{name}: corrupt wgan-augment model file ({error})") from None
    return contents, header


def _check_archive(path, name: str) -> None:
    """Refuse a text file (a table given as a model, say) before torch tries to unpickle it.

    Model files are zip archives (``torch.save``); other binary files go on to ``torch.load``, which
    tells a pickle needing code from a damaged file.
    """
    with open(path, "rb") as stream:
        start = stream.read(4096)
    if not start.startswith(_ZIP_MAGIC) and (not start or _is_text(start)):
        what = "text, perhaps a table" if start else "empty"
        raise ModelFileError(f"{name}: not a wgan-augment model file (it is {what}"
                             "; model files are written by 'wgan-augment fit' or save())")


def _is_text(start: bytes) -> bool:
    try:
        # Incremental: the 4,096th byte may cut a character in two.
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        return False
    return b"\x00" not in start


def _check_contents(contents, name: str) -> None:
    if not isinstance(contents, dict) or contents.get("format") != FORMAT_NAME:
        raise ModelFileError(f"{name}: not a wgan-augment model file")
    version = contents.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ModelFileError(f"{name}: corrupt wgan-augment model file (format version {version!r})")
    if version > FORMAT_VERSION:
        raise ModelFileError(
            f"{name}: model file format version {version} is newer than this wgan-augment "
            f"({library_version()}) reads (version {FORMAT_VERSION}); upgrade wgan-augment to load it"
        )
    for part, kind in _PARTS.items():
        if not isinstance(contents.get(part), kind):
            raise ModelFileError(f"{name}: corrupt wgan-augment model file ({part!r} is missing or malformed)")


def saved_model(contents: dict, header: dict) -> SavedModel:
    """The parsed state in a model file's contents and header."""
    kind = kind_of_header(header)
    arrays = {name: tensor.numpy() for name, tensor in contents["encoder_arrays"].items()}
    stored_dtype = header["input_format"]["numpy_dtype"]
    names = header["feature_names_in"]
    resolved = header.get("resolved")
    return SavedModel(
        params=_params_from_json(header["params"]),
        kind=kind,
        encoder=kind.encoder_class.from_state(header["encoder"], arrays),
        conditioning=None if header["classes"] is None else _conditioning(header["classes"]),
        input_format=InputFormat(header["input_format"]["is_frame"],
                                 None if stored_dtype is None else np.dtype(stored_dtype)),
        n_features_in=header["n_features_in"],
        feature_names_in=None if names is None else np.asarray([from_json_value(name) for name in names], dtype=object),
        settings=resolved or {},
        generator_state=contents["generator"],
        history={key: tensor.tolist() for key, tensor in contents["history"].items()},
    )


def kind_of_header(header: dict) -> DataKind:
    return kind_named(header.get("data_kind", "table"))  # files from before images were supported hold tables


def _conditioning(stored: dict) -> Conditioning:
    labels = [from_json_value(label) for label in stored["labels"]]
    classes = np.asarray(labels, dtype=dtype_from_json(stored["dtype"]))
    return Conditioning(classes, np.asarray(stored["counts"], dtype=np.int64))


def _params_from_json(stored: dict) -> dict:
    params = {}
    for name, value in stored.items():
        if isinstance(value, dict) and set(value) == {"mapping"}:
            params[name] = {from_json_value(key): from_json_value(item) for key, item in value["mapping"]}
        else:
            params[name] = from_json_value(value)
    return params


def describe_contents(contents: dict, header: dict) -> dict:
    """What a model file holds, as JSON-serialisable values (see ``wgan_augment.persistence.describe``)."""
    history = contents["history"].get("wasserstein")
    classes = header["classes"]
    kind = kind_of_header(header)
    return {
        "format": FORMAT_NAME,
        "format_version": contents["format_version"],
        "library_version": header["library_version"],
        "params": _params_from_json(header["params"]),
        "data_kind": kind.name,
        **kind.describe(header["encoder"]),
        "classes": None if classes is None else [
            {"label": from_json_value(label), "rows": count}
            for label, count in zip(classes["labels"], classes["counts"])
        ],
        "resolved": header.get("resolved"),
        "trained_on": header["trained_on"],
        "steps_trained": 0 if history is None else len(history),
        "final_wasserstein": None if history is None or not len(history) else float(history[-1]),
        "metadata": header["metadata"],
    }
