"""``WGANSynthesizer``: wgan-augment's generator as an SDV single-table synthesizer (the ``sdv`` extra).

SDV (BUSL-1.1 licensed) is imported here only, never by ``import wgan_augment``: install it with
``pip install 'wgan-augment[sdv]'``, which brings SDV's licence with it.

SDV keeps doing what it does for every synthesizer: it reads the metadata, anonymises PII and makes
id columns, turns datetimes into numbers and back, enforces min/max and rounding, applies constraints,
and runs ``sample_from_conditions``. The model in the middle is a :class:`~wgan_augment.WGANAugmenter`.
When every condition is on ``label_column``, the model was trained class-conditionally on it and
generates exactly the requested labels: no reject-and-retry loop, so a class of 3% of the rows costs
no more than any other. Conditions on other columns go through SDV's standard rejection path.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .augmenter import WGANAugmenter
from .tabular import IDENTIFIER, detect_role

try:
    from sdv.single_table.base import BaseSingleTableSynthesizer
except ImportError:
    raise ImportError("wgan_augment.sdv needs SDV: pip install 'wgan-augment[sdv]' (SDV is BUSL-1.1 "
                      "licensed)") from None

_LABEL_SDTYPES = ("categorical", "boolean", "ordinal")
_DISCRETE_SDTYPES = ("categorical", "boolean", "ordinal")
_CONTINUOUS_SDTYPES = ("numerical", "datetime")


class WGANSynthesizer(BaseSingleTableSynthesizer):
    """An SDV synthesizer whose model is a WGAN-GP from wgan-augment; a drop-in for ``CTGANSynthesizer``.

    Parameters
    ----------
    metadata : sdv.metadata.Metadata
        The table's metadata, as for any SDV synthesizer.
    label_column : str, default=None
        A categorical, boolean or ordinal column of the metadata to train on class-conditionally:
        ``sample_from_conditions`` on this column alone returns exactly the rows asked for, without
        rejection (with other columns too, rows are drawn for the asked label and SDV keeps those that
        match the rest). Every class needs two rows, and no label may be missing. The column must
        keep SDV's default handling (no transformer of one's own). None: an unconditional model.
    enforce_min_max_values, enforce_rounding, locales
        SDV's own, as for ``CTGANSynthesizer``.
    n_steps, batch_size, n_critic, constraint, gp_weight, gp_interval, clip_value, generator_lr, critic_lr
        :class:`~wgan_augment.WGANAugmenter`'s parameters for tables (see its documentation; the defaults
        are its own).
    betas, latent_dim, generator_dims, critic_dims, pac, continuous_encoding, max_modes, ema_decay, device
        Likewise. Column roles come from the metadata's sdtypes instead of ``column_roles``.
    verbose, random_state
        Likewise. ``random_state`` seeds the fit; sampling is seeded by SDV (``reset_sampling``, as for
        every SDV synthesizer).

    Raises
    ------
    ValueError
        If ``label_column`` is not a column of the metadata, or not categorical, boolean or ordinal.
    """

    _model_sdtype_transformers = {"categorical": None, "boolean": None, "ordinal": None}

    def __init__(self, metadata, *, label_column=None, enforce_min_max_values=True, enforce_rounding=True,
                 locales=("en_US",), n_steps=1000, batch_size="auto", n_critic="auto", constraint="gp", gp_weight=10.0,
                 gp_interval=1, clip_value=0.01, generator_lr=None, critic_lr=None, betas=(0.5, 0.9), latent_dim=128,
                 generator_dims="auto", critic_dims="auto", pac=1, continuous_encoding="quantile", max_modes=10,
                 ema_decay="auto", device="auto", verbose=False, random_state=None):
        super().__init__(metadata=metadata, enforce_min_max_values=enforce_min_max_values,
                         enforce_rounding=enforce_rounding,
                         locales=[locales] if isinstance(locales, str) else list(locales))
        self.label_column = label_column
        self.n_steps, self.batch_size, self.n_critic = n_steps, batch_size, n_critic
        self.constraint, self.gp_weight = constraint, gp_weight
        self.gp_interval, self.clip_value = gp_interval, clip_value
        self.generator_lr, self.critic_lr, self.betas, self.latent_dim = generator_lr, critic_lr, betas, latent_dim
        self.generator_dims, self.critic_dims, self.pac = generator_dims, critic_dims, pac
        self.continuous_encoding, self.max_modes = continuous_encoding, max_modes
        self.ema_decay, self.device, self.verbose, self.random_state = ema_decay, device, verbose, random_state
        self._check_label_column()

    def _check_label_column(self) -> None:
        if self.label_column is None:
            return
        columns = self.metadata.tables[self._table_name].columns
        if self.label_column not in columns:
            raise ValueError(f"label_column={self.label_column!r} is not a column of the metadata (table "
                             f"{self._table_name!r} has {sorted(columns)}).")
        sdtype = columns[self.label_column]["sdtype"]
        if sdtype not in _LABEL_SDTYPES:
            raise ValueError(f"label_column={self.label_column!r} is {sdtype} in the metadata; a label column must be "
                             "categorical, boolean or ordinal (update the metadata, or choose another column).")

    def _validate(self, table_data: pd.DataFrame) -> list:
        """SDV's hook for a synthesizer's own rules: the label column's classes, before anything is fitted."""
        if self.label_column is None or self.label_column not in table_data.columns:
            return []
        labels = table_data[self.label_column]
        if labels.isna().any():
            return [ValueError(f"label_column={self.label_column!r} has {int(labels.isna().sum())} missing values: "
                               "fill them (a class of their own) or choose another label column.")]
        counts = labels.value_counts()
        if (counts < 2).any():
            return [ValueError(f"label_column={self.label_column!r}: class {counts.index[counts < 2][0]!r} has a "
                               "single row; every class needs at least two.")]
        return []

    def _augmenter_params(self) -> dict:
        names = ("n_steps", "batch_size", "n_critic", "constraint", "gp_weight", "gp_interval", "clip_value",
                 "generator_lr", "critic_lr", "betas", "latent_dim", "generator_dims", "critic_dims", "pac",
                 "continuous_encoding", "max_modes", "ema_decay", "device", "verbose", "random_state")
        return {name: getattr(self, name) for name in names}

    def _fit(self, processed_data: pd.DataFrame) -> None:
        """Train the WGAN on SDV's processed table: roles from the metadata's sdtypes, the label as classes."""
        features = processed_data
        labels = None
        if self.label_column is not None:
            if self.label_column not in processed_data.columns:
                raise ValueError(f"label_column={self.label_column!r} is not among the columns SDV hands the model "
                                 f"(a constraint replaced it?): {list(processed_data.columns)}.")
            features = processed_data.drop(columns=[self.label_column])
            labels = processed_data[self.label_column].to_numpy()
        roles = _roles(features, self._data_processor.get_sdtypes(primary_keys=False))
        augmenter = WGANAugmenter(column_roles=roles, **self._augmenter_params())
        self._model = _SeededModel(augmenter.fit(features, labels), list(processed_data.columns))

    def sample_from_conditions(self, conditions, *args, **kwargs):
        """SDV's ``sample_from_conditions``, with labels the model never saw refused up front, by name.

        (SDV's loop would report only that sampling terminated.)
        """
        for condition in conditions:
            values = (condition.get_dataframe() if hasattr(condition, "get_dataframe")
                      else pd.DataFrame([condition.get_column_values()]))
            self._check_labels(values)
        return super().sample_from_conditions(conditions, *args, **kwargs)

    def sample_remaining_columns(self, known_columns, *args, **kwargs):
        """SDV's ``sample_remaining_columns``, with unseen labels refused up front as in ``sample_from_conditions``."""
        self._check_labels(known_columns)
        return super().sample_remaining_columns(known_columns, *args, **kwargs)

    def _check_labels(self, values: pd.DataFrame) -> None:
        model = getattr(self, "_model", None)
        if self.label_column not in values.columns or model is None or model.augmenter.conditioning_ is None:
            return
        known = model.augmenter.classes_
        unseen = [value for value in pd.unique(values[self.label_column]) if not np.isin(value, known)]
        if unseen:
            raise ValueError(f"{self.label_column}={unseen[0]!r} was never seen in training; the model knows "
                             f"{known.tolist()}.")

    def _sample(self, num_rows: int, conditions: dict | None = None) -> pd.DataFrame:
        """``num_rows`` processed rows; conditions on ``label_column`` alone are met exactly, others refused.

        Refusing (``NotImplementedError``) is SDV's signal to sample freely and keep the rows that match; it
        keeps only matching rows in any case, so with the label among other conditions we draw that label.
        """
        label = None
        if conditions:
            if self.label_column is None or self.label_column not in conditions:
                raise NotImplementedError("WGANSynthesizer conditions natively on its label_column only.")
            # Other conditioned columns are left to SDV, which keeps the rows that match them.
            label = conditions[self.label_column]
        return self._model.sample(num_rows, label, self.label_column)


