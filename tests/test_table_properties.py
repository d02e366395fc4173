"""Property-based round trip of the table path: whatever a frame holds, fit then sample keeps its shape.

Random frames of 2 to 60 rows mix floats (with gaps, huge and tiny values), integers, booleans, text
(unicode, empty strings, gaps) and categoricals under names that look alike. ``fit`` either works or
refuses with a ``ValueError``/``TypeError`` that says what is wrong; when it works, ``sample`` returns
the training columns and dtypes and never a category that training did not hold.

A second family adds datetimes and runs of missing values (a block of consecutive gaps, as a sensor
outage or a late-added column leaves) under unicode names, and checks the encoder itself: ``transform``
then ``inverse_transform`` keeps the columns, dtypes, the missing cells exactly, numbers and dates inside
the training range and categories among the training values.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wgan_augment import WGANAugmenter
from wgan_augment.tabular import MIN_CATEGORY_COUNT, RARE_MARKER, TableEncoder

TINY = {"n_steps": 1, "batch_size": 8, "generator_dims": (8,), "critic_dims": (8,), "latent_dim": 4}
NAMES = ["a", "a.1", "A", "a ", "ü", "Unnamed: 0", "1", "x y", "id", "note"]
TEXT = st.sampled_from(["", "x", "ü", "日本", "a b", "ab", "  ", "Ω"])
FLOATS = st.one_of(st.floats(-1e3, 1e3, allow_nan=False),
                   st.sampled_from([0.0, 1e-300, -1e-300, 1e140, -1e140, 1e140, 1e200]))


@st.composite
def column(draw, n_rows: int) -> pd.Series:
    kind = draw(st.sampled_from(["float", "int", "bool", "text", "category", "key"]))
    gaps = draw(st.lists(st.booleans(), min_size=n_rows, max_size=n_rows))
    if kind == "float":
        values = np.array(draw(st.lists(FLOATS, min_size=n_rows, max_size=n_rows)))
        return pd.Series(np.where(gaps, np.nan, values))
    if kind == "int":
        return pd.Series(draw(st.lists(st.integers(-50, 50), min_size=n_rows, max_size=n_rows)), dtype="int64")
    if kind == "bool":
        return pd.Series(draw(st.lists(st.booleans(), min_size=n_rows, max_size=n_rows)))
    if kind == "key":
        return pd.Series([f"K-{number:04d}" for number in draw(st.permutations(range(n_rows)))], dtype=object)
    values = [None if gap else value for gap, value in
              zip(gaps, draw(st.lists(TEXT, min_size=n_rows, max_size=n_rows)))]
    if kind == "category":
        return pd.Series(pd.Categorical(values))
    return pd.Series(values, dtype=object)


@st.composite
def frames(draw) -> pd.DataFrame:
    n_rows = draw(st.integers(2, 60))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
    return pd.DataFrame({name: draw(column(n_rows)) for name in names})


# derandomize: the same 40 frames on every run, so that CI is red only when the code changed (400 random
# frames passed when this was written; raise max_examples and drop derandomize to search further).
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames())
def test_fit_then_sample_keeps_columns_dtypes_and_known_categories(frame):
    original = frame.copy()
    model = WGANAugmenter(**TINY, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # tables of under 10 rows warn
        try:
            model.fit(frame)
        except (ValueError, TypeError) as error:
            assert str(error).strip(), "a refusal must say what is wrong"
            return
        rows = model.sample(25, random_state=0)
    pd.testing.assert_frame_equal(frame, original)  # the input is never modified
    assert list(rows.columns) == list(frame.columns)
    pd.testing.assert_series_equal(rows.dtypes, pooled_dtypes(frame, set(model.pooled_categories_)))
    for name, role in model.column_roles_.items():
        seen = set(frame[name].dropna())
        made = set(rows[name].dropna())
        if role in ("discrete", "constant"):
            # Values fewer than min_category_count rows hold are pooled: the marker stands in for them.
            assert made <= seen | {RARE_MARKER}, f"column {name!r} made values training never held: {made - seen}"
        elif role == "identifier":
            assert not made & seen, f"identifier column {name!r} repeated training values"


def pooled_dtypes(frame: pd.DataFrame, pooled: set) -> pd.Series:
    """The dtypes ``sample`` owes: the training ones, except that a categorical column with pooled values
    holds only its categories of at least MIN_CATEGORY_COUNT rows, then the marker (the rare ones would
    otherwise sit in the model file, inside the dtype)."""
    dtypes = frame.dtypes.copy()
    for position, name in enumerate(frame.columns):
        dtype = dtypes.iloc[position]
        if name in pooled and isinstance(dtype, pd.CategoricalDtype):
            counts = frame.iloc[:, position].value_counts()
            kept = [value for value in dtype.categories if counts.get(value, 0) >= MIN_CATEGORY_COUNT]
            dtypes.iloc[position] = pd.CategoricalDtype(kept + [RARE_MARKER], ordered=dtype.ordered)
    return dtypes


@pytest.mark.parametrize("names", [["a", "a"], ["", "b"]])
def test_frames_with_repeated_or_empty_names_are_handled_with_a_clear_outcome(names):
    frame = pd.DataFrame([[1.0, 2.0], [3.0, 4.5], [5.0, 1.5]] * 5, columns=names)
    model = WGANAugmenter(**TINY, random_state=0)
    try:
        model.fit(frame)
    except ValueError as error:
        assert "column" in str(error)
        return
    assert list(model.sample(3, random_state=0).columns) == names


UNICODE_NAMES = ["t", "zeit ü", "日付", "Ω", "a b", "when"]
DAYS = np.datetime64("2000-01-01", "D") + np.arange(0, 20_000, 37)


@st.composite
def gap_run(draw, n_rows: int) -> np.ndarray:
    """A mask with one run of consecutive gaps (possibly empty, possibly the whole column)."""
    start = draw(st.integers(0, n_rows))
    stop = draw(st.integers(start, n_rows))
    mask = np.zeros(n_rows, dtype=bool)
    mask[start:stop] = True
    return mask


@st.composite
def dated_column(draw, n_rows: int) -> pd.Series:
    kind = draw(st.sampled_from(["datetime", "datetime", "float", "text", "int"]))
    gaps = draw(gap_run(n_rows))
    if kind == "datetime":
        days = np.array(draw(st.lists(st.sampled_from(DAYS.tolist()), min_size=n_rows, max_size=n_rows)),
                        dtype="datetime64[ns]")
        return pd.Series(days).mask(gaps)
    if kind == "float":
        return pd.Series(draw(st.lists(FLOATS, min_size=n_rows, max_size=n_rows))).mask(gaps)
    if kind == "int":
        return pd.Series(draw(st.lists(st.integers(-50, 50), min_size=n_rows, max_size=n_rows)), dtype="int64")
    values = draw(st.lists(TEXT, min_size=n_rows, max_size=n_rows))
    return pd.Series([None if gap else value for gap, value in zip(gaps, values)], dtype=object)


@st.composite
def dated_frames(draw) -> pd.DataFrame:
    n_rows = draw(st.integers(2, 30))
    names = draw(st.lists(st.sampled_from(UNICODE_NAMES), min_size=1, max_size=4, unique=True))
    return pd.DataFrame({name: draw(dated_column(n_rows)) for name in names})


def _fitted_or_refused(estimator, frame):
    """The fitted estimator, or None after checking that the refusal says what is wrong."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # tables of under 10 rows warn
        try:
            return estimator.fit(frame)
        except (ValueError, TypeError) as error:
            assert str(error).strip(), "a refusal must say what is wrong"
            return None


