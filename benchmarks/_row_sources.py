"""Where synthetic rows come from in the information benchmark: our WGAN, ARF and ForestFlow.

Each source is fitted on one split's training rows and returns one or more named pools of rows per
class (``pool`` rows for class ``classes[i]``): rows, labels, and the seconds its fit and sampling took.
ARF and ForestFlow (MIT, ``pip install arfpy forestdiffusion``) are imported here only, never by the
library; neither samples a class on request, so their rows are drawn and kept per class
(``../shared/NOTES.md``).
"""

from __future__ import annotations

import time
import warnings
from functools import partial

import numpy as np
import pandas as pd

# A peer that cannot fill a class's pool after this many rounds of draws gives what it has.
_DRAW_ROUNDS = 20

# WGANAugmenter settings tried against the defaults (empty: the defaults of the code being measured).
WGAN_CONFIGS = {
    "default": {},
    # Fewer critic steps per generator step: the fit-time lever of the speed issue (a step is 5 critic
    # updates and one generator update at the defaults).
    "n_critic 3": {"n_critic": 3},
    "n_critic 2": {"n_critic": 2},
}


# Offsets from a real row's latent code tried for its variants (the prior's standard deviation is 1).
VARIANT_SPREADS = {"wgan-variants": (0.5, 1.0), "wgan-variants-near": (0.25, 0.5)}


def wgan_pool(X, y, classes, pool, seed, config="default"):
    """Rows drawn by ``sample``, as many per class as the pool asks for."""
    start = time.perf_counter()
    augmenter = _fitted_wgan(X, y, seed, config)
    X_pool, y_pool = augmenter.sample(int(pool.sum()), y=np.repeat(classes, pool), random_state=seed)
    name = "wgan" if config == "default" else f"wgan:{config}"
    return {name: (X_pool.reset_index(drop=True), np.asarray(y_pool), time.perf_counter() - start)}


def wgan_variant_pools(X, y, classes, pool, seed, config="default", spreads=VARIANT_SPREADS["wgan-variants"]):
    """Variants of the real rows of each class (``_table_variants``), one pool per spread."""
    from ._table_variants import variants

    start = time.perf_counter()
    augmenter = _fitted_wgan(X, y, seed, config)
    fit_seconds = time.perf_counter() - start
    counts = np.unique(y, return_counts=True)[1]
    n_per_row = int(np.ceil((pool / counts).max()))
    pools = {}
    for spread in spreads:
        start = time.perf_counter()
        X_pool, y_pool = variants(augmenter, X, y, n_per_row, spread, seed)
        pools[f"wgan variants {spread}"] = (X_pool, y_pool, fit_seconds + time.perf_counter() - start)
    return pools


def _fitted_wgan(X, y, seed, config):
    from wgan_augment import WGANAugmenter

    return WGANAugmenter(random_state=seed, **WGAN_CONFIGS[config]).fit(X, y)


def arf_pool(X, y, classes, pool, seed):
    """Adversarial random forests (arfpy): fitted on the rows with the label as a column, drawn and kept."""
    numpy_in1d = getattr(np, "in1d", None)
    if numpy_in1d is None:  # arfpy 0.1.1 calls np.in1d, gone in numpy 2.4
        np.in1d = np.isin
    from arfpy import arf

    labels = pd.Series(y).map({label: f"class_{i}" for i, label in enumerate(classes)}).to_numpy()
    table = _numeric_dates(X).assign(_label=pd.Series(labels, dtype=object))
    start = time.perf_counter()
    np.random.seed(seed)  # arfpy draws from numpy's global generator only
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = arf.arf(x=table)
        model.forde()
        X_pool, y_pool = _draw_and_keep(lambda n: model.forge(n), classes, pool)
    return {"ARF": (_restore(X_pool, X), y_pool, time.perf_counter() - start)}


