"""Docstring text that ``AugmentedClassifier`` and ``AugmentedRegressor`` share, written once.

``fill_doc`` replaces each docstring line that holds only ``{name}`` with the snippet of that name,
indented as the line is. Lines after the placeholder, indented one level deeper, go on with what is
particular to the class. It works like scikit-learn's ``_shared_docs`` and imbalanced-learn's
``Substitution``, but by whole lines: a snippet keeps the layout numpydoc needs wherever it lands,
and a docstring's other braces are left alone.
"""

from __future__ import annotations

import re
import textwrap

AUGMENTED_DOCS = {
    # Parameters.
    "augmenter": """\
augmenter : estimator object or None, default=None
    The generator of synthetic rows, e.g. a configured ``WGANAugmenter``; None means
    ``WGANAugmenter()``. A clone is fitted for every inner fold and one for the final fit. Pass an
    instance to tune it through nested parameters (``augmenter__n_critic``).""",
    "n_synthetic": """\
n_synthetic : "auto", int or float, default="auto"
    How many synthetic rows to add. "auto": choose among ``candidates`` (and zero) by inner
    cross-validation on the training rows, taking the smallest amount whose mean score is within
    one standard error of the best one (so zero unless augmentation clearly helps). An int is a
    number of rows; a float a multiple of the number of training rows (1.0 doubles the data).""",
    "candidates": """\
candidates : array-like of float, default=(0.5, 1.0, 2.0)
    Amounts the "auto" search compares, as multiples of the training rows. Zero is always
    compared as well. Inner fold ``k`` uses ``round(ratio * n_train_k)`` rows, the final fit
    ``round(ratio * n)``.""",
    "cv": """\
cv : int, cross-validation generator or iterable, default=3
    Inner cross-validation for the "auto" search. Each fold costs one augmenter fit.""",
    "scoring": """\
scoring : str, callable or None, default=None
    What the search maximises; None means the estimator's ``score``.""",
    "random_state": """\
random_state : int, RandomState instance or None, default=None
    Seeds the inner folds, the augmenter fits and the draws. When None, the augmenter keeps its
    own ``random_state``.""",
    "n_jobs": """\
n_jobs : int or None, default=None
    Inner folds of the "auto" search fitted at the same time (joblib's meaning: None is 1 unless in
    a ``joblib.parallel_config`` context, -1 is every core). Each fold runs with one torch thread and
    one BLAS thread, so ``n_jobs`` folds use ``n_jobs`` cores and never oversubscribe them, and the
    result is the same whatever ``n_jobs`` is. The final fit runs alone, with torch's own thread count.""",
    "verbose": """\
verbose : int, default=0
    Report on stderr which inner fold is being fitted, each fold's scores per amount, the amount
    chosen, and the final fit.""",
    # Attributes.
    "n_synthetic_": """\
n_synthetic_ : int
    Synthetic rows added to the training rows in the final fit: the chosen amount, or fewer when
    the filter rejected too many draws.""",
    "synthetic_ratio_": """\
synthetic_ratio_ : float
    The chosen amount as a multiple of the training rows.""",
    "cv_results_": """\
cv_results_ : dict or None
    The inner search (None when ``n_synthetic`` is fixed or the data were too few to search):
    ``synthetic_ratio``, ``n_synthetic`` (on the full training rows), ``mean_test_score``,
    ``std_test_score``, ``rank_test_score`` and ``split<i>_test_score``, one entry per candidate.""",
    "filter_acceptance_": """\
filter_acceptance_ : float or None
    Share of drawn synthetic rows the filter kept in the final fit; None without filtering.""",
    "n_features_in_": """\
n_features_in_ : int
    Number of features seen during ``fit``.""",
    "feature_names_in_": """\
feature_names_in_ : ndarray of shape (``n_features_in_``,)
    Names of features seen during ``fit``, when they are all strings.""",
}

_PLACEHOLDER = re.compile(r"(?P<indent>[ ]*)\{(?P<name>\w+)\}")


def fill_doc(snippets):
    """Class or function decorator: expand the ``{name}`` lines of its docstring from ``snippets``.

    An unknown name raises ``KeyError`` at import, so a typo cannot ship as a literal placeholder.
    """

    def decorate(obj):
        if obj.__doc__ is not None:  # None under ``python -OO``
            obj.__doc__ = "\n".join(_expand(line, snippets) for line in obj.__doc__.split("\n"))
        return obj

    return decorate


def _expand(line, snippets):
    match = _PLACEHOLDER.fullmatch(line)
    if match is None:
        return line
    return textwrap.indent(snippets[match["name"]], match["indent"])
