"""Fidelity: does the synthetic table look like the real one?

Three views, from one column to the whole row:

- per column, the Kolmogorov–Smirnov statistic (numbers, dates) or total variation distance
  (categories), both 0 for identical distributions and 1 for disjoint ones;
- per pair of columns, how strongly they go together (Pearson r, Cramér's V, correlation ratio),
  real against synthetic;
- per row, a classifier two-sample test: the cross-validated ROC AUC of a model trained to tell real
  rows from synthetic ones. 0.5 means it cannot; 1.0 means every synthetic row gives itself away.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedGroupKFold, cross_val_score
from sklearn.pipeline import Pipeline

from ..runtime import one_thread
from ._columns import (
    CATEGORICAL,
    DATETIME,
    NUMERIC,
    as_float,
    as_text,
    column_kind,
    column_kinds,
    encoding_steps,
    prepare_columns,
)

# Distinct categories drawn per column in the marginal plots; the rarest are pooled as "(other)".
MAX_PLOTTED_CATEGORIES = 12


def _is_numeric(series: pd.Series) -> bool:
    return column_kind(series) == NUMERIC


def _observed_numbers(series: pd.Series) -> np.ndarray:
    values = as_float(series)
    return values[~np.isnan(values)]


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

    Examples
    --------
    >>> import pandas as pd
    >>> real = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "c": ["a", "a", "b", "b"]})
    >>> column_distances(real, real)["distance"].tolist()
    [0.0, 0.0]
    """
    records = []
    for column in real.columns:
        real_col, synthetic_col = real[column], synthetic[column]
        numeric = column_kind(real_col) != CATEGORICAL
        if numeric:
            real_values, synthetic_values = _observed_numbers(real_col), _observed_numbers(synthetic_col)
            if len(real_values) and len(synthetic_values):
                distance = ks_2samp(real_values, synthetic_values).statistic
            else:
                distance = float(len(real_values) != len(synthetic_values))
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


# ----------------------------------------------------------------------------------- associations
def cramers_v(first: pd.Series, second: pd.Series) -> float:
    """Bias-corrected Cramér's V (Bergsma 2013) of two categorical columns; missing is a category.

    0 for independent columns, 1 when each determines the other; NaN when a column is constant.
    The correction keeps V of independent columns near 0 on small tables, where the plain V is
    inflated by chance, so tables of different sizes can be compared.
    """
    first_codes, first_levels = pd.factorize(as_text(first))
    second_codes, second_levels = pd.factorize(as_text(second))
    n_rows, n_first, n_second = len(first_codes), len(first_levels), len(second_levels)
    if n_first < 2 or n_second < 2 or n_rows < 2:
        return float("nan")
    counts = np.bincount(first_codes * n_second + second_codes, minlength=n_first * n_second)
    observed = counts.reshape(n_first, n_second).astype(float)
    expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0, keepdims=True) / n_rows
    phi2 = np.sum((observed - expected) ** 2 / expected) / n_rows
    phi2_corrected = max(0.0, phi2 - (n_first - 1) * (n_second - 1) / (n_rows - 1))
    first_corrected = n_first - (n_first - 1) ** 2 / (n_rows - 1)
    second_corrected = n_second - (n_second - 1) ** 2 / (n_rows - 1)
    denominator = min(first_corrected - 1, second_corrected - 1)
    return float(np.sqrt(phi2_corrected / denominator)) if denominator > 0 else float("nan")


def correlation_ratio(categories: pd.Series, numbers: pd.Series) -> float:
    """Correlation ratio η of a number on a category: the share of its spread explained by the groups, square-rooted.

    0 when every group has the same mean, 1 when each group holds one value; rows with a missing
    number are left out, a missing category is a group of its own.
    """
    values = as_float(numbers)
    observed = ~np.isnan(values)
    codes, _ = pd.factorize(as_text(categories[observed]))
    values = values[observed]
    if len(values) < 2:
        return float("nan")
    total = np.sum((values - values.mean()) ** 2)
    if total == 0:
        return float("nan")
    group_sizes = np.bincount(codes)
    group_means = np.bincount(codes, weights=values) / np.maximum(group_sizes, 1)
    between = np.sum(group_sizes * (group_means - values.mean()) ** 2)
    return float(np.sqrt(min(between / total, 1.0)))


