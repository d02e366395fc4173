"""Fidelity: how close the synthetic rows' distribution is to the real rows', column by column."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)


def _as_numbers(series: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        series = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) else series
        return series.dropna().astype("int64").to_numpy(dtype=float)
    return series.to_numpy(dtype=float, na_value=np.nan)[series.notna().to_numpy()]


def total_variation(real: pd.Series, synthetic: pd.Series) -> float:
    """Half the L1 distance between the two columns' category frequencies (missing is a category)."""
    real_freq = real.astype(object).where(real.notna(), "<missing>").value_counts(normalize=True)
    synthetic_freq = synthetic.astype(object).where(synthetic.notna(), "<missing>").value_counts(normalize=True)
    aligned = pd.concat([real_freq, synthetic_freq], axis=1).fillna(0.0)
    return float(0.5 * np.abs(aligned.iloc[:, 0] - aligned.iloc[:, 1]).sum())


def column_distances(real: pd.DataFrame, synthetic: pd.DataFrame) -> pd.DataFrame:
    """Per-column distance between real and synthetic data.

    Numeric and datetime columns get the two-sample Kolmogorov–Smirnov statistic of their observed
    values; other columns the total variation distance of their category frequencies. Both lie in
    [0, 1] with 0 for identical distributions. The missing-value rates are listed beside them.

    Returns
    -------
    DataFrame indexed by column with ``metric``, ``distance``, ``missing_real``, ``missing_synthetic``.
    """
    records = []
    for column in real.columns:
        real_col, synthetic_col = real[column], synthetic[column]
        numeric = _is_numeric(real_col) or pd.api.types.is_datetime64_any_dtype(real_col.dtype)
        if numeric:
            real_values, synthetic_values = _as_numbers(real_col), _as_numbers(synthetic_col)
            both = len(real_values) and len(synthetic_values)
            distance = ks_2samp(real_values, synthetic_values).statistic if both else float(len(real_values) != len(synthetic_values))
        else:
            distance = total_variation(real_col, synthetic_col)
        records.append(
            {
                "column": column,
                "metric": "ks" if numeric else "tv",
                "distance": float(distance),
                "missing_real": float(real_col.isna().mean()),
                "missing_synthetic": float(synthetic_col.isna().mean()),
            }
        )
    return pd.DataFrame.from_records(records).set_index("column")


def correlation_difference(real: pd.DataFrame, synthetic: pd.DataFrame) -> float:
    """Mean absolute difference between the Pearson correlation matrices of the numeric columns."""
    numeric = [c for c in real.columns if _is_numeric(real[c])]
    if len(numeric) < 2:
        return 0.0
    real_corr = real[numeric].astype(float).corr().to_numpy()
    synthetic_corr = synthetic[numeric].astype(float).corr().to_numpy()
    upper = np.triu_indices(len(numeric), k=1)
    return float(np.nanmean(np.abs(real_corr[upper] - synthetic_corr[upper])))