def forestflow_pool(X, y, classes, pool, seed):
    """ForestFlow (flow matching with XGBoost) at its defaults, one job: label-conditional, drawn and kept."""
    from ForestDiffusion import ForestDiffusionModel

    matrix, cat_indexes, int_indexes, categories = _as_codes(X)
    codes = np.searchsorted(classes, y)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ForestDiffusionModel(matrix, label_y=codes, cat_indexes=cat_indexes, int_indexes=int_indexes,
                                     diffusion_type="flow", n_jobs=1, seed=seed)

        def generate(n):
            rows = model.generate(batch_size=n)
            frame = _from_codes(rows[:, :-1], X, categories)
            return frame.assign(_label=[f"class_{int(code)}" for code in rows[:, -1]])

        X_pool, y_pool = _draw_and_keep(generate, classes, pool)
    return {"ForestFlow": (_restore(X_pool, X), y_pool, time.perf_counter() - start)}


SOURCES = {"wgan": wgan_pool, "wgan-variants": wgan_variant_pools, "arf": arf_pool, "forestflow": forestflow_pool,
           "wgan-variants-near": partial(wgan_variant_pools, spreads=VARIANT_SPREADS["wgan-variants-near"])}


def _draw_and_keep(generate, classes, pool):
    """Rows of a model that draws labels with the data: draw until every class holds its pool (or give up)."""
    kept = {i: [] for i in range(len(classes))}
    batch = int(pool.sum())
    for _ in range(_DRAW_ROUNDS):
        rows = generate(batch)
        codes = rows.pop("_label").astype(str).str.removeprefix("class_").astype(int).to_numpy()
        for i in kept:
            have = sum(len(part) for part in kept[i])
            kept[i].append(rows[codes == i].iloc[: max(pool[i] - have, 0)])
        if all(sum(len(part) for part in kept[i]) >= pool[i] for i in kept):
            break
    frames = [pd.concat(kept[i]) for i in kept]
    labels = np.concatenate([np.repeat(classes[i:i + 1], len(frame)) for i, frame in enumerate(frames)])
    return pd.concat(frames, ignore_index=True), labels


def _numeric_dates(X: pd.DataFrame) -> pd.DataFrame:
    """Dates as days since 1970 and text as object columns: what the tree-based peers read."""
    converted = X.copy()
    for column in converted.columns:
        if pd.api.types.is_datetime64_any_dtype(converted[column].dtype):
            converted[column] = (converted[column] - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86400
        elif not pd.api.types.is_numeric_dtype(converted[column].dtype):
            converted[column] = converted[column].astype(object)
    return converted


def _as_codes(X: pd.DataFrame):
    """A float matrix: categories as codes (their column positions listed), integer columns listed."""
    frame = _numeric_dates(X)
    cat_indexes, int_indexes, categories, columns = [], [], {}, []
    for position, column in enumerate(frame.columns):
        values = frame[column]
        if values.dtype == object:
            codes, uniques = pd.factorize(values)
            categories[column] = uniques
            cat_indexes.append(position)
            columns.append(np.where(codes < 0, np.nan, codes).astype(float))
        else:
            if pd.api.types.is_integer_dtype(values.dtype):
                int_indexes.append(position)
            columns.append(values.to_numpy(dtype=float, na_value=np.nan))
    return np.column_stack(columns), cat_indexes, int_indexes, categories


def _from_codes(matrix: np.ndarray, X: pd.DataFrame, categories: dict) -> pd.DataFrame:
    frame = pd.DataFrame(matrix, columns=X.columns)
    for column, uniques in categories.items():
        codes = np.clip(np.round(frame[column].to_numpy()), 0, len(uniques) - 1)
        frame[column] = np.where(np.isnan(codes), None, np.asarray(uniques, dtype=object)[
            np.nan_to_num(codes).astype(int)])
    return frame


def _restore(rows: pd.DataFrame, X: pd.DataFrame) -> pd.DataFrame:
    """The peer's rows with the training columns' dtypes back (dates from days, integers rounded)."""
    rows = rows[list(X.columns)].reset_index(drop=True).copy()
    for column in X.columns:
        dtype = X[column].dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            rows[column] = pd.Timestamp("1970-01-01") + pd.to_timedelta(
                pd.to_numeric(rows[column], errors="coerce"), unit="D")
        elif pd.api.types.is_integer_dtype(dtype) and not rows[column].isna().any():
            rows[column] = np.round(pd.to_numeric(rows[column])).astype(dtype)
        elif pd.api.types.is_numeric_dtype(dtype):
            rows[column] = pd.to_numeric(rows[column], errors="coerce")
        else:
            rows[column] = rows[column].astype(object)
    return rows
