"""The meta-estimator behind ``AugmentedClassifier`` and ``AugmentedRegressor``.

``BaseAugmented`` validates the input, runs the amount search, makes the synthetic rows, fits the
wrapped estimator and delegates ``predict`` and ``score`` to it. What depends on the kind of target --
how ``y`` is checked, which group each synthetic row belongs to, how the augmenter learns and is
sampled, which synthetic rows the filter keeps -- is left to the abstract hooks a subclass fills in.
"""

from __future__ import annotations

import sys
import warnings
from abc import ABCMeta, abstractmethod
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, MetaEstimatorMixin, _fit_context, clone, is_classifier
from sklearn.metrics import check_scoring, get_scorer_names
from sklearn.model_selection import KFold, StratifiedKFold, check_cv
from sklearn.utils import check_random_state, get_tags
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import (
    _estimator_has,
    check_array,
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
    validate_data,
)

from .._sampler import append_rows, draw_filtered
from ..augmenter import WGANAugmenter
from ..images import is_image_stack
from ..kinds import row_sized_settings
from ..runtime import draw_seed
from ._amount_search import candidate_ratios, chosen_ratio, inner_scores
from ._estimator_check import check_estimator_takes


class Synthetic(NamedTuple):
    """What one augmenter fit drew: the synthetic rows and their targets, the fitted augmenter (None when
    nothing was drawn) and the share of drawn rows the filter kept (None without filtering)."""

    X: object
    y: np.ndarray
    augmenter: object
    filter_acceptance: float | None

    @property
    def rows(self) -> tuple:
        """``(X, y)``: all an inner fold of the amount search uses."""
        return self.X, self.y