def _roles(features: pd.DataFrame, sdtypes: dict) -> dict:
    """Our role for each column SDV hands the model, from the metadata's sdtype where it says enough.

    Categories stay categories however many values they hold (our own detection would call a mostly
    distinct one an identifier or text); numbers and datetimes (numbers by now) are continuous. Other
    sdtypes SDV passes through untouched, such as an id column that is not the key, are left to our
    detection, which makes fresh identifiers instead of copying real ones, or else categories.
    """
    roles = {}
    for column in features.columns:
        series, sdtype = features[column], sdtypes.get(column)
        if series.nunique(dropna=True) <= 1:
            continue  # constant: our detection keeps its value
        numeric = pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)
        if sdtype in _DISCRETE_SDTYPES:
            roles[column] = "discrete"
        elif sdtype in _CONTINUOUS_SDTYPES and numeric:
            roles[column] = "continuous"
        elif detect_role(series) != IDENTIFIER:
            roles[column] = "continuous" if numeric else "discrete"
    return roles


class _SeededModel:
    """The fitted augmenter, with the random stream SDV seeds (``set_random_state``) and draws on."""

    def __init__(self, augmenter: WGANAugmenter, columns: list):
        self.augmenter = augmenter
        self.columns = columns
        self.random_state = np.random.RandomState()

    def set_random_state(self, random_state) -> None:
        """SDV passes a seed, or a (numpy RandomState, torch Generator) pair; the numpy one seeds our draws."""
        if isinstance(random_state, tuple):
            random_state = random_state[0]
        if isinstance(random_state, np.random.RandomState):
            self.random_state = random_state
        else:
            self.random_state = np.random.RandomState(random_state)

    def sample(self, num_rows: int, label, label_column) -> pd.DataFrame:
        augmenter = self.augmenter
        if augmenter.conditioning_ is None:
            return augmenter.sample(num_rows, random_state=self.random_state)[self.columns]
        rows, labels = augmenter.sample(num_rows, y=label, random_state=self.random_state)
        return rows.assign(**{label_column: labels})[self.columns]
