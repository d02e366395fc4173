"""Utility: does training on synthetic rows help a model predict real ones?

Two questions, each answered with the same estimator and score:

- Train on synthetic, test on real (TSTR): a model fitted on synthetic rows alone, scored on real
  rows the generator never saw, next to the same model fitted on real rows (TRTR).
- Augmentation gain: the cross-validated score on the real rows alone, versus with synthetic rows
  added to each training fold (never to a validation fold), versus SMOTE-resampled training folds
  (SMOTENC for mixed tables, when imbalanced-learn is installed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import get_scorer
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.utils import check_random_state

from ..runtime import draw_seed, one_thread
from ._columns import CATEGORICAL, NUMERIC, column_kind, encoding_steps, prepare_columns

CLASSIFICATION, REGRESSION = "classification", "regression"
DEFAULT_SCORING = {CLASSIFICATION: "balanced_accuracy", REGRESSION: "r2"}

# A numeric target with more distinct values than this is predicted as a number, not as classes.
MAX_CLASSES = 20

REAL, AUGMENTED, SMOTE, CLASS_WEIGHTS = "real", "real+synthetic", "real+SMOTE", "real, class weights"


def task_of(labels: pd.Series) -> str:
    """``"regression"`` for a numeric target with more than :data:`MAX_CLASSES` values, else ``"classification"``."""
    if column_kind(labels) == NUMERIC and labels.nunique() > MAX_CLASSES:
        return REGRESSION
    return CLASSIFICATION


def make_default_estimator(task: str = CLASSIFICATION) -> Pipeline:
    """Standardised numbers and one-hot categories into a logistic regression (or ridge, for numbers).

    A linear model is the usual choice on a few hundred rows, where it is hard to beat and quick to
    fit five times over; the pipeline accepts raw tables (dates, bools, text, missing values).
    """
    model = LogisticRegression(max_iter=2000) if task == CLASSIFICATION else Ridge()
    return Pipeline(encoding_steps() + [("model", model)])


def train_synthetic_test_real(
    train: pd.DataFrame,
    synthetic: pd.DataFrame,
    test: pd.DataFrame,
    target: str,
    *,
    estimator=None,
    scoring: str | None = None,
) -> dict:
    """Score on ``test`` of the estimator fitted on ``synthetic`` (TSTR) and on real ``train`` rows (TRTR).

    Returns
    -------
    dict with ``train_on_real``, ``train_on_synthetic`` (None with a ``note`` when the synthetic rows
    cannot train it, e.g. one class only), ``test_rows`` and ``scoring``.
    """
    _check_target(target, train=train, synthetic=synthetic, test=test)
    task = task_of(train[target])
    estimator = estimator if estimator is not None else make_default_estimator(task)
    scorer, scoring = _scorer(scoring, task)
    X_test, y_test = _split(test, target)
    result = {"scoring": scoring, "test_rows": len(test),
              "train_on_real": _fit_score(estimator, scorer, *_split(train, target), X_test, y_test)}
    if task == CLASSIFICATION and synthetic[target].nunique() < 2:
        return {**result, "train_on_synthetic": None, "note": "the synthetic rows hold a single class"}
    return {**result, "train_on_synthetic": _fit_score(estimator, scorer, *_split(synthetic, target), X_test, y_test)}


def augmentation_gain(
    real: pd.DataFrame,
    target: str,
    *,
    synthetic: pd.DataFrame | None = None,
    augmenter=None,
    estimator=None,
    scoring: str | None = None,
    cv: int = 5,
    smote: bool = True,
    class_weights: bool = True,
    random_state=0,
) -> dict:
    """Cross-validated score on real rows alone, with synthetic rows added, with SMOTE and with class weights.

    Parameters
    ----------
    real : DataFrame
        The real rows, target column included.
    target : str
        The column to predict.
    synthetic : DataFrame, default=None
        Synthetic rows added to every training fold. They come from a generator trained on all of
        ``real``, validation folds included, so the gain they show is optimistic; pass ``augmenter``
        instead for an honest estimate.
    augmenter : WGANAugmenter, default=None
        Cloned and fitted on each training fold with ``fit_resample`` (its ``sampling_strategy`` and
        ``extra_samples`` set how many rows it adds), so no validation row is ever seen by it.
    estimator : scikit-learn estimator, default=None
        Fitted on raw tables; by default :func:`make_default_estimator`. For the SMOTE comparison it
        gets dates as days since 1970 and missing numbers filled with the fold's median, as SMOTE needs.
    scoring : str, default=None
        A scikit-learn scorer name; "balanced_accuracy" for classes, "r2" for numbers by default.
    cv : int, default=5
        Folds (stratified for classes; fewer when the smallest class is smaller).
    smote : bool, default=True
        Also score SMOTE-resampled folds (classes only, when imbalanced-learn is installed).
    class_weights : bool, default=True
        Also score the estimator on the real rows with every ``class_weight`` parameter it has set to
        "balanced" (classes only): the free baseline that synthetic rows must beat, since most of what
        balancing rows add on scarce tables, class weights add too (docs/measurements/when_rows_help.md).
    random_state : int, RandomState instance or None, default=0
        Seeds the folds, SMOTE and the fold-wise augmenters.

    Returns
    -------
    dict with ``scores`` (variant -> ``{"mean", "std", "folds"}``), ``gain`` (augmented minus real),
    ``gain_vs_smote``, ``gain_vs_class_weights``, ``synthetic_rows_per_fold``, ``synthetic_source`` and
    ``notes``.
    """
    _check_target(target, real=real, synthetic=synthetic)
    task = task_of(real[target])
    estimator = estimator if estimator is not None else make_default_estimator(task)
    scorer, scoring = _scorer(scoring, task)
    folds, notes = _folds(real[target], task, cv, random_state)
    if folds is None:
        return {"scoring": scoring, "scores": {}, "gain": None, "gain_vs_smote": None, "gain_vs_class_weights": None,
                "notes": notes}
    variants = {REAL: (_unchanged, estimator),
                AUGMENTED: (_augment_with(synthetic, target, augmenter, random_state), estimator)}
    if smote and task == CLASSIFICATION:
        resample, reason = _smote_resampler(random_state)
        if resample is None:
            notes.append(reason)
        else:
            variants[SMOTE] = (resample, estimator)
    if class_weights and task == CLASSIFICATION:
        weighted = _with_balanced_class_weights(estimator)
        if weighted is None:
            notes.append("class-weight comparison skipped: the estimator has no class_weight parameter")
        else:
            variants[CLASS_WEIGHTS] = (_unchanged, weighted)
    scores, added = _cross_validate(variants, *_split(real, target), folds, scorer)
    summary = {name: _mean_std(values) for name, values in scores.items()}
    if synthetic is not None and augmenter is None:
        notes.append("if the synthetic rows came from a generator trained on all these real rows, it saw the "
                     "validation folds and the gain is optimistic; retraining the generator on each training fold "
                     "gives an honest estimate (Python: evaluate(..., augmenter=..., refit_per_fold=True))")
    paired = np.subtract(scores[AUGMENTED], scores[REAL])
    return {
        "scoring": scoring,
        "folds": folds.get_n_splits(),
        "scores": summary,
        "gain": float(paired.mean()),
        "gain_standard_error": float(paired.std(ddof=1) / np.sqrt(len(paired))) if len(paired) > 1 else None,
        "gain_vs_smote": summary[AUGMENTED]["mean"] - summary[SMOTE]["mean"] if SMOTE in summary else None,
        "gain_vs_class_weights": (summary[AUGMENTED]["mean"] - summary[CLASS_WEIGHTS]["mean"]
                                  if CLASS_WEIGHTS in summary else None),
        "synthetic_rows_per_fold": float(np.mean(added)),
        "synthetic_source": "refit per fold" if augmenter is not None else "fixed rows",
        "notes": notes,
    }


def utility_metrics(
    real: pd.DataFrame,
    train: pd.DataFrame,
    test: pd.DataFrame,
    synthetic: pd.DataFrame,
    target: str,
    *,
    augmenter=None,
    estimator=None,
    scoring: str | None = None,
    cv: int = 5,
    random_state=0,
) -> dict:
    """TSTR on ``test`` and the cross-validated augmentation gain on ``real``, with the task and estimator named."""
    task = task_of(real[target])
    chosen = estimator if estimator is not None else make_default_estimator(task)
    tstr = train_synthetic_test_real(train, synthetic, test, target, estimator=chosen, scoring=scoring)
    augmentation = augmentation_gain(real, target, synthetic=None if augmenter is not None else synthetic,
                                     augmenter=augmenter, estimator=chosen, scoring=scoring, cv=cv,
                                     random_state=random_state)
    status, verdict = _verdict(augmentation, tstr)
    return {"status": status, "verdict": verdict, "task": task, "target": str(target),
            "estimator": _describe(chosen), "tstr": tstr, "augmentation": augmentation}


# A gain counts as real when it exceeds this many standard errors of the paired fold differences
# and at least MIN_GAIN in the score's own units.
SIGNIFICANT_ERRORS, MIN_GAIN = 1.0, 0.005


def _verdict(augmentation: dict, tstr: dict) -> tuple[str, str]:
    gain, scores = augmentation.get("gain"), augmentation.get("scores", {})
    if gain is None:
        return "warning", "Augmentation gain not measured: " + "; ".join(augmentation.get("notes", [])) + "."
    threshold = max(MIN_GAIN, SIGNIFICANT_ERRORS * (augmentation.get("gain_standard_error") or 0.0))
    if gain > threshold:
        status, opening = "ok", "Augmenting helps"
    elif gain < -threshold:
        status, opening = "poor", "Augmenting hurts"
    else:
        status, opening = "warning", "No clear effect of augmenting"
    name = augmentation["scoring"]
    text = (f"{opening}: cross-validated {name} {scores[REAL]['mean']:.3f} on real rows, "
            f"{scores[AUGMENTED]['mean']:.3f} with synthetic rows ({gain:+.3f})")
    if SMOTE in scores:
        text += f", {scores[SMOTE]['mean']:.3f} with SMOTE"
    if CLASS_WEIGHTS in scores:
        text += f", {scores[CLASS_WEIGHTS]['mean']:.3f} with class weights and no added rows"
    text += "."
    if tstr.get("train_on_synthetic") is not None:
        text += (f" Trained on synthetic rows alone and tested on real ones: {tstr['train_on_synthetic']:.3f} "
                 f"(trained on real: {tstr['train_on_real']:.3f}).")
    return status, text


# ------------------------------------------------------------------------------------ helpers
def _cross_validate(variants: dict, features, labels, folds, scorer) -> tuple[dict, list]:
    """Per variant (a resampling of the training fold and the estimator to fit), the score on every validation
    fold; and the rows the augmenting variant added per fold."""
    scores, added = {name: [] for name in variants}, []
    for train_index, test_index in folds.split(features, labels):
        X_train, y_train = features.iloc[train_index], labels.iloc[train_index]
        X_test, y_test = features.iloc[test_index], labels.iloc[test_index]
        for name, (resample, estimator) in variants.items():
            X_fit, y_fit = resample(X_train, y_train)
            if name == AUGMENTED:
                added.append(len(X_fit) - len(X_train))
            scores[name].append(_fit_score(estimator, scorer, X_fit, y_fit, X_test, y_test))
    return scores, added


def _with_balanced_class_weights(estimator):
    """A clone of ``estimator`` with every ``class_weight`` parameter (nested ones too) "balanced"; None without one."""
    names = [name for name in estimator.get_params() if name == "class_weight" or name.endswith("__class_weight")]
    return clone(estimator).set_params(**dict.fromkeys(names, "balanced")) if names else None


def _check_target(target: str, **frames) -> None:
    for name, frame in frames.items():
        if frame is not None and target not in frame.columns:
            raise ValueError(f"target={target!r} is not a column of {name} (columns: {list(frame.columns)}).")


def _scorer(scoring: str | None, task: str):
    name = scoring or DEFAULT_SCORING[task]
    return get_scorer(name), name


def _split(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, pd.Series]:
    return frame.drop(columns=[target]), frame[target]


def _fit_score(estimator, scorer, X_fit, y_fit, X_test, y_test) -> float:
    with one_thread():
        model = clone(estimator).fit(X_fit, np.asarray(y_fit))
        return float(scorer(model, X_test, np.asarray(y_test)))


def _folds(labels: pd.Series, task: str, cv: int, random_state):
    if task == REGRESSION:
        return KFold(n_splits=min(cv, len(labels)), shuffle=True, random_state=random_state), []
    smallest = int(labels.value_counts().min())
    if smallest < 2:
        return None, [f"a class of {labels.name!r} has a single row: no cross-validation possible"]
    notes = [] if smallest >= cv else [f"{smallest} folds, as the smallest class has {smallest} rows"]
    return StratifiedKFold(n_splits=min(cv, smallest), shuffle=True, random_state=random_state), notes


def _unchanged(X: pd.DataFrame, y: pd.Series):
    return X, y


def _augment_with(synthetic: pd.DataFrame | None, target: str, augmenter, random_state):
    if augmenter is not None:
        rng = check_random_state(random_state)

        def refit(X, y):
            fold_augmenter = clone(augmenter).set_params(random_state=draw_seed(rng))
            return fold_augmenter.fit_resample(X, y)

        return refit
    if synthetic is None:
        raise ValueError("augmentation_gain needs synthetic rows or an augmenter.")
    extra_X, extra_y = _split(synthetic, target)

    def add(X, y):
        return (pd.concat([X, extra_X[X.columns]], ignore_index=True),
                pd.concat([y.reset_index(drop=True), extra_y.reset_index(drop=True)], ignore_index=True))

    return add


def _smote_resampler(random_state):
    try:
        from imblearn.over_sampling import SMOTE as PlainSMOTE
        from imblearn.over_sampling import SMOTEN, SMOTENC
    except ImportError:
        return None, ("SMOTE comparison skipped: imbalanced-learn is not installed "
                      "(pip install 'wgan-augment[imbalanced]')")

    def resample(X: pd.DataFrame, y: pd.Series):
        prepared = prepare_columns(X)
        numeric = [column for column in prepared.columns if column_kind(prepared[column]) != CATEGORICAL]
        # SMOTE interpolates numbers, so it cannot take missing ones: the fold's medians stand in.
        prepared[numeric] = prepared[numeric].fillna(prepared[numeric].median()).fillna(0.0)
        neighbours = min(5, int(y.value_counts().min()) - 1)
        if neighbours < 1:
            return X, y
        if not numeric:
            sampler = SMOTEN(k_neighbors=neighbours, random_state=random_state)
        elif len(numeric) == prepared.shape[1]:
            sampler = PlainSMOTE(k_neighbors=neighbours, random_state=random_state)
        else:
            categorical = [column not in numeric for column in prepared.columns]
            sampler = SMOTENC(categorical_features=categorical, k_neighbors=neighbours, random_state=random_state)
        return sampler.fit_resample(prepared, y)

    return resample, None


def _mean_std(values: list) -> dict:
    return {"mean": float(np.mean(values)), "std": float(np.std(values)), "folds": values}


def _describe(estimator) -> str:
    if isinstance(estimator, Pipeline):
        return type(estimator.steps[-1][1]).__name__ + " (pipeline)"
    return type(estimator).__name__
