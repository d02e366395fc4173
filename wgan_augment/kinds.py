"""Table or images? The one place that answers, picked once in ``fit`` and stored as ``kind_``.

A :class:`DataKind` knows everything that differs between the two: how X is validated, which encoder
and networks learn it, what the "auto" settings resolve to, which parameters mean nothing for it,
how generated data is handed back, and what a model file's description shows. Every other module
asks the kind instead of branching on the data.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import validate_data

from ._parameter_roles import IMAGES, TABLE, kind_parameters, refuse_unused
from ._validation import InputFormat, as_table
from .images import DiffAugment, ImageEncoder, as_images, image_sizes, is_image_stack, parse_policy
from .networks import ImageCritic, ImageGenerator, TableCritic, TableGenerator
from .tabular import IDENTIFIER, TableEncoder, dtype_from_json, from_json_value, identifier_format

# What the "auto" settings mean. Tables use neither DiffAugment nor weight averaging (not measured to
# help there). For images, measured on scikit-learn's 8x8 digits with 10 images per class (the 8x8
# version of benchmarks/images.py, docs/measurements/images.md): DiffAugment lowered conditional accuracy from
# 0.98 to 0.80 (translation and cutout) or 0.90 (translation alone), because on 8 pixels a one-pixel
# shift or a 4x4 cutout changes what the digit is. It stays on for sets of 32x32 and larger images,
# the setting where Zhao et al. (2020) measured it to help with 100 images; below 5,000 images, where
# the critic can memorise. 28x28 images (the 28x28 benchmark) get none: it was not tried there.
#
# Tables are sized by their rows. A scarce table (under SCARCE_ROWS rows) gets batches of 64 and
# 128-wide layers: steps about 3x as fast as with 256 and 256 on a CPU, and on 10 scarce tables (5
# seeds, benchmarks/fit_time.py) its synthetic rows helped three classifiers as much as the larger
# model's did, though a real-vs-synthetic classifier tells them apart more easily (docs/measurements/defaults.md).
# Larger tables get batches of 256, and layers by their width (benchmarks/large_table_width.py, 3
# seeds, 5,000-20,000 rows): up to NARROW_COLUMNS columns 128-wide layers were as close to the data as
# 256-wide ones or closer (real-vs-synthetic AUC 0.54 against 0.54 at 4 columns, 0.53 against 0.55 at
# 5, 0.56 against 0.58 at 8, 0.67 against 0.66 at 12; column distances lower at every width) and
# fitted about twice as fast; at 15 columns they tied (0.71), where an earlier run had 256 closer.
SCARCE_ROWS = 1000
NARROW_COLUMNS = 12
SCARCE_TABLE = {"batch_size": 64, "dims": (128, 128)}
LARGE_TABLE = {"batch_size": 256, "dims": (256, 256)}
LARGE_NARROW_TABLE = {"batch_size": 256, "dims": (128, 128)}
_TABLE_N_CRITIC = 5
_AUTO_IMAGE_BATCH_SIZE = 64
# A generator step with 5 critic steps took 0.59 s for 64 28x28 images on 2 CPU cores, which put a
# default fit at 10 minutes; with 2 it takes 0.22 s. In a first exploration (200 digits, one seed)
# 1,000 steps at 2 gave images an SVC read as their class 97% of the time, against 88% for 400 steps
# at 5 in the same time. The 28x28 benchmark measures the default (docs/measurements/images.md).
_AUTO_IMAGE_N_CRITIC = 2
_AUTO_IMAGE_POLICY = {1: "translation,cutout", 3: "translation,cutout,colour"}
_AUTO_AUGMENT_MIN_SIDE = 32
_AUTO_AUGMENT_MAX_IMAGES = 5000
_AUTO_EMA_DECAY = 0.999


@dataclass(frozen=True)
class ValidatedInput:
    """X after the kind's checks, and what ``fit`` records about it."""

    data: pd.DataFrame | np.ndarray
    input_format: InputFormat
    n_features_in: int
    feature_names_in: np.ndarray | None
    image_shape: tuple[int, int, int] | None = None  # images: (channels, height, width); None for a table