def _pearson(first: pd.Series, second: pd.Series) -> float:
    x, y = as_float(first), as_float(second)
    both = ~(np.isnan(x) | np.isnan(y))
    x, y = x[both], y[both]
    if len(x) < 3 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def association(first: pd.Series, second: pd.Series) -> float:
    """How strongly two columns go together, by their kinds (dates count as numbers).

    Numbers with numbers: Pearson r (signed, in [-1, 1]); categories with categories: Cramér's V;
    a number with a category: the correlation ratio η (both in [0, 1]).
    """
    first_is_category = column_kind(first) == CATEGORICAL
    second_is_category = column_kind(second) == CATEGORICAL
    if first_is_category and second_is_category:
        return cramers_v(first, second)
    if first_is_category:
        return correlation_ratio(first, second)
    if second_is_category:
        return correlation_ratio(second, first)
    return _pearson(first, second)


def association_matrix(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`association` of every pair of columns; 1 on the diagonal, NaN for constant columns."""
    columns = list(frame.columns)
    matrix = np.eye(len(columns))
    for i, first in enumerate(columns):
        for j in range(i + 1, len(columns)):
            matrix[i, j] = matrix[j, i] = association(frame[first], frame[columns[j]])
    return pd.DataFrame(matrix, index=columns, columns=columns)


def association_difference(real: pd.DataFrame, synthetic: pd.DataFrame) -> dict:
    """Association matrices of both tables, their absolute difference and its mean over column pairs.

    Returns
    -------
    dict with ``columns``, ``real``, ``synthetic``, ``difference`` (square nested lists, None where a
    pair is undefined), ``mean_abs_difference`` and ``max_abs_difference`` (over pairs, None if none).
    """
    real_matrix, synthetic_matrix = association_matrix(real), association_matrix(synthetic)
    difference = (real_matrix - synthetic_matrix).abs()
    upper = difference.to_numpy()[np.triu_indices(len(difference), k=1)]
    upper = upper[~np.isnan(upper)]
    return {
        "columns": [str(column) for column in real.columns],
        "measures": "Pearson r (number-number), Cramér's V (category-category), correlation ratio (number-category)",
        "real": _matrix_values(real_matrix),
        "synthetic": _matrix_values(synthetic_matrix),
        "difference": _matrix_values(difference),
        "mean_abs_difference": float(upper.mean()) if len(upper) else None,
        "max_abs_difference": float(upper.max()) if len(upper) else None,
    }


def _matrix_values(matrix: pd.DataFrame) -> list:
    return [[None if np.isnan(value) else float(value) for value in row] for row in matrix.to_numpy()]


# ------------------------------------------------------------------------------ detection test
def detection_auc(real: pd.DataFrame, synthetic: pd.DataFrame, *, cv: int = 5, random_state=0) -> dict:
    """Classifier two-sample test: how well a model tells real rows from synthetic ones.

    A gradient-boosted classifier (on standardised numbers and one-hot categories) learns to label
    rows real (0) or synthetic (1); its ROC AUC on held-out folds is averaged over ``cv`` folds.
    Identical rows always share a fold: otherwise a synthetic copy of a real row would be scored by a
    model that learned its twin with the opposite label, and copies would look *less* synthetic than
    chance (AUC far below 0.5). AUC is insensitive to the two tables' sizes, so they need not match.

    Returns
    -------
    dict with ``auc`` (mean over folds; 0.5 = indistinguishable, 1.0 = every row told apart),
    ``auc_std``, ``folds`` and ``model``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> real = pd.DataFrame({"x": np.arange(40.0)})
    >>> round(detection_auc(real, real + 100.0)["auc"], 2)
    1.0
    """
    rows = pd.concat([real, synthetic], ignore_index=True)
    is_synthetic = np.r_[np.zeros(len(real), dtype=int), np.ones(len(synthetic), dtype=int)]
    same_row, _ = pd.factorize(pd.util.hash_pandas_object(prepare_columns(rows), index=False))
    n_folds = min(cv, len(real), len(synthetic), same_row.max() + 1)
    if n_folds < 2:
        return {"auc": None, "auc_std": None, "folds": 0, "model": None,
                "note": "needs at least 2 distinct real and synthetic rows"}
    model = Pipeline(encoding_steps() + [("classify", HistGradientBoostingClassifier(random_state=random_state))])
    folds = StratifiedGroupKFold(n_splits=n_folds, shuffle=True, random_state=random_state)
    with one_thread():
        scores = cross_val_score(model, rows, is_synthetic, groups=same_row, cv=folds, scoring="roc_auc")
    return {"auc": float(scores.mean()), "auc_std": float(scores.std()), "folds": n_folds,
            "model": "HistGradientBoostingClassifier"}


# -------------------------------------------------------------------------------- marginals
def marginals(real: pd.DataFrame, synthetic: pd.DataFrame, *, bins: int = 20) -> dict:
    """Each column's distribution in both tables, as shares per bin or category, for plotting.

    Numbers and dates (as days since 1970) share bin edges that span the real values and the
    central 98% of the synthetic ones; values beyond are counted in the outermost bins.
    Categories are ordered by real frequency, the rarest pooled as "(other)".
    """
    return {str(column): _marginal(real[column], synthetic[column], bins) for column in real.columns}


def _marginal(real: pd.Series, synthetic: pd.Series, bins: int) -> dict:
    kind = column_kind(real)
    missing = {"missing_real": float(real.isna().mean()), "missing_synthetic": float(synthetic.isna().mean())}
    if kind == CATEGORICAL:
        return {"kind": kind, **_category_shares(as_text(real), as_text(synthetic)), **missing}
    real_values, synthetic_values = _observed_numbers(real), _observed_numbers(synthetic)
    if not len(real_values):
        return {"kind": kind, "edges": [], "real": [], "synthetic": [], **missing}
    low, high = real_values.min(), real_values.max()
    if len(synthetic_values):
        low = min(low, np.quantile(synthetic_values, 0.01))
        high = max(high, np.quantile(synthetic_values, 0.99))
    n_bins = int(min(bins, max(len(np.unique(real_values)), 1)))
    edges = np.linspace(low, high, n_bins + 1) if high > low else np.array([low - 0.5, low + 0.5])
    return {
        "kind": kind,
        "unit": "days since 1970-01-01" if kind == DATETIME else None,
        "edges": edges.tolist(),
        "real": _bin_shares(real_values, edges),
        "synthetic": _bin_shares(synthetic_values, edges),
        **missing,
    }


def _bin_shares(values: np.ndarray, edges: np.ndarray) -> list:
    if not len(values):
        return [0.0] * (len(edges) - 1)
    counts, _ = np.histogram(np.clip(values, edges[0], edges[-1]), bins=edges)
    return (counts / len(values)).tolist()


def _category_shares(real: pd.Series, synthetic: pd.Series) -> dict:
    real_shares = real.value_counts(normalize=True)
    synthetic_shares = synthetic.value_counts(normalize=True)
    order = list(real_shares.index) + [value for value in synthetic_shares.index if value not in real_shares.index]
    shown = order if len(order) <= MAX_PLOTTED_CATEGORIES else order[: MAX_PLOTTED_CATEGORIES - 1]
    real_values = [float(real_shares.get(value, 0.0)) for value in shown]
    synthetic_values = [float(synthetic_shares.get(value, 0.0)) for value in shown]
    if len(shown) < len(order):
        shown = shown + ["(other)"]
        real_values.append(1.0 - sum(real_values))
        synthetic_values.append(1.0 - sum(synthetic_values))
    return {"categories": [str(value) for value in shown], "real": real_values, "synthetic": synthetic_values}


# ----------------------------------------------------------------------------------- together
def fidelity_metrics(real: pd.DataFrame, synthetic: pd.DataFrame, *, cv: int = 5, random_state=0) -> dict:
    """All fidelity numbers for two tables with the same columns (synthetic conformed to real)."""
    distances = column_distances(real, synthetic)
    kinds = column_kinds(real)
    per_column = {
        str(column): {"kind": kinds[column], **{key: _plain(value) for key, value in row.items()}}
        for column, row in distances.iterrows()
    }
    worst = distances["distance"].idxmax() if len(distances) else None
    detection = detection_auc(real, synthetic, cv=cv, random_state=random_state)
    status, verdict = _verdict(detection["auc"], distances, worst)
    return {
        "status": status,
        "verdict": verdict,
        "columns": per_column,
        "mean_column_distance": float(distances["distance"].mean()),
        "worst_column": None if worst is None else str(worst),
        "numeric_correlation_difference": correlation_difference(real, synthetic),
        "association": association_difference(real, synthetic),
        "detection": detection,
        "marginals": marginals(real, synthetic),
        "sdmetrics_quality": sdmetrics_quality(real, synthetic),
    }


_SDTYPES = {NUMERIC: "numerical", DATETIME: "datetime", CATEGORICAL: "categorical"}


def sdmetrics_quality(real: pd.DataFrame, synthetic: pd.DataFrame) -> dict | None:
    """SDMetrics' single-table quality score (0 to 1, higher is closer), when the ``sdv`` extra is installed.

    SDMetrics is BUSL-1.1 licensed and optional: without it this returns None. A failure inside it
    is reported in the result rather than raised, as the score is one number among many here.
    """
    try:
        from sdmetrics.reports.single_table import QualityReport
    except ImportError:
        return None
    metadata = {"columns": {str(column): {"sdtype": _SDTYPES[kind]} for column, kind in column_kinds(real).items()}}
    try:
        report = QualityReport()
        report.generate(real.rename(columns=str), synthetic.rename(columns=str), metadata, verbose=False)
        return {"score": float(report.get_score()), "error": None}
    # Any failure of an optional third-party report must not cost the user the rest of the evaluation.
    except Exception as error:  # noqa: BLE001
        return {"score": None, "error": f"{type(error).__name__}: {error}"}


# Detection AUC up to which synthetic rows count as hard, or partly possible, to tell from real ones.
HARD_TO_TELL, PARTLY = 0.6, 0.8
# Below this AUC the classifier is reliably wrong, which near-copies of real rows cause: a copy and its
# original land in different folds with opposite labels, so the model learns to call each the other.
SUSPICIOUSLY_LOW = 0.4


def _verdict(auc: float | None, distances: pd.DataFrame, worst) -> tuple[str, str]:
    separates = f"a classifier separates real from synthetic rows with AUC {auc:.2f}" if auc is not None else ""
    if auc is None:
        status, opening = "warning", "Too few rows for the two-sample test"
    elif auc <= HARD_TO_TELL:
        status, opening = "ok", f"Hard to tell apart: {separates}"
    elif auc <= PARTLY:
        status, opening = "warning", f"Partly distinguishable: {separates}"
    else:
        status, opening = "poor", f"Easy to tell apart: {separates}"
    if worst is None:
        return status, opening + "."
    row = distances.loc[worst]
    text = (f"{opening} (0.5 = indistinguishable); mean column distance {distances['distance'].mean():.3f}, "
            f"largest for {worst!r} ({row['metric'].upper()} {row['distance']:.3f}).")
    if auc is not None and auc < SUSPICIOUSLY_LOW:
        status = "warning"
        text += (" An AUC well below 0.5 is what near-copies of real rows produce (a copy and its original"
                 " fall in different folds with opposite labels): see the privacy section.")
    return status, text


def _plain(value):
    return float(value) if isinstance(value, (float, np.floating)) else value
