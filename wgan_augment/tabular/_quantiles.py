"""Quantiles that summarise a column without storing any of its values.

A quantile table read straight off the data is the sorted column itself whenever there are no more
rows than quantiles, and its ends are the column's minimum and maximum: a model file holding it
would hold the training values. The Harrell-Davis estimator (Harrell and Davis, 1982) instead
averages all order statistics with Beta weights centred on each probability: a smooth, consistent
estimate that is a blend of many values, not one of them.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betainc

# The Beta weights of a quantile are spread over about sqrt(n p (1 - p)) <= sqrt(n) / 2 order
# statistics; beyond this many of those spreads on either side their total weight is below 1e-8.
_WINDOW_SPREADS = 6
# Most values an estimate is computed from (a random subsample above it), as scikit-learn's
# QuantileTransformer subsamples: enough for 1,000 quantiles, and it bounds the cost to ~0.1 s a column.
MAX_ROWS = 10_000


def smoothed_quantiles(values: np.ndarray, probabilities: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Harrell-Davis estimates of the quantiles of ``values`` at ``probabilities``, non-decreasing.

    Probabilities are kept at least ``1 / (2 n)`` from 0 and 1, so the ends are smoothed estimates of
    the minimum and maximum rather than the extreme values themselves.

    Parameters
    ----------
    values : numpy.ndarray
        Observed (finite) values, at least one.
    probabilities : numpy.ndarray
        Probabilities in [0, 1].
    rng : numpy.random.Generator
        Draws the subsample of a column longer than ``MAX_ROWS``.
    """
    if len(values) > MAX_ROWS:
        values = rng.choice(values, size=MAX_ROWS, replace=False)
    ordered = np.sort(np.asarray(values, dtype=np.float64))
    n = len(ordered)
    probabilities = np.clip(np.asarray(probabilities, dtype=np.float64), 0.5 / n, 1 - 0.5 / n)
    # Only the order statistics near p * n carry weight: a window of them per probability keeps the
    # cost at (quantiles x window) rather than (quantiles x rows).
    half_width = min(n, int(np.ceil(_WINDOW_SPREADS * np.sqrt(n) / 2)) + 1)
    centres = np.round(probabilities * n).astype(np.int64)
    edges = np.clip(centres[:, None] + np.arange(-half_width, half_width + 1), 0, n)
    shape_a = probabilities[:, None] * (n + 1)
    shape_b = (1 - probabilities[:, None]) * (n + 1)
    weights = np.diff(betainc(shape_a, shape_b, edges / n), axis=1)
    # The weight of [i/n, (i+1)/n] belongs to the (i+1)-th smallest value, ordered[i].
    estimates = (weights * ordered[np.minimum(edges[:, :-1], n - 1)]).sum(axis=1) / weights.sum(axis=1)
    return np.maximum.accumulate(estimates)