def _assert_within_training_domain(made: pd.Series, seen: pd.Series, role: str) -> None:
    made, seen = made.dropna(), seen.dropna()
    if role in ("discrete", "constant"):
        # Values fewer than min_category_count rows hold are pooled: the marker stands in for them.
        assert set(made) <= set(seen) | {RARE_MARKER}, f"column {seen.name!r} made values training never held"
    elif role == "continuous" and len(made):
        # The networks work in float32: a millionth of the range, or 1e-12, is rounding, not leaving it.
        spread = seen.max() - seen.min()
        slack = spread * 1e-6 if pd.api.types.is_datetime64_any_dtype(seen) else abs(spread) * 1e-6 + 1e-12
        inside = seen.min() - slack <= made.min() and made.max() <= seen.max() + slack
        assert inside, f"column {seen.name!r} left the training range"
    elif role == "identifier":
        assert not set(made) & set(seen), f"identifier column {seen.name!r} repeated training values"


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(frame=dated_frames())
def test_encoder_round_trip_keeps_columns_dtypes_missing_cells_and_value_domains(frame):
    original = frame.copy()
    encoder = _fitted_or_refused(TableEncoder(random_state=0), frame)
    if encoder is None:
        return
    decoded = encoder.inverse_transform(encoder.transform(frame), random_state=0)
    pd.testing.assert_frame_equal(frame, original)  # the input is never modified
    assert list(decoded.columns) == list(frame.columns)
    pd.testing.assert_series_equal(decoded.dtypes, frame.dtypes)
    for name, role in encoder.column_roles_.items():
        if role != "identifier":
            np.testing.assert_array_equal(decoded[name].isna().to_numpy(), frame[name].isna().to_numpy())
        _assert_within_training_domain(decoded[name], frame[name], role)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(frame=dated_frames())
def test_fit_then_sample_with_dates_and_gap_runs_keeps_columns_dtypes_and_domains(frame):
    model = _fitted_or_refused(WGANAugmenter(**TINY, random_state=0), frame)
    if model is None:
        return
    rows = model.sample(25, random_state=0)
    assert list(rows.columns) == list(frame.columns)
    pd.testing.assert_series_equal(rows.dtypes, frame.dtypes)
    for name, role in model.column_roles_.items():
        assert rows[name].isna().any() <= frame[name].isna().any(), f"column {name!r} made gaps training never had"
        _assert_within_training_domain(rows[name], frame[name], role)