@dataclass(frozen=True)
class ResolvedSettings:
    """The "auto" parameters as one fit resolved them, kept as the augmenter's ``<name>_`` attributes."""

    n_steps: int
    batch_size: int
    n_critic: int
    generator_dims: tuple[int, ...] | None  # None for images, whose networks are convolutional
    critic_dims: tuple[int, ...] | None
    ema_decay: float
    diff_augment: str

    @classmethod
    def from_json(cls, stored: dict, fallback: ResolvedSettings) -> ResolvedSettings:
        """Settings a model file kept; what it lacks (files from older versions) comes from ``fallback``."""
        values = {**asdict(fallback), **stored}
        for name in ("generator_dims", "critic_dims"):
            values[name] = None if values[name] is None else tuple(values[name])
        return cls(**values)


class DataKind(ABC):
    """What differs between kinds of data; :class:`TableKind` and :class:`ImageKind` fill it in."""

    name: str
    unit: str  # what one sample is called in messages: "rows" or "images"
    unused_params: tuple[str, ...]  # the other kind's parameters (``wgan_augment._parameter_roles.ROLES``)
    encoder_class: type

    def check_params(self, params: dict, defaults: dict) -> None:
        """Refuse a parameter that means nothing for this kind under ``params`` (the other kind's, or another
        constraint's or encoding's) unless it is left at its default: silently ignoring it would mislead."""
        refuse_unused(params, defaults, self.name)

    def resolve_settings(self, params: dict, n_samples: int, n_columns: int | None,
                         image_shape: tuple[int, int, int] | None = None) -> ResolvedSettings:
        """Every "auto" parameter given a value for this data (``n_samples`` rows or images of ``n_columns``
        columns or values; None for a width not known, which sizes a table as a wide one; images of
        ``image_shape``, channels first). Known before anything is fitted."""
        auto = self._auto_settings(n_samples, n_columns)

        def chosen(name, convert):
            return auto[name] if params[name] == "auto" else convert(params[name])

        return ResolvedSettings(
            n_steps=int(params["n_steps"]),
            batch_size=self.batch_size(params, n_samples, n_columns),
            n_critic=chosen("n_critic", int),
            generator_dims=chosen("generator_dims", tuple) if auto["generator_dims"] else None,
            critic_dims=chosen("critic_dims", tuple) if auto["critic_dims"] else None,
            ema_decay=chosen("ema_decay", float),
            diff_augment=self._diff_augment(params["diff_augment"], image_shape, n_samples),
        )

    def batch_size(self, params: dict, n_samples: int, n_columns: int | None) -> int:
        """The batch a fit on this data uses: ``resolve_settings``' ``batch_size``, known before encoding."""
        auto = params["batch_size"] == "auto"
        return self._auto_settings(n_samples, n_columns)["batch_size"] if auto else int(params["batch_size"])

    @abstractmethod
    def validate(self, X, params: dict) -> ValidatedInput:
        """X checked for this kind (every error names what is wrong), before anything is fitted."""

    @abstractmethod
    def make_encoder(self, params: dict, seed: int):
        """An unfitted encoder: data to the networks' float arrays and back."""

    @abstractmethod
    def build_networks(self, params: dict, settings: ResolvedSettings, encoder, n_classes: int):
        """A new (generator, critic) pair for the fitted ``encoder`` and ``n_classes`` (0: unconditional)."""

    @abstractmethod
    def encoded_shape(self, encoder) -> tuple[int, ...]:
        """The shape of one encoded row or image, as the generator makes it."""

    @abstractmethod
    def augmentation(self, settings: ResolvedSettings, encoder):
        """The transform applied to every batch the critic sees, or None."""

    @abstractmethod
    def decode(self, encoder, encoded: np.ndarray, rng, first_identifier: int | None):
        """Generator output back to rows or images; ``rng`` (a RandomState) seeds what decoding draws and
        ``first_identifier`` numbers a table's fresh identifiers (see ``TableEncoder.inverse_transform``)."""

    @abstractmethod
    def as_output(self, decoded, input_format: InputFormat):
        """Decoded data in the form the caller gave X in."""

    @abstractmethod
    def describe(self, encoder_meta: dict) -> dict:
        """A model file's ``columns`` and ``images`` entries, from its encoder's saved description."""

    @abstractmethod
    def data_lines(self, description: dict) -> list[str]:
        """What ``wgan-augment info`` shows of the data a model file learned."""

    @abstractmethod
    def _auto_settings(self, n_samples: int, n_columns: int | None) -> dict:
        """What each "auto" parameter means for ``n_samples`` rows or images (dims None where unused)."""

    @abstractmethod
    def _diff_augment(self, policy: str, image_shape: tuple[int, int, int] | None, n_samples: int) -> str:
        """The DiffAugment policy in force ("" for none)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def __eq__(self, other) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))


class TableKind(DataKind):
    """Rows of mixed-type columns: a DataFrame or a 2-D array, learned by MLPs."""

    name, unit = TABLE, "rows"
    unused_params = kind_parameters(IMAGES)
    encoder_class = TableEncoder

    def validate(self, X, params: dict) -> ValidatedInput:
        frame, input_format = as_table(X)
        batch_size = self.batch_size(params, *frame.shape)
        if batch_size % params["pac"]:
            raise ValueError(f"batch_size ({params['batch_size']}) must be a multiple of pac ({params['pac']}); "
                             f"the batch is {batch_size} rows for this table.")
        columns = _FeatureRecord()
        validate_data(columns, X, skip_check_array=True, reset=True)
        return ValidatedInput(frame, input_format, columns.n_features_in_, getattr(columns, "feature_names_in_", None))

    def make_encoder(self, params: dict, seed: int) -> TableEncoder:
        return TableEncoder(continuous_encoding=params["continuous_encoding"], max_modes=params["max_modes"],
                            random_state=seed, column_roles=params["column_roles"],
                            min_category_count=params["min_category_count"],
                            keep_rare_categories=params["keep_rare_categories"])

    def build_networks(self, params: dict, settings: ResolvedSettings, encoder: TableEncoder, n_classes: int):
        if not encoder.output_dim_:
            roles = ", ".join(f"{name!r} ({role})" for name, role in encoder.column_roles_.items())
            raise ValueError(f"nothing to learn: every column is an identifier or constant: {roles}. Give a column "
                             "a role to learn it (column_roles, --role), or check how the file was read.")
        generator = TableGenerator(params["latent_dim"], n_classes, settings.generator_dims, encoder.spans_)
        critic = TableCritic(encoder.output_dim_, n_classes, settings.critic_dims, params["pac"])
        return generator, critic

    def encoded_shape(self, encoder: TableEncoder) -> tuple[int, ...]:
        return (encoder.output_dim_,)

    def augmentation(self, settings: ResolvedSettings, encoder) -> None:
        return None

    def decode(self, encoder: TableEncoder, encoded: np.ndarray, rng, first_identifier: int | None) -> pd.DataFrame:
        return encoder.inverse_transform(encoded, random_state=rng, first_identifier=first_identifier)

    def as_output(self, decoded: pd.DataFrame, input_format: InputFormat):
        """A DataFrame for a DataFrame, an array of the training dtype for an array."""
        return decoded if input_format.is_frame else decoded.to_numpy(dtype=input_format.numpy_dtype)

    def describe(self, encoder_meta: dict) -> dict:
        return {"columns": [_column_summary(name, column)
                            for name, column in zip(encoder_meta["column_names"], encoder_meta["columns"])],
                "images": None}

    def data_lines(self, description: dict) -> list[str]:
        columns = description["columns"]
        return [f"Columns ({len(columns)}):", *aligned_rows([_column_cells(column) for column in columns]),
                _holdings(description["params"])]

    def _auto_settings(self, n_rows: int, n_columns: int | None) -> dict:
        if n_rows < SCARCE_ROWS:
            sized = SCARCE_TABLE
        else:
            sized = LARGE_NARROW_TABLE if n_columns is not None and n_columns <= NARROW_COLUMNS else LARGE_TABLE
        return {"batch_size": sized["batch_size"], "n_critic": _TABLE_N_CRITIC, "generator_dims": sized["dims"],
                "critic_dims": sized["dims"], "ema_decay": 0.0}

    def _diff_augment(self, policy: str, image_shape, n_samples: int) -> str:
        return ""


class ImageKind(DataKind):
    """A stack of images (3-D or 4-D array), learned by DCGAN-style conv nets."""

    name, unit = IMAGES, "images"
    unused_params = kind_parameters(TABLE)
    encoder_class = ImageEncoder

    def check_params(self, params: dict, defaults: dict) -> None:
        super().check_params(params, defaults)
        if params["diff_augment"] != "auto":
            parse_policy(params["diff_augment"])

    def validate(self, X, params: dict) -> ValidatedInput:
        images, layout = as_images(X, params["image_layout"])
        input_format = InputFormat(is_frame=False, numpy_dtype=images.dtype)
        height, width, channels = image_sizes(images.shape, layout)
        return ValidatedInput(images, input_format, int(np.prod(images.shape[1:])), None, (channels, height, width))

    def make_encoder(self, params: dict, seed: int) -> ImageEncoder:
        return ImageEncoder(params["image_layout"])

    def build_networks(self, params: dict, settings: ResolvedSettings, encoder: ImageEncoder, n_classes: int):
        shape = encoder.output_shape_
        generator = ImageGenerator(params["latent_dim"], n_classes, shape, params["conv_width"])
        return generator, ImageCritic(shape, n_classes, params["conv_width"])

    def encoded_shape(self, encoder: ImageEncoder) -> tuple[int, ...]:
        return tuple(encoder.output_shape_)

    def augmentation(self, settings: ResolvedSettings, encoder: ImageEncoder) -> DiffAugment | None:
        names = parse_policy(settings.diff_augment)
        return DiffAugment(names, fill=encoder.background_) if names else None

    def decode(self, encoder: ImageEncoder, encoded: np.ndarray, rng, first_identifier: int | None) -> np.ndarray:
        return encoder.inverse_transform(encoded)  # nothing to draw: pixels are read off the output

    def as_output(self, decoded: np.ndarray, input_format: InputFormat) -> np.ndarray:
        return decoded  # the encoder already answers in the caller's layout and dtype

    def describe(self, encoder_meta: dict) -> dict:
        images = {"shape": encoder_meta["image_shape"], "layout": encoder_meta["layout_"],
                  "dtype": str(np.dtype(encoder_meta["dtype"])), "value_range": encoder_meta["value_range"]}
        return {"columns": [], "images": images}

    def data_lines(self, description: dict) -> list[str]:
        images = description["images"]
        low, high = images["value_range"]
        return [f"Images: shape {tuple(images['shape'])} ({images['layout']} layout), {images['dtype']}, "
                f"values {low:g} to {high:g}",
                "Holds no training image: the generator's weights, the image layout and the value range."]

    def _auto_settings(self, n_images: int, n_columns: int | None) -> dict:
        return {"batch_size": _AUTO_IMAGE_BATCH_SIZE, "n_critic": _AUTO_IMAGE_N_CRITIC, "generator_dims": None,
                "critic_dims": None, "ema_decay": _AUTO_EMA_DECAY}

    def _diff_augment(self, policy: str, image_shape: tuple[int, int, int], n_samples: int) -> str:
        if policy != "auto":
            return policy
        channels, height, width = image_shape
        scarce = n_samples < _AUTO_AUGMENT_MAX_IMAGES and min(height, width) >= _AUTO_AUGMENT_MIN_SIDE
        return _AUTO_IMAGE_POLICY.get(channels, "translation,cutout") if scarce else ""


_KINDS = {kind.name: kind for kind in (TableKind(), ImageKind())}


def kind_of(X, image_layout: str = "auto") -> DataKind:
    """The kind of X: images for a stack of images (:func:`~wgan_augment.images.is_image_stack`: 3-D or 4-D,
    nested lists included) or when a layout is named, a table otherwise."""
    return _KINDS[IMAGES if is_image_stack(X) or image_layout != "auto" else TABLE]


def row_sized_settings(params: dict, X, n_rows: int, n_columns: int) -> dict:
    """The "auto" parameters that depend on the table's size, as a table of ``n_rows`` rows and ``n_columns``
    columns resolves them.

    For fitting on a subset (an inner fold) the model that all ``n_rows`` would get; ``n_columns`` is
    what the augmenter learns (X's columns, plus the target for a regressor). Empty for images and for
    parameters that were given explicitly.
    """
    kind = kind_of(X, params["image_layout"])
    if kind.name != TABLE:
        return {}
    auto = kind._auto_settings(n_rows, n_columns)
    return {name: auto[name] for name in ("batch_size", "generator_dims", "critic_dims") if params[name] == "auto"}


def kind_named(name: str) -> DataKind:
    """The kind a model file names ("table" or "images")."""
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"unknown kind of data {name!r}; expected one of {sorted(_KINDS)}") from None


class _FeatureRecord(BaseEstimator):
    """Receives what scikit-learn's ``validate_data`` records about X's columns, so that validation can
    finish before the augmenter itself holds any fitted attribute."""


def _column_summary(name, column: dict) -> dict:
    summary = {"name": from_json_value(name), "kind": column["kind"], "dtype": str(dtype_from_json(column["dtype"]))}
    if "categories" in column:
        summary["categories"] = len(column["categories"]) - int(bool(column.get("has_missing")))
        summary["pooled"] = int(column.get("n_pooled", 0))
    summary["has_missing"] = bool(column.get("has_missing", False) or column.get("missing_rate", 0) > 0)
    if column["kind"] == IDENTIFIER:
        summary["format"] = identifier_format(column)
    return summary


def _holdings(params: dict) -> str:
    """What a table's model file holds of its training data, as precisely as ``info`` can say it."""
    min_count = params.get("min_category_count", 1)  # files from before pooling kept every category
    kept = params.get("keep_rare_categories") or []
    categories = (f"categories held by at least {min_count} training rows (rarer ones pooled as <rare>)"
                  if min_count > 1 else "every category seen in training, rare ones included")
    by_request = f"; {', '.join(map(str, kept))} keep rare values by request" if kept else ""
    return ("Holds: the generator's weights; per continuous column, quantiles read between neighbouring values "
            f"(never a value only one row has); {categories}, which samples copy{by_request}; identifiers as "
            "formats only; constants.")


def _column_cells(column: dict) -> list[str]:
    notes = []
    if "categories" in column:
        notes.append(f"{column['categories']} categories")
    if column.get("pooled"):
        notes.append(f"{column['pooled']} rare values pooled as <rare>")
    if "format" in column:
        notes.append(f"not learned: new values, {column['format']}")
    if column["has_missing"]:
        notes.append("has missing values")
    return [str(column["name"]), column["kind"], column["dtype"], ", ".join(notes)]


def aligned_rows(rows: list[list[str]]) -> list[str]:
    """Rows of cells as indented, left-aligned text columns."""
    widths = [max(len(row[position]) for row in rows) for position in range(len(rows[0]))] if rows else []
    return ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
