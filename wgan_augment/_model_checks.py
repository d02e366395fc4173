"""Is a model file's content sound? Every part checked before any of it is used, each error naming the field.

A model file comes from outside the process: damaged on disk, edited by hand or crafted. Its header
is JSON and its parts are dicts of tensors, so each value is checked for the type and range the
loader relies on; without that, a NaN weight would load and sample one row over and over, and a
class count of -5 or a negative layer width would fail deep inside numpy or torch with a message
that names neither the file nor the field.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
import torch


class ModelFileError(ValueError):
    """A file that is not a sound wgan-augment model file; the message names the file and what is wrong.

    A ``ValueError``, so code that catches those keeps working.
    """


_TENSOR_PARTS = ("encoder_arrays", "generator", "history")
_HEADER_TYPES = {"library_version": str, "params": dict, "n_features_in": int, "input_format": dict,
                 "encoder": dict, "trained_on": str, "metadata": dict}
_POSITIVE_SETTINGS = ("batch_size", "n_critic")


def check_tensor_parts(contents: dict) -> None:
    """Every part holds tensors under text names, and the generator's numbers are finite."""
    for part in _TENSOR_PARTS:
        for key, value in contents[part].items():
            if not isinstance(key, str) or not isinstance(value, torch.Tensor):
                raise ModelFileError(f"{part!r} holds {key!r}: {type(value).__name__}, not a named tensor")
    for key, tensor in contents["history"].items():
        if tensor.dim() != 1:
            raise ModelFileError(f"history tensor {key!r} has shape {tuple(tensor.shape)}; expected one value a step")
    for key, tensor in contents["generator"].items():
        # A NaN or inf weight (or batch-norm statistic) turns every sample into the same row of NaNs or
        # of one clipped value; the file cannot have been written by a fit that finished.
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            bad = tensor[~torch.isfinite(tensor)].flatten()[0].item()
            raise ModelFileError(f"generator tensor {key!r} holds a non-finite value ({bad})")


def check_header(header) -> None:
    """The header's fields have the types and ranges loading relies on."""
    if not isinstance(header, dict):
        raise ModelFileError(f"header is {type(header).__name__}, not an object")
    for field, kind in _HEADER_TYPES.items():
        _check_type(header.get(field), kind, f"header field {field!r}")
    n_features = header["n_features_in"]
    if n_features < 1:
        raise ModelFileError(f"header field 'n_features_in' is {n_features}; a model learns at least 1 feature")
    _check_names(header.get("feature_names_in"), n_features)
    _check_input_format(header["input_format"])
    _check_classes(header.get("classes"))
    _check_type(header.get("data_kind", "table"), str, "header field 'data_kind'")
    _check_resolved(header.get("resolved"))
    if header.get("data_kind", "table") == "table":
        _check_columns(header["encoder"], n_features)
    else:
        _check_images(header["encoder"], n_features)


def _check_type(value, kind: type, field: str) -> None:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ModelFileError(f"{field} is {_shown(value)}; expected {_KIND_NAMES.get(kind, kind.__name__)}")


_KIND_NAMES = {str: "text", int: "a whole number", dict: "an object", list: "a list", bool: "true or false"}


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_names(names, n_features: int) -> None:
    if names is None:
        return
    _check_type(names, list, "header field 'feature_names_in'")
    if len(names) != n_features:
        raise ModelFileError(f"header field 'feature_names_in' holds {len(names)} names for "
                             f"n_features_in={n_features} features")
    _check_stored_values(names, "feature_names_in")


def _check_input_format(input_format: dict) -> None:
    _check_type(input_format.get("is_frame"), bool, "header field 'input_format.is_frame'")
    dtype = input_format.get("numpy_dtype")
    if dtype is not None:
        _check_type(dtype, str, "header field 'input_format.numpy_dtype'")


def _check_classes(classes) -> None:
    if classes is None:
        return
    _check_type(classes, dict, "header field 'classes'")
    labels, counts = classes.get("labels"), classes.get("counts")
    _check_type(labels, list, "header field 'classes.labels'")
    _check_type(counts, list, "header field 'classes.counts'")
    if not labels or len(labels) != len(counts):
        raise ModelFileError(f"header field 'classes' holds {len(labels)} labels and {len(counts)} counts; "
                             "a conditional model has one count per label, and at least one label")
    _check_stored_values(labels, "classes.labels")
    for count in counts:
        _check_type(count, int, "a count in header field 'classes.counts'")
    if min(counts) <= 0:
        raise ModelFileError(f"header field 'classes.counts' is {_shown(counts)}; every class had at least 1 row")


