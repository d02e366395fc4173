"""How many synthetic rows to add: an inner cross-validation over candidate amounts, zero included.

A larger amount must beat the smaller ones by more than one standard error. The augmenter is fitted
once per inner fold and sampled once, for the largest candidate amount; each smaller candidate uses
the first rows of that draw, so a search over four amounts costs one GAN fit per fold, not four.
Amounts are ratios of synthetic to real rows.
"""

from __future__ import annotations

import numpy as np
from sklearn.utils import _safe_indexing
from sklearn.utils.parallel import Parallel, delayed

from .._sampler import append_rows, head
from ..runtime import one_thread


def candidate_ratios(candidates, extra):
    """The sorted, distinct ratios to compare: zero, ``candidates`` and the ``extra`` ones."""
    ratios = np.asarray(candidates, dtype=float).ravel()
    if not np.all(np.isfinite(ratios)) or (ratios < 0).any():
        raise ValueError(f"candidates must be non-negative ratios of synthetic to real rows, got {candidates!r}.")
    # Zero is always a candidate: the search may decide that augmentation does not help.
    return np.unique(np.concatenate([[0.0], ratios, extra]))


def inner_scores(X, y, ratios, splits, *, synthesize, fit, scorer, seeds, n_jobs=None, say=None):
    """Scores of shape (n_splits, n_ratios): one call of ``synthesize`` per fold, ``n_jobs`` folds at a time.

    ``synthesize(X, y, n_rows, seed)`` returns up to ``n_rows`` synthetic rows and their targets, in an
    order whose every prefix is the draw for that smaller amount; ``fit(X, y)`` returns a newly
    fitted model; ``scorer(model, X, y)`` scores it on the fold's test rows. Fold ``k`` is seeded by
    ``seeds[k]`` alone and runs with one thread, so the scores do not depend on ``n_jobs``. ``say``,
    when given, is told what each fold is doing.
    """
    # Processes, not threads: each fold sets torch's process-wide thread count to one. scikit-learn's
    # Parallel carries its configuration (set_config) into the workers.
    folds = Parallel(n_jobs=n_jobs, prefer="processes")(
        delayed(_fold_scores)(X, y, train, test, ratios, synthesize, fit, scorer, seed, f"{fold + 1}/{len(splits)}",
                              say)
        for fold, ((train, test), seed) in enumerate(zip(splits, seeds))
    )
    return np.asarray(folds, dtype=float).reshape(len(splits), len(ratios))


def _fold_scores(X, y, train, test, ratios, synthesize, fit, scorer, seed, fold, say):
    X_train, y_train = _safe_indexing(X, train), y[train]
    X_test, y_test = _safe_indexing(X, test), y[test]
    if say is not None:
        say(f"inner fold {fold}: fitting the augmenter on {len(train)} rows")
    with one_thread():
        X_syn, y_syn = synthesize(X_train, y_train, int(round(ratios[-1] * len(train))), seed)
        scores = []
        for ratio in ratios:
            n_rows = int(round(ratio * len(train)))
            model = fit(*append_rows(X_train, y_train, head(X_syn, n_rows), y_syn[:n_rows]))
            scores.append(scorer(model, X_test, y_test))
    if say is not None:
        say(f"inner fold {fold}: " + ", ".join(f"{ratio:g}x {score:.4f}" for ratio, score in zip(ratios, scores)))
    return scores


def chosen_ratio(ratios, scores, n_rows):
    """The ratio the search picks, and its ``cv_results_`` (``n_synthetic`` counted on ``n_rows``)."""
    means, stds = scores.mean(axis=0), scores.std(axis=0)
    results = {
        "synthetic_ratio": ratios,
        "n_synthetic": np.round(ratios * n_rows).astype(int),
        "mean_test_score": means,
        "std_test_score": stds,
        "rank_test_score": rank_descending(means),
    }
    for split, split_scores in enumerate(scores):
        results[f"split{split}_test_score"] = split_scores
    return float(ratios[smallest_within_one_standard_error(means, stds, len(scores))]), results


def smallest_within_one_standard_error(means, stds, n_splits):
    """Index of the first (smallest) amount scoring within one standard error of the best.

    The one-standard-error rule (Hastie, Tibshirani & Friedman, *Elements of Statistical Learning*,
    7.10): a larger amount has to beat the smaller ones by more than the noise of the inner folds,
    so that a lucky split does not buy synthetic rows. Candidates are sorted, zero first.
    """
    best = int(np.argmax(means))
    threshold = means[best] - stds[best] / np.sqrt(n_splits)
    return int(np.flatnonzero(means >= threshold - 1e-12)[0])


def rank_descending(scores):
    """Ranks 1, 2, ... from the highest score down; equal scores are ranked by position."""
    return (np.argsort(np.argsort(-scores, kind="stable"), kind="stable") + 1).astype(np.int32)
