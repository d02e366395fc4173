"""The peers, imported only here: CTGAN (its model and its DataTransformer), SDV's GaussianCopula, SMOTE.

They come with the ``bench`` extra (``sdv`` brings ``ctgan``, ``rdt`` and ``copulas``; SMOTE is in
``imbalanced-learn``). SDV pins ``pandas<3``, so they live best in a virtual environment of their own:
see ``benchmarks/README.md``.
"""

from __future__ import annotations

import importlib
import time
import warnings
from contextlib import contextmanager

import numpy as np
import pandas as pd

from ._tables import discrete_columns

INSTALL_HINT = (
    "install the peers with  pip install sdv imbalanced-learn  (the 'bench' extra); SDV needs pandas<3, "
    "so use a separate environment: see benchmarks/README.md"
)


class PeerMissing(ImportError):
    """A peer library is not installed; the message says how to install it."""


def require(module: str):
    """Import a peer's module, or raise :class:`PeerMissing` with the install hint."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise PeerMissing(f"{module} is not installed ({error}); {INSTALL_HINT}") from None


def ctgan_data_transformer():
    """A fresh CTGAN ``DataTransformer`` (10 modes, weight threshold 0.005: CTGAN's own settings)."""
    return require("ctgan.data_transformer").DataTransformer()


def ctgan_model(**params):
    """``ctgan.CTGAN`` with the given parameters (CTGAN's defaults for the others)."""
    return require("ctgan").CTGAN(**params)


@contextmanager
def ctgan_epoch_clock():
    """Record when each of CTGAN's training epochs starts, and when the last one ends.

    ``CTGAN.fit`` encodes the table and then loops over ``tqdm(range(epochs))``; wrapping that
    iterator separates training time from encoding time without touching CTGAN's code. Yields the
    list of time stamps, filled in as CTGAN trains.
    """
    module = require("ctgan.synthesizers.ctgan")
    stamps: list[float] = []
    original = module.tqdm

    def stamped(iterable, *args, **kwargs):
        bar = original(iterable, *args, **kwargs)
        return _StampedIterator(bar, stamps)

    module.tqdm = stamped
    try:
        yield stamps
    finally:
        module.tqdm = original


class _StampedIterator:
    def __init__(self, bar, stamps: list[float]):
        self._bar = bar
        self._stamps = stamps

    def __iter__(self):
        for item in self._bar:
            self._stamps.append(time.perf_counter())
            yield item
        self._stamps.append(time.perf_counter())

    def set_description(self, *args, **kwargs):
        self._bar.set_description(*args, **kwargs)


def fit_ctgan(table: pd.DataFrame, seed: int | None = None, **params):
    """Fit CTGAN on ``table`` (non-numeric columns declared discrete).

    CTGAN draws from numpy's and torch's global generators: a ``seed`` seeds both, for the fit and
    the samples drawn after it. Returns the model, the whole fit's wall time, and the training
    loop's wall time and steps.
    """
    if seed is not None:
        np.random.seed(seed)
        require("torch").manual_seed(seed)
    model = ctgan_model(**params)
    with ctgan_epoch_clock() as stamps, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        started = time.perf_counter()
        model.fit(table, discrete_columns(table))
        total = time.perf_counter() - started
    steps_per_epoch = max(len(table) // model._batch_size, 1)
    n_steps = (len(stamps) - 1) * steps_per_epoch
    return model, total, stamps[-1] - stamps[0], n_steps


def gaussian_copula(table: pd.DataFrame):
    """An unfitted SDV ``GaussianCopulaSynthesizer`` for ``table``, with its column types declared.

    Types are declared rather than detected, so that SDV treats exactly the columns the other models
    treat as categories as categories.
    """
    require("sdv")
    from sdv.metadata import Metadata
    from sdv.single_table import GaussianCopulaSynthesizer

    categorical = set(discrete_columns(table))
    columns = {str(name): {"sdtype": "categorical" if name in categorical else "numerical"} for name in table.columns}
    metadata = Metadata.load_from_dict({"tables": {"table": {"columns": columns}}})
    return GaussianCopulaSynthesizer(metadata)


def fit_gaussian_copula(table: pd.DataFrame):
    """A GaussianCopula fitted on ``table``."""
    synthesizer = gaussian_copula(table)
    table = table.rename(columns=str)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # SDV 2 takes and returns {table name: DataFrame}; SDV 1 a DataFrame.
        synthesizer.fit({"table": table} if _sdv_major() >= 2 else table)
    return synthesizer


def sample_gaussian_copula(synthesizer, n_rows: int) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = synthesizer.sample(n_rows)
    return rows["table"] if isinstance(rows, dict) else rows


def _sdv_major() -> int:
    return int(require("sdv").__version__.split(".")[0])


def smote(random_state: int):
    """imbalanced-learn's ``SMOTE`` with the given seed."""
    return require("imblearn.over_sampling").SMOTE(random_state=random_state)
