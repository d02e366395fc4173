"""The downstream classifiers of the scarce-table benchmarks, and how they are scored.

Logistic regression, a random forest and histogram gradient boosting, each behind one preprocessor
(numbers imputed and scaled, categories imputed and one-hot), optionally with
``class_weight="balanced"``: the free baseline that added rows must beat.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CLASSIFIER_NAMES = ("logistic", "forest", "boosting")


def preprocessor():
    """Numbers imputed and scaled, categories imputed and one-hot: the same front for all three classifiers."""
    from sklearn.compose import ColumnTransformer, make_column_selector
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    numbers = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
    categories = make_pipeline(SimpleImputer(strategy="most_frequent"),
                               OneHotEncoder(handle_unknown="ignore", sparse_output=False))
    return ColumnTransformer([("numbers", numbers, make_column_selector(dtype_include="number")),
                              ("categories", categories, make_column_selector(dtype_exclude="number"))])


def as_model_input(features: pd.DataFrame) -> pd.DataFrame:
    """Dates become days since 1970 and bools numbers; the GAN still learned them as dates and bools."""
    converted = features.copy()
    for column in converted.columns:
        values = converted[column]
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            converted[column] = (values - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86400
        elif pd.api.types.is_bool_dtype(values.dtype):
            converted[column] = values.astype(float)
        elif not pd.api.types.is_numeric_dtype(values.dtype):
            converted[column] = values.astype(object).where(values.notna(), np.nan)
    return converted


def classifier(name: str, seed: int, *, balanced: bool = False, resampler=None):
    """One of ``CLASSIFIER_NAMES`` behind the preprocessor; ``resampler`` (an imbalanced-learn sampler)
    runs between the two during fit only."""
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    weight = "balanced" if balanced else None
    model = {
        "logistic": lambda: LogisticRegression(max_iter=5000, class_weight=weight),
        "forest": lambda: RandomForestClassifier(200, random_state=seed, n_jobs=1, class_weight=weight),
        "boosting": lambda: HistGradientBoostingClassifier(random_state=seed, class_weight=weight),
    }[name]()
    if resampler is None:
        return make_pipeline(preprocessor(), model)
    from imblearn.pipeline import make_pipeline as make_sampler_pipeline

    return make_sampler_pipeline(preprocessor(), resampler, model)


def classifiers(seed: int, *, balanced: bool = False) -> dict:
    """The three classifiers by name."""
    return {name: classifier(name, seed, balanced=balanced) for name in CLASSIFIER_NAMES}


def scores(model, X_test, y_test) -> tuple[float, float]:
    """Balanced accuracy and ROC-AUC (one-vs-rest, macro, for more than two classes) on held-out rows."""
    from sklearn.metrics import balanced_accuracy_score, roc_auc_score

    proba = model.predict_proba(X_test)
    auc = roc_auc_score(y_test, proba[:, 1]) if proba.shape[1] == 2 else roc_auc_score(
        y_test, proba, multi_class="ovr", labels=model.classes_)
    return balanced_accuracy_score(y_test, model.predict(X_test)), auc
