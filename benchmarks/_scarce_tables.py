"""Scarce classification tables from data shipped inside installed packages (nothing is downloaded).

Each loader returns the features (with their own dtypes: numbers, integer codes, categories, dates,
missing values) and the class labels, and how many rows to train on; the rest, up to ``MAX_TEST_ROWS``,
is held out. Sources: scikit-learn, statsmodels, palmerpenguins and vega_datasets (the ``bench`` extra).
ISLP's data sets are deliberately not used: they are kept for an independent check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_TEST_ROWS = 1000


@dataclass(frozen=True)
class ScarceTable:
    features: pd.DataFrame
    labels: np.ndarray
    train_rows: int


def _iris() -> ScarceTable:
    from sklearn.datasets import load_iris

    data = load_iris(as_frame=True)
    return ScarceTable(data.data, data.target.to_numpy(), 100)


def _wine() -> ScarceTable:
    from sklearn.datasets import load_wine

    data = load_wine(as_frame=True)
    return ScarceTable(data.data, data.target.to_numpy(), 120)


def _breast_cancer() -> ScarceTable:
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer(as_frame=True)
    return ScarceTable(data.data, data.target.to_numpy(), 400)


def _diabetes() -> ScarceTable:
    from sklearn.datasets import load_diabetes

    data = load_diabetes(as_frame=True, scaled=False)
    features = data.data.assign(sex=data.data["sex"].map({1.0: "f", 2.0: "m"}))
    labels = pd.qcut(data.target, 3, labels=["low", "mid", "high"]).astype(str).to_numpy()
    return ScarceTable(features, labels, 300)


def _digits() -> ScarceTable:
    """Three look-alike digits as 64 integer-coded columns (0-16): a wide table of small integers."""
    from sklearn.datasets import load_digits

    data = load_digits(as_frame=True)
    chosen = data.target.isin([3, 5, 8]).to_numpy()
    features = data.data[chosen].astype(np.int64).reset_index(drop=True)
    return ScarceTable(features, data.target[chosen].to_numpy(), 360)


def _penguins() -> ScarceTable:
    from palmerpenguins import load_penguins

    frame = load_penguins()
    frame = frame[frame["species"].notna()].reset_index(drop=True)
    features = frame.drop(columns=["species"]).astype({"island": object, "sex": object})
    return ScarceTable(features, frame["species"].astype(str).to_numpy(), 230)


def _cars() -> ScarceTable:
    """Cars by origin: integers, floats with gaps and a date column (the car name is an identifier, dropped)."""
    from vega_datasets import data

    frame = data.cars()
    return ScarceTable(frame.drop(columns=["Name", "Origin"]), frame["Origin"].astype(str).to_numpy(), 270)


def _seattle_weather() -> ScarceTable:
    """Daily weather: a date and four measurements; the weather grouped into rain, sun and other."""
    from vega_datasets import data

    frame = data.seattle_weather()
    weather = frame["weather"].astype(str).where(frame["weather"].isin(["rain", "sun"]), "other")
    return ScarceTable(frame.drop(columns=["weather"]), weather.to_numpy(), 300)


def _anes96() -> ScarceTable:
    """1996 US election survey: integer-coded answers, the vote as the class."""
    import statsmodels.api as sm

    frame = sm.datasets.anes96.load_pandas().data
    features = frame.drop(columns=["vote", "logpopul"]).astype({"PID": np.int64, "educ": np.int64,
                                                                "income": np.int64, "TVnews": np.int64})
    return ScarceTable(features, frame["vote"].astype(int).to_numpy(), 600)


def _fair() -> ScarceTable:
    """Fair's affairs survey: whether a respondent reported any affair, from coded answers."""
    import statsmodels.api as sm

    frame = sm.datasets.fair.load_pandas().data
    codes = ["rate_marriage", "religious", "educ", "occupation", "occupation_husb"]
    features = frame.drop(columns=["affairs"]).astype({column: np.int64 for column in codes})
    return ScarceTable(features, (frame["affairs"] > 0).astype(int).to_numpy(), 600)


TABLES: dict[str, Callable[[], ScarceTable]] = {
    "iris": _iris,
    "wine": _wine,
    "breast_cancer": _breast_cancer,
    "diabetes_3": _diabetes,
    "digits_358": _digits,
    "penguins": _penguins,
    "cars": _cars,
    "seattle_weather": _seattle_weather,
    "anes96": _anes96,
    "fair": _fair,
}


def split(table: ScarceTable, seed: int):
    """A stratified training sample of ``table.train_rows`` and at most ``MAX_TEST_ROWS`` held-out rows."""
    from sklearn.model_selection import train_test_split

    n_test = min(MAX_TEST_ROWS, len(table.labels) - table.train_rows)
    X_train, X_test, y_train, y_test = train_test_split(
        table.features, table.labels, train_size=table.train_rows, test_size=n_test, stratify=table.labels,
        random_state=seed)
    return X_train.reset_index(drop=True), X_test.reset_index(drop=True), y_train, y_test
