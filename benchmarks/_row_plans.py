"""How many synthetic rows each class gets, and which of a class's drawn rows are kept.

A generative model is fitted once per split and sampled once into a pool of rows per class; every
strategy below takes the first rows of each class's pool (or of the rows a filter passes), so the
strategies differ only in what they ask for, never in the luck of the draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Rows drawn per wanted row, so that a filter that rejects some still finds enough.
POOL_FACTOR = 3


@dataclass(frozen=True)
class Strategy:
    """Synthetic rows to add: ``balance`` raises every class to the majority's count, ``extra`` adds that
    multiple of the training rows spread like the balanced counts (``fit_resample``'s ``extra_samples``),
    ``grow`` adds that multiple of each class's own count; ``filtered`` keeps only rows the real-row
    ensemble finds plausible for their label; ``weighted`` trains the classifier with balanced class weights."""

    balance: bool = True
    extra: float = 0.0
    grow: float = 0.0
    filtered: bool = False
    weighted: bool = False

    def counts(self, counts: np.ndarray) -> np.ndarray:
        """Synthetic rows per class for real class ``counts``."""
        added = (counts.max() - counts) if self.balance else np.zeros_like(counts)
        after = counts + added
        spread = np.floor(self.extra * counts.sum() * after / after.sum()).astype(int)
        return added + spread + np.floor(self.grow * counts).astype(int)


# The strategies a generator's pool is scored with. "balance" is what fit_resample did before the
# information issue; "balance+1x, filtered" what it does since.
STRATEGIES = {
    "balance": Strategy(),
    "balance, filtered": Strategy(filtered=True),
    "balance+1x": Strategy(extra=1.0),
    "balance+1x, filtered": Strategy(extra=1.0, filtered=True),
    "grow 1x, weighted": Strategy(balance=False, grow=1.0, weighted=True),
    "grow 1x, filtered, weighted": Strategy(balance=False, grow=1.0, filtered=True, weighted=True),
    "balance+2x": Strategy(extra=2.0),
    "balance+2x, filtered": Strategy(extra=2.0, filtered=True),
}
FIRST_SIX = tuple(STRATEGIES)[:6]


def pool_counts(counts: np.ndarray, strategies) -> np.ndarray:
    """Rows to draw per class so that each of ``strategies``, filtered or not, can take its rows from one pool."""
    largest = np.max([STRATEGIES[name].counts(counts) for name in strategies], axis=0)
    return POOL_FACTOR * np.maximum(largest, 1)


def take(pool_X: pd.DataFrame, pool_y: np.ndarray, plausible: np.ndarray, classes: np.ndarray,
         counts: np.ndarray, strategy: Strategy) -> tuple[pd.DataFrame, np.ndarray]:
    """The first rows of each class's pool that the strategy asks for (only plausible ones when filtered)."""
    chosen = []
    for label, n_rows in zip(classes, strategy.counts(counts)):
        eligible = (pool_y == label) & (plausible if strategy.filtered else True)
        chosen.append(np.flatnonzero(eligible)[:n_rows])
    index = np.concatenate(chosen) if chosen else np.array([], dtype=int)
    return pool_X.iloc[index].reset_index(drop=True), pool_y[index]


def plausible_rows(models: list, X_pool: pd.DataFrame, y_pool: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """Rows to which the mean probability of ``models`` (fitted on the real rows) gives at least 1/(2K) for
    their own label: the filter of the information issue."""
    probability = np.mean([model.predict_proba(X_pool) for model in models], axis=0)
    own = probability[np.arange(len(y_pool)), np.searchsorted(classes, y_pool)]
    return own >= 1.0 / (2 * len(classes))
