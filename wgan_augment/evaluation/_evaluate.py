"""``evaluate``: fidelity, privacy, utility and training diagnostics of synthetic rows in one call."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ..runtime import draw_seed
from ..tabular import IDENTIFIER
from ._columns import as_frame, column_kinds, conform
from .diagnostics import training_diagnostics
from .fidelity import fidelity_metrics
from .images import image_metrics, is_image_data
from .privacy import privacy_metrics
from .utility import CLASSIFICATION, task_of, utility_metrics

RESULTS_FORMAT = "wgan-augment-evaluation"
RESULTS_VERSION = 1
MIN_REAL_ROWS = 4


def evaluate(
    real,
    synthetic=None,
    *,
    target=None,
    holdout=None,
    augmenter=None,
    estimator=None,
    scoring=None,
    refit_per_fold=False,
    cv=5,
    holdout_fraction=0.25,
    random_state=0,
) -> dict:
    """Answer three questions about synthetic rows: do they look real, are they copies, do they help?

    Parameters
    ----------
    real : DataFrame, 2-D array, image array or (X, y) pair
        The rows the generator was trained on. An image stack (3-D or 4-D array, optionally with
        labels as an (images, labels) pair) is evaluated with the image metrics of
        :func:`~wgan_augment.evaluation.images.image_metrics`: Fréchet distance and conditional
        accuracy in the features of a small classifier trained on the real images, distances to the
        closest training image, the held-out accuracy of a classifier with and without the synthetic
        images, and image grids.
    synthetic : DataFrame, 2-D array or (X, y) pair, default=None
        Generated rows with the real table's columns (order and dtypes may differ: each column is
        read as the real one's kind). None generates ``len(real)`` rows from ``augmenter``.
    target : str, default=None
        Label column. Without it utility is not measured; with (X, y) pairs it names y's column.
    holdout : DataFrame, 2-D array or (X, y) pair, default=None
        Real rows the generator never saw: the privacy baseline, the non-members of the
        membership-inference attack, and the test set of train-on-synthetic-test-on-real. None splits
        ``holdout_fraction`` of ``real`` off instead (and leaves membership inference unmeasured).
    augmenter : WGANAugmenter, default=None
        A fitted augmenter: its ``history_`` gives the training diagnostics, its identifier columns
        (``column_roles_``) are checked for copied training values, and it generates the
        synthetic rows when ``synthetic`` is None.
    estimator : scikit-learn estimator, default=None
        The model for the utility tests, fitted on raw tables; None picks a logistic regression (or
        ridge for a numeric target) on standardised numbers and one-hot categories.
    scoring : str, default=None
        Scorer name for the utility tests; "balanced_accuracy" (classes) or "r2" (numbers) by default.
    refit_per_fold : bool, default=False
        Measure the augmentation gain by refitting a clone of ``augmenter`` on each training fold
        (``fit_resample``), so validation rows never shape the synthetic ones. Honest but costs one
        training per fold; otherwise the given synthetic rows are added to every training fold.
    cv : int, default=5
        Folds for the two-sample test and the augmentation gain.
    holdout_fraction : float, default=0.25
        Share of ``real`` split off as the holdout when none is given (stratified by the target).
    random_state : int, RandomState instance or None, default=0
        Seeds splits, folds, models and generation; the default makes the numbers reproducible.

    Returns
    -------
    dict
        Only plain values (str, float, int, bool, None, lists and dicts), ready for
        :func:`write_json` and :func:`write_report`: ``data`` (sizes, columns), ``fidelity``,
        ``privacy``, ``utility`` (None without a target), ``diagnostics`` (None without an augmenter)
        and ``headline`` (one sentence per question). Each section has a ``status`` ("ok", "warning",
        "poor" or "memorisation") and a ``verdict`` sentence. ``privacy`` holds, beside the distances,
        the share of synthetic cells repeating a rare training value per categorical column, the share
        equal to a training value per identifier-like column, and a membership-inference AUC (None
        unless ``holdout`` is given): see :func:`~wgan_augment.evaluation.privacy.privacy_metrics`.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> real = pd.DataFrame({"x": rng.normal(size=80), "c": rng.choice(["a", "b"], 80)})
    >>> results = evaluate(real, real.sample(frac=1.0, random_state=1))
    >>> results["fidelity"]["mean_column_distance"]
    0.0
    >>> results["privacy"]["exact_copy_share"]
    1.0
    """
    images = is_image_data(real)
    if images:  # before the general checks, whose advice for these options is about tables
        _check_image_options(target=target, estimator=estimator, scoring=scoring, refit_per_fold=refit_per_fold)
    _check_options(cv, holdout_fraction, refit_per_fold, augmenter, target)
    if images:
        return _evaluate_images(real, synthetic, holdout, augmenter, cv, holdout_fraction, random_state)
    real = _checked_real(real, target)
    rng = check_random_state(random_state)
    synthetic = _synthetic_table(synthetic, augmenter, real, target, rng)
    training_part, test_part, holdout_given = _holdout_split(real, holdout, target, holdout_fraction, rng)
    seed = draw_seed(rng)
    results = {
        "format": RESULTS_FORMAT,
        "format_version": RESULTS_VERSION,
        "data": _data_summary(real, synthetic, test_part, target, holdout_given),
        "fidelity": fidelity_metrics(real, synthetic, cv=cv, random_state=seed),
        "privacy": privacy_metrics(real, training_part, test_part, synthetic, holdout_given=holdout_given,
                                   identifier_columns=_declared_identifiers(augmenter), random_state=seed),
        "utility": None,
        "diagnostics": _diagnostics(augmenter),
    }
    if target is not None:
        results["utility"] = utility_metrics(
            real, training_part, test_part, synthetic, target, augmenter=augmenter if refit_per_fold else None,
            estimator=estimator, scoring=scoring, cv=cv, random_state=seed,
        )
    return _with_headline(results)


def _check_image_options(**options) -> None:
    """Refuse table-only options with images rather than ignore them; None and False mean not given."""
    for name, value in options.items():
        if value is not None and value is not False:
            raise ValueError(
                f"{name}={value!r} applies to tables only; images are labelled by passing (images, labels) pairs."
            )


def _with_headline(results: dict) -> dict:
    results["headline"] = {section: results[section]["verdict"] if results[section] else None
                           for section in ("fidelity", "privacy", "utility")}
    return results


def _evaluate_images(real, synthetic, holdout, augmenter, cv, holdout_fraction, random_state) -> dict:
    rng = check_random_state(random_state)
    if synthetic is None:
        if augmenter is None:
            raise ValueError("Give the synthetic images, or a fitted augmenter= to generate them.")
        check_is_fitted(augmenter, "generator_")
        n_images = len(real[0] if isinstance(real, tuple) else real)
        synthetic = augmenter.sample(n_images, random_state=draw_seed(rng))
    results = {"format": RESULTS_FORMAT, "format_version": RESULTS_VERSION}
    results.update(image_metrics(real, synthetic, holdout=holdout, holdout_fraction=holdout_fraction, cv=cv,
                                 random_state=draw_seed(rng)))
    results["diagnostics"] = _diagnostics(augmenter)
    return _with_headline(results)


def _check_options(cv, holdout_fraction, refit_per_fold, augmenter, target) -> None:
    if not isinstance(cv, Integral) or isinstance(cv, bool) or cv < 2:
        raise ValueError(f"cv must be an integer of at least 2, got {cv!r}.")
    if not isinstance(holdout_fraction, Real) or not 0 < holdout_fraction < 1:
        raise ValueError(f"holdout_fraction must be a number between 0 and 1, got {holdout_fraction!r}.")
    if refit_per_fold and (augmenter is None or target is None):
        raise ValueError("refit_per_fold=True needs an augmenter= to refit and a target= to predict.")


def _checked_real(real, target) -> pd.DataFrame:
    frame = as_frame(real, target, "real")
    if len(frame) < MIN_REAL_ROWS:
        raise ValueError(f"real has {len(frame)} rows; evaluation needs at least {MIN_REAL_ROWS}.")
    if frame.shape[1] == 0:
        raise ValueError("real has 0 feature(s) (columns); evaluation needs at least one.")
    if target is not None and target not in frame.columns:
        raise ValueError(f"target={target!r} is not a column of real (columns: {list(frame.columns)}).")
    return frame


def _synthetic_table(synthetic, augmenter, real: pd.DataFrame, target, rng) -> pd.DataFrame:
    if synthetic is None:
        synthetic = _generate(augmenter, len(real), target, rng)
    frame = conform(as_frame(synthetic, target, "synthetic"), real, "synthetic")
    if len(frame) < 2:
        raise ValueError(f"synthetic has {len(frame)} rows; evaluation needs at least 2.")
    return frame


def _generate(augmenter, n_rows: int, target, rng):
    if augmenter is None:
        raise ValueError("Give the synthetic rows, or a fitted augmenter= to generate them.")
    check_is_fitted(augmenter, "generator_")
    if augmenter.conditioning_ is not None and target is None:
        raise ValueError("augmenter was fitted with labels: pass target= to name the label column.")
    return augmenter.sample(n_rows, random_state=draw_seed(rng))


def _holdout_split(real: pd.DataFrame, holdout, target, fraction: float, rng):
    """(rows distances are measured against, held-out rows, whether the holdout was given)."""
    if holdout is not None:
        frame = conform(as_frame(holdout, target, "holdout"), real, "holdout")
        if len(frame) < 1:
            raise ValueError("holdout has 0 rows.")
        return real, frame, True
    labels = real[target] if target is not None else None
    stratify = labels if labels is not None and _can_stratify(labels, fraction) else None
    training_part, test_part = train_test_split(real, test_size=fraction, stratify=stratify,
                                                random_state=draw_seed(rng))
    return training_part.reset_index(drop=True), test_part.reset_index(drop=True), False


def _can_stratify(labels: pd.Series, fraction: float) -> bool:
    if task_of(labels) != CLASSIFICATION:
        return False
    counts = labels.value_counts(dropna=False)
    n_test = int(np.ceil(fraction * len(labels)))
    return counts.min() >= 2 and len(counts) <= min(n_test, len(labels) - n_test)


def _data_summary(real, synthetic, holdout, target, holdout_given: bool) -> dict:
    return {
        "kind": "table",
        "n_real": len(real),
        "n_synthetic": len(synthetic),
        "n_holdout": len(holdout),
        "holdout": "given" if holdout_given else "split from real",
        "target": None if target is None else str(target),
        "columns": {str(column): kind for column, kind in column_kinds(real).items()},
    }


def _declared_identifiers(augmenter) -> list:
    """The columns a fitted augmenter generated as identifiers: their training values must not reappear."""
    roles = getattr(augmenter, "column_roles_", None) or {}
    return [column for column, role in roles.items() if role == IDENTIFIER]


def _diagnostics(augmenter) -> dict | None:
    history = getattr(augmenter, "history_", None)
    if history is None:
        return None
    diagnostics = training_diagnostics(history)
    params = augmenter.get_params()
    # The steps, critic steps and batch size the fit used, "auto" resolved.
    settings = {"n_steps": getattr(augmenter, "n_steps_", params.get("n_steps")),
                "n_critic": getattr(augmenter, "n_critic_", params.get("n_critic")),
                "constraint": params.get("constraint"),
                "batch_size": getattr(augmenter, "batch_size_", params.get("batch_size"))}
    diagnostics["settings"] = {name: value for name, value in settings.items() if value is not None}
    return diagnostics
