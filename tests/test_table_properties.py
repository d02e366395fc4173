"""Property-based round trip of the table path: whatever a frame holds, fit then sample keeps its shape.

Random frames of 2 to 60 rows mix floats (with gaps, huge and tiny values), integers, booleans, text
(unicode, empty strings, gaps) and categoricals under names that look alike. ``fit`` either works or
refuses with a ``ValueError``/``TypeError`` that says what is wrong; when it works, ``sample`` returns
the training columns and dtypes and never a category that training did not hold.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wgan_augment import WGANAugmenter

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
    pd.testing.assert_series_equal(rows.dtypes, frame.dtypes)
    for name, role in model.column_roles_.items():
        seen = set(frame[name].dropna())
        made = set(rows[name].dropna())
        if role in ("discrete", "constant"):
            assert made <= seen, f"column {name!r} made values training never held: {made - seen}"
        elif role == "identifier":
            assert not made & seen, f"identifier column {name!r} repeated training values"


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