class BaseAugmented(MetaEstimatorMixin, BaseEstimator, metaclass=ABCMeta):
    """What AugmentedClassifier and AugmentedRegressor share: the search, the draw and delegation."""

    _target_columns = 0
    """Columns the augmenter learns besides X's: 1 where the target is learned as a column."""

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit"])],
        "augmenter": [HasMethods(["fit", "sample"]), None],
        "n_synthetic": [
            StrOptions({"auto"}),
            Interval(Integral, 0, None, closed="left"),
            Interval(Real, 0, None, closed="left"),
        ],
        "candidates": ["array-like"],
        "cv": ["cv_object"],
        "scoring": [StrOptions(set(get_scorer_names())), callable, None],
        "filter_synthetic": ["boolean"],
        "random_state": ["random_state"],
        "n_jobs": [Integral, None],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        estimator,
        augmenter=None,
        *,
        n_synthetic="auto",
        candidates=(0.5, 1.0, 2.0),
        cv=3,
        scoring=None,
        filter_synthetic=True,
        random_state=None,
        n_jobs=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.augmenter = augmenter
        self.n_synthetic = n_synthetic
        self.candidates = candidates
        self.cv = cv
        self.scoring = scoring
        self.filter_synthetic = filter_synthetic
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Fit the augmenter on ``X, y``, add synthetic rows and fit a clone of ``estimator`` on all of them.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features), or a stack of images
            Training rows. A DataFrame may hold mixed column types; the augmenter learns them as they
            are, so put encoders inside ``estimator`` (a ``Pipeline``) when the model needs numbers.
            ``AugmentedClassifier`` also takes a stack of images (an array, or nested lists, of 3 or 4
            dimensions, as ``WGANAugmenter`` reads them, e.g. ``(n_images, height, width)``), and
            hands real and synthetic ones to ``estimator`` as they are: give it a flattening step,
            ``make_pipeline(FlattenImages(divide_by=255), SVC())``, when it takes rows.
        y : array-like of shape (n_samples,)
            Targets.

        Returns
        -------
        self : object
            The fitted meta-estimator.
        """
        X, y = self._validate_training_data(X, y)
        check_estimator_takes(self.estimator, X, y)
        rng = check_random_state(self.random_state)
        ratio, self.cv_results_ = self._choose_ratio(X, y, rng)
        n_rows = int(round(ratio * len(y)))
        self._say(f"final fit: the augmenter on {len(y)} rows, {n_rows} synthetic rows (ratio {ratio:g})")
        X_syn, y_syn, self.augmenter_, self.filter_acceptance_ = self._synthesize(X, y, n_rows, rng)
        self.synthetic_ratio_ = ratio
        self.n_synthetic_ = len(y_syn)
        self.estimator_ = clone(self.estimator).fit(*append_rows(X, y, X_syn, y_syn))
        return self

    @available_if(_estimator_has("predict"))
    def predict(self, X):
        """Predict with the fitted estimator; the augmenter takes no part.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features), or a stack of images
            Rows to predict (images of the training shape when it was fitted on images).

        Returns
        -------
        y : ndarray of shape (n_samples,)
            The estimator's predictions.
        """
        check_is_fitted(self)
        return self.estimator_.predict(self._validate_X(X, reset=False))

    @available_if(_estimator_has("score"))
    def score(self, X, y):
        """The fitted estimator's own ``score`` on ``X, y``.

        Parameters
        ----------
        X : DataFrame or array-like of shape (n_samples, n_features), or a stack of images
            Test rows (images of the training shape when it was fitted on images).
        y : array-like of shape (n_samples,)
            True targets.

        Returns
        -------
        score : float
            What ``estimator_.score`` returns (accuracy for most classifiers, R² for regressors).
        """
        check_is_fitted(self)
        return self.estimator_.score(self._validate_X(X, reset=False), y)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        estimator_tags = get_tags(self.estimator)
        tags.input_tags.allow_nan = estimator_tags.input_tags.allow_nan
        tags.input_tags.string = estimator_tags.input_tags.string
        tags.input_tags.categorical = estimator_tags.input_tags.categorical
        tags.input_tags.sparse = False
        return tags

    # -- hooks: what a subclass says about its kind of target ------------------------------------------

    @abstractmethod
    def _validate_y(self, y):
        """The targets as the subclass learns them, once it has checked them.

        ``fit`` calls it with ``y`` already one-dimensional and as long as ``X``. It must return an
        ndarray of the same length -- the labels for a classifier, floats for a regressor -- or
        raise ``ValueError`` for targets the subclass cannot learn. Every later hook gets this ``y``.
        """

    @abstractmethod
    def _plan(self, y, n_rows):
        """The group of each synthetic row to draw when ``n_rows`` rows are wanted for targets ``y``.

        It must return a one-dimensional ndarray with one entry per row to draw: ``n_rows`` entries,
        or none when nothing can be drawn. Every prefix must be the plan for that smaller amount, since
        the amount search reuses the head of one draw. The entries are what ``_sample_plan`` draws
        and what the filter groups replacements by (the class of each row, for a classifier).
        """

    @abstractmethod
    def _fit_augmenter(self, augmenter, X, y):
        """Fit ``augmenter``, a fresh clone, on the training rows ``X, y``.

        It fits in place and its return value is ignored; afterwards ``_sample_plan`` must be able to
        draw from ``augmenter``.
        """

    @abstractmethod
    def _sample_plan(self, augmenter, plan, seed, X, y):
        """Draw one synthetic row per entry of ``plan`` from the fitted ``augmenter``, seeded with ``seed``.

        ``X, y`` are the rows the augmenter was fitted on (an image classifier draws variants of them).
        It must return ``(X_syn, y_syn)``, both as long as ``plan`` and in its order: rows with the
        columns of the training ``X`` (a DataFrame or an array, as the augmenter gives them) and an
        ndarray of their targets with the dtype of the ``y`` that ``_validate_y`` returned.
        """

    @abstractmethod
    def _fit_acceptor(self, X, y):
        """The filter's test of synthetic rows, learned from the real rows ``X, y``.

        Called only when ``filter_synthetic`` is on, before any row is drawn. It must return a
        callable ``accept(X_syn, y_syn)`` that gives a boolean array, True for each synthetic row
        to keep.
        """

    def _extra_candidates(self, y):
        """Ratios the "auto" search compares besides ``candidates`` and zero: a 1-d float array, empty here."""
        return np.empty(0)

    # -- input -------------------------------------------------------------------------------------

    def _validate_X(self, X, reset):
        """Check feature count and names; arrays become numeric where they can, DataFrames stay as given,
        image stacks keep their shape and dtype (the augmenter learns their value range)."""
        shape = np.shape(X)[1:] if is_image_stack(X) else None
        if reset:
            self._image_shape = shape
        elif shape != getattr(self, "_image_shape", None):
            fitted_shape = getattr(self, "_image_shape", None)
            fitted_on = (f"rows of {self.n_features_in_} features" if fitted_shape is None
                         else f"images of shape {fitted_shape}")
            given = "rows" if shape is None else f"images of shape {shape}"
            raise ValueError(f"X holds {given}, but {type(self).__name__} was fitted on {fitted_on}.")
        if shape is not None:
            images = check_array(X, allow_nd=True, dtype="numeric", input_name="X")
            if reset:
                self.n_features_in_ = int(np.prod(shape))
                self.__dict__.pop("feature_names_in_", None)
            return images
        if isinstance(X, pd.DataFrame):
            return validate_data(self, X, reset=reset, skip_check_array=True)
        try:
            return validate_data(self, X, reset=reset, dtype="numeric", ensure_all_finite=False)
        except ValueError:
            # Text in an array: keep it, the augmenter learns such columns as categories.
            return validate_data(self, X, reset=reset, dtype=None, ensure_all_finite=False)

    def _validate_training_data(self, X, y):
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y is None."
            )
        X = self._validate_X(X, reset=True)
        y = column_or_1d(y, warn=True)
        check_consistent_length(X, y)
        return X, self._validate_y(y)

    # -- how many rows: the safety net ---------------------------------------------------------------

    def _choose_ratio(self, X, y, rng):
        """The ratio of synthetic to real rows to use, and the inner-CV results behind it (or None)."""
        if self.n_synthetic != "auto":
            if isinstance(self.n_synthetic, Integral):
                return self.n_synthetic / len(y), None
            return float(self.n_synthetic), None
        return self._search_ratio(X, y, rng)

    def _search_ratio(self, X, y, rng):
        """The ratio the "auto" search picks, and its ``cv_results_``; zero and None when rows are too few."""
        ratios = candidate_ratios(self.candidates, self._extra_candidates(y))
        cv = self._inner_cv(y, rng)
        n_splits = cv.get_n_splits(X, y)
        if len(y) < 2 * n_splits:
            # stacklevel=1: the user's call is a different number of frames up for each subclass.
            warnings.warn(
                f"{type(self).__name__}: {len(y)} rows are too few for a {n_splits}-fold inner "
                "cross-validation, so no synthetic rows are added.",
                UserWarning,
                stacklevel=1,
            )
            return 0.0, None
        splits = list(cv.split(X, y))
        seeds = [draw_seed(rng) for _ in splits]  # one per fold, drawn up front: the same whatever n_jobs is
        scores = inner_scores(
            X,
            y,
            ratios,
            splits,
            synthesize=lambda X_train, y_train, n_rows, seed: self._synthesize(
                X_train, y_train, n_rows, np.random.RandomState(seed), sized_for=len(y)).rows,
            fit=lambda X_fit, y_fit: clone(self.estimator).fit(X_fit, y_fit),
            scorer=check_scoring(self.estimator, scoring=self.scoring),
            seeds=seeds,
            n_jobs=self.n_jobs,
            say=self._say if self.verbose else None,
        )
        ratio, results = chosen_ratio(ratios, scores, len(y))
        self._say(f"search: chose {ratio:g}x of " + ", ".join(
            f"{candidate:g}x {score:.4f}" for candidate, score in zip(ratios, results["mean_test_score"])))
        return ratio, results

    def _inner_cv(self, y, rng):
        if isinstance(self.cv, Integral):
            splitter = StratifiedKFold if is_classifier(self) else KFold
            return splitter(self.cv, shuffle=True, random_state=draw_seed(rng))
        return check_cv(self.cv, y, classifier=is_classifier(self))

    # -- making the rows -----------------------------------------------------------------------------

    def _synthesize(self, X, y, n_rows, rng, sized_for=None):
        """Fit an augmenter on ``X, y`` and draw up to ``n_rows`` rows (fewer when filtering runs dry).

        ``sized_for`` is the number of rows whose "auto" network sizes the augmenter takes (default:
        ``len(y)``): an inner fold passes the full training count, so that it scores the model the final
        fit will make. Returns them as a :class:`Synthetic`.
        """
        plan = self._plan(y, n_rows)
        if len(plan) == 0:
            return Synthetic(None, y[:0], None, None)
        augmenter = self._new_augmenter(rng, X, len(y) if sized_for is None else sized_for)
        self._fit_augmenter(augmenter, X, y)
        if not self.filter_synthetic:
            X_syn, y_syn = self._sample_plan(augmenter, plan, draw_seed(rng), X, y)
            return Synthetic(X_syn, y_syn, augmenter, None)
        accept = self._fit_acceptor(X, y)
        X_syn, y_syn, acceptance = draw_filtered(
            lambda request: self._sample_plan(augmenter, request, draw_seed(rng), X, y), plan, accept
        )
        return Synthetic(X_syn, y_syn, augmenter, acceptance)

    def _say(self, message):
        """Progress of the search and the final fit on stderr, with ``verbose``."""
        if self.verbose:
            print(f"[{type(self).__name__}] {message}", file=sys.stderr, flush=True)

    def _new_augmenter(self, rng, X, sized_for):
        augmenter = WGANAugmenter() if self.augmenter is None else clone(self.augmenter)
        if isinstance(augmenter, WGANAugmenter):
            # Each inner fit is a fit of its own: no shared checkpoint file, nothing to continue.
            augmenter.set_params(checkpoint_every=None, checkpoint_path=None, warm_start=False)
            n_columns = np.shape(X)[1] + self._target_columns
            augmenter.set_params(**row_sized_settings(augmenter.get_params(), X, sized_for, n_columns))
        if self.random_state is not None and "random_state" in augmenter.get_params():
            augmenter.set_params(random_state=draw_seed(rng))
        return augmenter

