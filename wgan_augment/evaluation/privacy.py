"""Privacy: did the generator copy its training rows?

A generator that learned the distribution makes rows that are as far from the training rows as new
real rows would be. So the distance to the closest training record (DCR) of every synthetic row is
set against the DCR of real rows the generator never saw (a holdout); memorisation shows as synthetic
rows sitting closer, and at the extreme as exact copies. Distances are Euclidean on standardised
numbers (dates as days) and one-hot categories, with the encoding fitted on the training rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import mannwhitneyu
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import check_random_state

from ._columns import make_encoder

COPY_TOLERANCE = 1e-9
"""Rows closer than this in the encoded space are the same row (every encoding step is one-to-one)."""

MAX_QUERY_ROWS = 10_000
"""Synthetic rows measured at most; beyond this a random subset estimates the same shares."""

# Verdict thresholds. A copy share this far above the holdout's is more than chance duplicates.
COPY_EXCESS = 0.01
# Medians of synthetic/holdout DCR below these ratios (and a one-sided Mann-Whitney p below
# SIGNIFICANCE) read as memorisation or as a warning; tuned so that rows drawn from the real
# distribution itself (ratio about 1) never trigger them.
MEMORISATION_RATIO, WARNING_RATIO, SIGNIFICANCE = 0.5, 0.9, 0.01

OK, WARNING, MEMORISATION = "ok", "warning", "memorisation"


def distances_to_closest_record(reference: pd.DataFrame, queries: pd.DataFrame, encoder=None) -> np.ndarray:
    """Euclidean distance from each query row to its nearest reference row.

    Parameters
    ----------
    reference, queries : DataFrame
        Tables with the same columns.
    encoder : fitted transformer, default=None
        Maps a table to a numeric matrix; by default standardised numbers and one-hot categories,
        fitted on ``reference``.

    Returns
    -------
    ndarray of shape (len(queries),)

    Examples
    --------
    >>> import pandas as pd
    >>> real = pd.DataFrame({"x": [0.0, 1.0, 2.0], "c": ["a", "b", "a"]})
    >>> distances_to_closest_record(real, real.iloc[[2, 0]]).tolist()
    [0.0, 0.0]
    """
    encoder = encoder if encoder is not None else make_encoder().fit(reference)
    reference_matrix, query_matrix = encoder.transform(reference), encoder.transform(queries)
    _, nearest = NearestNeighbors(n_neighbors=1).fit(reference_matrix).kneighbors(query_matrix)
    # Recomputed directly: the search's |a|^2 + |b|^2 - 2ab shortcut leaves rounding error of about
    # 1e-7 on wide rows (images), enough to hide an exact copy from COPY_TOLERANCE.
    return np.linalg.norm(query_matrix - reference_matrix[nearest[:, 0]], axis=1)


def privacy_metrics(
    training: pd.DataFrame,
    reference: pd.DataFrame,
    holdout: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    holdout_given: bool = True,
    random_state=0,
    unit: str = "rows",
) -> dict:
    """Distances to the closest record and exact-copy shares, with a verdict.

    Parameters
    ----------
    training : DataFrame
        Every row the generator was trained on: exact copies are counted against these.
    reference : DataFrame
        The rows whose distances are compared: ``training`` itself when the holdout was kept apart
        from training, or the rest of it when the holdout was split off afterwards.
    holdout : DataFrame
        Real rows compared with the synthetic ones as a baseline.
    synthetic : DataFrame
        Generated rows, with the same columns.
    holdout_given : bool, default=True
        False when ``holdout`` was split from rows the generator saw; the verdict then says the test
        is weaker (copies of holdout rows look like fresh rows to it).
    random_state : int, RandomState instance or None, default=0
        Picks the synthetic rows measured when there are more than :data:`MAX_QUERY_ROWS`.
    unit : str, default="rows"
        What the verdict calls the records ("images" for images).

    Returns
    -------
    dict with ``dcr_synthetic`` and ``dcr_holdout`` (quantile summaries), ``median_dcr_ratio``,
    ``mann_whitney_p``, ``exact_copy_share`` and ``holdout_exact_copy_share``,
    ``closer_than_holdout_p5_share``, ``histogram`` (for plotting), ``status`` and ``verdict``.
    """
    synthetic = _at_most(synthetic, MAX_QUERY_ROWS, random_state)
    encoder = make_encoder().fit(reference)
    synthetic_dcr = distances_to_closest_record(reference, synthetic, encoder)
    holdout_dcr = distances_to_closest_record(reference, holdout, encoder)
    copy_share = exact_copy_share(training, synthetic)
    holdout_copy_share = float(np.mean(holdout_dcr <= COPY_TOLERANCE))
    ratio = _median_ratio(synthetic_dcr, holdout_dcr)
    p_value = float(mannwhitneyu(synthetic_dcr, holdout_dcr, alternative="less").pvalue)
    status = _status(copy_share, holdout_copy_share, ratio, p_value)
    return {
        "n_reference": len(reference),
        "n_holdout": len(holdout),
        "n_synthetic_measured": len(synthetic),
        "holdout_given": holdout_given,
        "dcr_synthetic": _summary(synthetic_dcr),
        "dcr_holdout": _summary(holdout_dcr),
        "median_dcr_ratio": ratio,
        "mann_whitney_p": p_value,
        "exact_copy_share": copy_share,
        "holdout_exact_copy_share": holdout_copy_share,
        "closer_than_holdout_p5_share": float(np.mean(synthetic_dcr < np.quantile(holdout_dcr, 0.05))),
        "histogram": _histogram(synthetic_dcr, holdout_dcr),
        "status": status,
        "verdict": _verdict(status, copy_share, holdout_copy_share, synthetic_dcr, holdout_dcr, p_value, holdout_given,
                            unit),
    }


def exact_copy_share(training: pd.DataFrame, synthetic: pd.DataFrame) -> float:
    """Share of synthetic rows identical to some training row (every column, missing equal to missing)."""
    if not len(synthetic):
        return 0.0
    return float(np.mean(distances_to_closest_record(training, synthetic) <= COPY_TOLERANCE))


def _at_most(frame: pd.DataFrame, n_rows: int, random_state) -> pd.DataFrame:
    if len(frame) <= n_rows:
        return frame
    chosen = check_random_state(random_state).choice(len(frame), size=n_rows, replace=False)
    return frame.iloc[np.sort(chosen)].reset_index(drop=True)


def _median_ratio(synthetic_dcr: np.ndarray, holdout_dcr: np.ndarray) -> float | None:
    holdout_median = np.median(holdout_dcr)
    if holdout_median > 0:
        return float(np.median(synthetic_dcr) / holdout_median)
    # Held-out rows mostly duplicate training rows (a table of few distinct rows): no scale to compare.
    return None


def _status(copy_share: float, holdout_copy_share: float, ratio: float | None, p_value: float) -> str:
    if copy_share - holdout_copy_share > COPY_EXCESS:
        return MEMORISATION
    if ratio is not None and p_value < SIGNIFICANCE:
        if ratio < MEMORISATION_RATIO:
            return MEMORISATION
        if ratio < WARNING_RATIO:
            return WARNING
    return OK


def _verdict(status, copy_share, holdout_copy_share, synthetic_dcr, holdout_dcr, p_value, holdout_given,
             unit="rows") -> str:
    item = unit[:-1]
    medians = (f"median distance to the closest training {item} {np.median(synthetic_dcr):.3g} "
               f"vs {np.median(holdout_dcr):.3g}")
    copies = (f"{copy_share:.1%} of synthetic {unit} are exact copies of training {unit} "
              f"(held-out real {unit}: {holdout_copy_share:.1%})")
    if status == MEMORISATION:
        text = (f"Memorisation: synthetic {unit} are closer to the training {unit} than held-out real {unit} are "
                f"({medians}; {copies}). Do not treat them as anonymous; train for fewer steps or on more {unit}.")
    elif status == WARNING:
        text = (f"Caution: synthetic {unit} are somewhat closer to the training {unit} than held-out real {unit} are "
                f"({medians}, one-sided Mann-Whitney p = {p_value:.2g}); {copies}. Either the generator partly "
                f"memorised its training {unit}, or it makes fewer unusual {unit} than real data holds"
                + (" (see the marginals)." if unit == "rows" else "."))
    else:
        text = (f"No sign of memorisation: synthetic {unit} are no closer to the training {unit} than held-out real "
                f"{unit} are ({medians}); {copies}.")
    if not holdout_given:
        text += (f" The held-out {unit} were split from the training data, so the generator saw them too;"
                 " pass a holdout it never saw for a stronger test.")
    return text


def _summary(distances: np.ndarray) -> dict:
    quantiles = np.quantile(distances, [0.05, 0.25, 0.5]) if len(distances) else [np.nan] * 3
    return {
        "min": float(distances.min()) if len(distances) else None,
        "p05": float(quantiles[0]),
        "p25": float(quantiles[1]),
        "median": float(quantiles[2]),
        "mean": float(distances.mean()) if len(distances) else None,
    }


def _histogram(synthetic_dcr: np.ndarray, holdout_dcr: np.ndarray, bins: int = 30) -> dict:
    both = np.concatenate([synthetic_dcr, holdout_dcr])
    high = float(both.max()) if len(both) else 1.0
    edges = np.linspace(0.0, high if high > 0 else 1.0, bins + 1)

    def shares(values):
        counts, _ = np.histogram(values, bins=edges)
        return (counts / max(len(values), 1)).tolist()

    return {"edges": edges.tolist(), "synthetic": shares(synthetic_dcr), "holdout": shares(holdout_dcr)}