def _check_resolved(resolved) -> None:
    if resolved is None:
        return
    _check_type(resolved, dict, "header field 'resolved'")
    for name in ("n_steps", *_POSITIVE_SETTINGS):
        if name in resolved:
            _check_type(resolved[name], int, f"header field 'resolved.{name}'")
            if resolved[name] < (name in _POSITIVE_SETTINGS):
                raise ModelFileError(f"header field 'resolved.{name}' is {resolved[name]}; it cannot be negative"
                                     + (" or 0" if name in _POSITIVE_SETTINGS else ""))
    for name in ("generator_dims", "critic_dims"):
        dims = resolved.get(name)
        if dims is None:
            continue
        _check_type(dims, list, f"header field 'resolved.{name}'")
        if not all(isinstance(width, int) and not isinstance(width, bool) and width > 0 for width in dims):
            raise ModelFileError(f"header field 'resolved.{name}' is {_shown(dims)}; layer widths are positive "
                                 "whole numbers")
    decay = resolved.get("ema_decay", 0.0)
    if not isinstance(decay, Real) or isinstance(decay, bool) or not 0 <= decay < 1:
        raise ModelFileError(f"header field 'resolved.ema_decay' is {_shown(decay)}; expected a number in [0, 1)")
    if "diff_augment" in resolved:
        _check_type(resolved["diff_augment"], str, "header field 'resolved.diff_augment'")


def _check_columns(encoder: dict, n_features: int) -> None:
    names, columns = encoder.get("column_names"), encoder.get("columns")
    _check_type(names, list, "header field 'encoder.column_names'")
    _check_type(columns, list, "header field 'encoder.columns'")
    if len(names) != n_features or len(columns) != n_features:
        raise ModelFileError(f"header field 'encoder' describes {len(names)} column names and {len(columns)} "
                             f"columns for n_features_in={n_features} features")
    _check_stored_values(names, "encoder.column_names")
    for position, column in enumerate(columns):
        _check_type(column, dict, "a column in header field 'encoder.columns'")
        if "categories" in column:
            _check_type(column["categories"], list, f"header field 'encoder.columns.{position}.categories'")
            _check_stored_values(column["categories"], f"encoder.columns.{position}.categories")
        if "value" in column:
            _check_stored_values([column["value"]], f"encoder.columns.{position}.value")


def _check_images(encoder: dict, n_features: int) -> None:
    shape, value_range = encoder.get("image_shape"), encoder.get("value_range")
    _check_type(shape, list, "header field 'encoder.image_shape'")
    if len(shape) not in (2, 3) or not all(_is_count(size) and size > 0 for size in shape):
        raise ModelFileError(f"header field 'encoder.image_shape' is {_shown(shape)}; expected 2 or 3 positive sizes")
    if int(np.prod(shape)) != n_features:
        raise ModelFileError(f"header field 'encoder.image_shape' is {shape}, {int(np.prod(shape))} values an image "
                             f"for n_features_in={n_features}")
    _check_type(value_range, list, "header field 'encoder.value_range'")
    if len(value_range) != 2 or not all(_is_number(value) for value in value_range) or value_range[0] > value_range[1]:
        raise ModelFileError(f"header field 'encoder.value_range' is {_shown(value_range)}; expected [low, high] "
                             "with low <= high")
    if not _is_number(encoder.get("background")):
        raise ModelFileError(f"header field 'encoder.background' is {_shown(encoder.get('background'))}; "
                             "expected a number")
    for field in ("layout", "layout_", "dtype"):
        _check_type(encoder.get(field), str, f"header field 'encoder.{field}'")


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _check_stored_values(values: list, field: str) -> None:
    """Names, labels and categories are stored as JSON scalars or one-key tagged objects (``to_json_value``)."""
    for value in values:
        plain = value is None or isinstance(value, (bool, int, float, str))
        if not plain and not (isinstance(value, dict) and len(value) == 1):
            raise ModelFileError(f"header field {field!r} holds {_shown(value)}; expected a name, number or "
                                 "tagged value")
