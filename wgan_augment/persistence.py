"""Saving a fitted :class:`~wgan_augment.WGANAugmenter` to one file, and loading it without unpickling.

The format is described in ``wgan_augment._model_file``: plain values and tensors, read back with
``torch.load(weights_only=True)``, so a file crafted to run code when unpickled is refused. The critic
is not saved: a loaded model samples exactly like the original but is not trained further (refit instead).

``pickle`` and ``joblib`` also work on a fitted augmenter, but unpickling runs whatever code the file
names: use them only for files from a source you trust.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import torch
from sklearn.utils.validation import check_is_fitted

from ._model_file import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ModelFileError,
    SavedModel,
    describe_contents,
    read_model_file,
    saved_model,
    write_model_file,
)
from ._parameter_roles import unused_parameters
from .augmenter import WGANAugmenter, default_params, record_fitted_state
from .kinds import SCARCE_ROWS, ResolvedSettings, ValidatedInput


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
    return write_model_file(augmenter, path, overwrite=overwrite, metadata=metadata)


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
    IsADirectoryError
        If ``path`` is a folder.
    ModelFileError
        (a ``ValueError``) If the file is not a model file, is truncated or corrupt (a NaN or infinite
        weight, an impossible number in its header: the message names the field), holds Python objects
        that loading would have to run, or has a format version this library cannot read. The message
        names the file.
    """
    contents, header = read_model_file(path)
    return _built(path, contents, header)


# What rebuilding from a header that passed its checks can still raise on values the checks do not
# reach (an encoder's own fields, a parameter of the wrong type): each means a damaged file.
_DAMAGE = (KeyError, TypeError, ValueError, RuntimeError, IndexError, AttributeError, OverflowError)


def _built(path, contents: dict, header: dict) -> WGANAugmenter:
    """The augmenter a model file describes, every array checked against the header; one-line errors."""
    try:
        return _fitted_from(saved_model(contents, header))
    except _DAMAGE as error:
        detail = " ".join(str(error).split())  # torch's state-dict errors run over several lines
        raise ModelFileError(f"{os.fspath(path)}: corrupt wgan-augment model file ({detail})") from error


def _fitted_from(saved: SavedModel) -> WGANAugmenter:
    """A fitted augmenter from a model file's state, on the CPU; the generator is rebuilt by the kind of data,
    as in ``fit``, and given the saved weights."""
    known = default_params()
    unknown = sorted(set(saved.params) - set(known))
    if unknown:
        warnings.warn(f"the model file sets parameters this version does not know, ignored: {unknown}",
                      UserWarning, stacklevel=4)
    # Parameters the kind, constraint or encoding leaves unused go back to today's defaults: files from before
    # they were refused hold the defaults of then (generator_dims=(256, 256) for images) or values set in vain
    # (gp_weight under clipping), which a refit of a clone would refuse.
    unused = unused_parameters(saved.params, saved.kind.name)
    kept = {name: value for name, value in saved.params.items() if name in known and name not in unused}
    augmenter = WGANAugmenter(**kept)
    params = augmenter.get_params()
    n_classes = 0 if saved.conditioning is None else saved.conditioning.n_classes
    # Files from before the settings were kept (0.1.0) resolved "auto" as tables of 1,000 rows and more of
    # any width still do (n_columns None); what a file kept wins.
    image_shape = getattr(saved.encoder, "output_shape_", None)
    fallback = saved.kind.resolve_settings(params, SCARCE_ROWS, None, image_shape)
    settings = ResolvedSettings.from_json(saved.settings, fallback)
    # Building the networks initialises weights from torch's global RNG; keep the caller's stream intact.
    with torch.random.fork_rng(devices=[]):
        generator, _ = saved.kind.build_networks(params, settings, saved.encoder, n_classes)
    generator.load_state_dict(saved.generator_state, strict=True)
    validated = ValidatedInput(None, saved.input_format, saved.n_features_in, saved.feature_names_in, image_shape)
    record_fitted_state(augmenter, kind=saved.kind, validated=validated, encoder=saved.encoder,
                        conditioning=saved.conditioning, settings=settings, device=torch.device("cpu"),
                        history=saved.history, generator=generator.eval())
    return augmenter


def describe(path) -> dict:
    """What a model file holds, as JSON-serialisable values.

    The model is built as :func:`load` builds it (nothing is unpickled), so that a file that would not
    load is refused rather than described.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    dict
        ``format``, ``format_version``, ``library_version``, ``params``, ``data_kind`` ("table" or
        "images"), ``columns`` (name, kind, dtype, number of categories, whether values were missing;
        empty for images), ``images`` (shape, layout, dtype and value range; None for tables),
        ``classes`` (label and training rows, or None), ``resolved`` (the settings the fit used, "auto"
        resolved: ``n_steps``, ``batch_size``, ``n_critic``, ``generator_dims``, ``critic_dims``, ``ema_decay``,
        ``diff_augment``; None for files written before they were kept), ``trained_on``,
        ``steps_trained``, ``final_wasserstein`` and ``metadata``.

    Raises
    ------
    FileNotFoundError, ModelFileError
        As :func:`load`.
    """
    return load_with_description(path)[1]


def load_with_description(path) -> tuple[WGANAugmenter, dict]:
    """:func:`load` and :func:`describe` from one reading of the file (the command line needs both)."""
    contents, header = read_model_file(path)
    augmenter = _built(path, contents, header)  # a file that would not load is not described as if it would
    try:
        return augmenter, describe_contents(contents, header)
    except _DAMAGE as error:
        raise ModelFileError(f"{os.fspath(path)}: corrupt wgan-augment model file ({error})") from error


__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "ModelFileError", "describe", "load", "save"]
