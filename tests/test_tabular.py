"""Tests for wgan_augment.tabular: the reversible table <-> float32 matrix encoder."""

import json

import numpy as np
import pandas as pd
import pytest

from wgan_augment.tabular import MAX_DISCRETE_INT_VALUES, Span, TableEncoder
from wgan_augment.tabular._values import series_to_float

METHODS = ["mode", "quantile"]
N_ROWS = 300


def make_mixed_frame(n_rows: int = N_ROWS, seed: int = 0) -> pd.DataFrame:
    """One column of every dtype the encoder promises to restore, with missing values."""
    rng = np.random.default_rng(seed)
    some_missing = rng.random(n_rows) < 0.2
    seconds = rng.integers(0, 10**6, n_rows)
    frame = pd.DataFrame(
        {
            "bimodal": np.concatenate([rng.normal(-5, 1, n_rows // 2), rng.normal(10, 2, n_rows - n_rows // 2)]),
            "float32": rng.normal(size=n_rows).astype("float32"),
            "float_nan": np.where(some_missing, np.nan, rng.exponential(3, n_rows)),
            "int_many": rng.integers(-500, 500, n_rows),
            "int8_few": rng.integers(0, 5, n_rows).astype("int8"),
            "uint32": rng.integers(0, 100_000, n_rows).astype("uint32"),
            "Int64_na": pd.array(np.where(some_missing, None, rng.integers(0, 500, n_rows)), dtype="Int64"),
            "bool": rng.random(n_rows) < 0.3,
            "boolean_na": pd.array(np.where(rng.random(n_rows) < 0.1, None, rng.random(n_rows) < 0.5), dtype="boolean"),
            "category": pd.Categorical(
                rng.choice(["lo", "mid", "hi"], n_rows), categories=["lo", "mid", "hi", "unused"], ordered=True
            ),
            "str": pd.Series(rng.choice(["x", "y", None], n_rows), dtype="str"),
            "object_int": pd.Series(rng.choice([1, 2, 30], n_rows).tolist(), dtype=object),
            "datetime_s": (pd.Timestamp("2020-01-01") + pd.to_timedelta(seconds, unit="s")).astype("datetime64[s]"),
            "datetime_tz": pd.Timestamp("2021-06-01", tz="Europe/Paris") + pd.to_timedelta(seconds, unit="min"),
        }
    )
    frame.loc[some_missing, "datetime_tz"] = pd.NaT
    return frame


EXACT_COLUMNS = ["int_many", "int8_few", "uint32", "Int64_na", "bool", "boolean_na", "category", "str", "object_int"]
FLOAT_COLUMNS = ["bimodal", "float32", "float_nan"]
DATETIME_COLUMNS = ["datetime_s", "datetime_tz"]


@pytest.fixture(scope="module", params=METHODS)
def round_trip(request):
    """(method, training frame, fitted encoder, encoded matrix, decoded frame)."""
    frame = make_mixed_frame()
    encoder = TableEncoder(continuous_encoding=request.param, random_state=0).fit(frame)
    matrix = encoder.transform(frame)
    return request.param, frame, encoder, matrix, encoder.inverse_transform(matrix)


def random_generator_output(encoder: TableEncoder, n_rows: int, scale: float = 3.0, seed: int = 1) -> np.ndarray:
    return (np.random.default_rng(seed).normal(size=(n_rows, encoder.output_dim_)) * scale).astype(np.float32)


def within_stored_range(encoder: TableEncoder, frame: pd.DataFrame, name) -> np.ndarray:
    """Rows whose value lies within the range the encoder keeps for the column (all rows for a discrete one).

    A continuous column keeps the midpoints of its two smallest and two largest values, not the extremes
    (a model file must hold no training value): the one or two most extreme values come back at those ends.
    """
    column = encoder.column_encoders_[list(frame.columns).index(name)]
    if column.kind != "continuous":
        return np.ones(len(frame), dtype=bool)
    values = series_to_float(frame[name])
    low, high = column.bounds
    return np.isnan(values) | ((values >= low) & (values <= high))


def test_round_trip_restores_integer_bool_category_and_string_columns_exactly(round_trip):
    _, frame, encoder, _, decoded = round_trip
    kept = {name: within_stored_range(encoder, frame, name) for name in EXACT_COLUMNS}
    mismatched = [name for name in EXACT_COLUMNS if not decoded[name][kept[name]].equals(frame[name][kept[name]])]
    assert mismatched == []
    assert max((~inside).sum() for inside in kept.values()) <= 4  # of 300 rows: the extremes only


def test_round_trip_keeps_floats_within_tolerance_and_nan_positions_exactly(round_trip):
    _, frame, encoder, _, decoded = round_trip
    for name in FLOAT_COLUMNS:
        inside = within_stored_range(encoder, frame, name)
        np.testing.assert_array_equal(decoded[name].isna(), frame[name].isna())
        np.testing.assert_allclose(decoded[name][inside], frame[name][inside], rtol=1e-4, atol=1e-4)
        assert (~inside).sum() <= 4


def test_round_trip_keeps_datetimes_within_float32_precision_and_nat_positions_exactly(round_trip):
    _, frame, encoder, _, decoded = round_trip
    for name in DATETIME_COLUMNS:
        inside = within_stored_range(encoder, frame, name)
        np.testing.assert_array_equal(decoded[name].isna(), frame[name].isna())
        # float32 keeps about 7 significant digits of a value's place within the column's span.
        error = (decoded[name] - frame[name])[inside].abs().max()
        assert error <= 1e-6 * (frame[name].max() - frame[name].min())
        assert (~inside).sum() <= 4


def test_extremes_come_back_at_the_stored_ends_a_little_inside_the_training_range(round_trip):
    _, frame, encoder, _, decoded = round_trip
    spread = frame["bimodal"].max() - frame["bimodal"].min()
    assert frame["bimodal"].min() < decoded["bimodal"].min() < frame["bimodal"].min() + 0.05 * spread
    assert frame["bimodal"].max() - 0.05 * spread < decoded["bimodal"].max() < frame["bimodal"].max()


def test_inverse_transform_restores_column_order_dtypes_and_fresh_range_index(round_trip):
    _, frame, _, _, decoded = round_trip
    assert list(decoded.columns) == list(frame.columns)
    pd.testing.assert_series_equal(decoded.dtypes, frame.dtypes)
    assert list(decoded["category"].cat.categories) == ["lo", "mid", "hi", "unused"]
    assert decoded.index.equals(pd.RangeIndex(N_ROWS))


def test_object_column_of_ints_decodes_to_python_ints(round_trip):
    _, _, _, _, decoded = round_trip
    assert {type(value) for value in decoded["object_int"]} == {int}


def test_spans_are_contiguous_and_cover_output_dim(round_trip):
    _, _, encoder, matrix, _ = round_trip
    starts = [span.start for span in encoder.spans_]
    stops = [span.stop for span in encoder.spans_]
    assert starts == [0] + stops[:-1]
    assert stops[-1] == encoder.output_dim_ == matrix.shape[1]
    assert matrix.dtype == np.float32


def test_encoded_softmax_blocks_are_one_hot_and_scalars_in_activation_range(round_trip):
    _, _, encoder, matrix, _ = round_trip
    for span in encoder.spans_:
        block = matrix[:, span.start : span.stop]
        if span.activation == "softmax":
            assert np.isin(block, [0.0, 1.0]).all() and np.all(block.sum(axis=1) == 1.0)
        elif span.activation == "tanh":
            assert np.abs(block).max() <= 0.99
        else:
            assert np.abs(block).max() < 5.3


def test_decoding_random_matrices_yields_only_training_categories(round_trip):
    _, frame, encoder, _, _ = round_trip
    decoded = encoder.inverse_transform(random_generator_output(encoder, 2000))
    for name in ["int8_few", "bool", "category", "str", "object_int", "boolean_na"]:
        training_values = set(frame[name].astype(object).where(frame[name].notna(), None))
        decoded_values = set(decoded[name].astype(object).where(decoded[name].notna(), None))
        assert decoded_values <= training_values, name


def test_decoded_continuous_values_stay_within_training_range(round_trip):
    _, frame, encoder, _, _ = round_trip
    decoded = encoder.inverse_transform(random_generator_output(encoder, 2000, scale=10.0))
    for name in FLOAT_COLUMNS + ["int_many", "uint32", "Int64_na"] + DATETIME_COLUMNS:
        assert decoded[name].min() >= frame[name].min(), name
        assert decoded[name].max() <= frame[name].max(), name


def test_inverse_transform_accepts_nan_and_infinite_values(round_trip):
    _, frame, encoder, _, _ = round_trip
    generated = random_generator_output(encoder, 4)
    generated[0, :] = np.nan
    generated[1, :] = np.inf
    generated[2, :] = -np.inf
    decoded = encoder.inverse_transform(generated)
    assert decoded["bimodal"].between(frame["bimodal"].min(), frame["bimodal"].max()).all()


@pytest.mark.parametrize("method", METHODS)
def test_state_survives_json_round_trip_and_decodes_identically(method):
    frame = make_mixed_frame()
    encoder = TableEncoder(continuous_encoding=method, random_state=0).fit(frame)
    meta, arrays = encoder.to_state()
    restored = TableEncoder.from_state(json.loads(json.dumps(meta)), arrays)
    generated = random_generator_output(encoder, 500)
    assert all(isinstance(array, np.ndarray) and array.dtype.kind in "fiub" for array in arrays.values())
    assert restored.spans_ == encoder.spans_ and restored.output_dim_ == encoder.output_dim_
    pd.testing.assert_frame_equal(restored.inverse_transform(generated), encoder.inverse_transform(generated))


def test_restored_encoder_transforms_like_the_original():
    frame = make_mixed_frame()
    encoder = TableEncoder(random_state=0).fit(frame)
    restored = TableEncoder.from_state(*encoder.to_state())
    np.testing.assert_array_equal(restored.transform(frame), encoder.transform(frame))


def test_state_keeps_integer_column_names_and_timestamp_constants():
    frame = pd.DataFrame(np.random.default_rng(0).normal(size=(50, 3)))
    frame[3] = pd.Timestamp("2022-03-04 05:06:07.123456789", tz="America/New_York")
    encoder = TableEncoder(random_state=0).fit(frame)
    meta, arrays = encoder.to_state()
    restored = TableEncoder.from_state(json.loads(json.dumps(meta)), arrays)
    decoded = restored.inverse_transform(encoder.transform(frame))
    assert list(decoded.columns) == [0, 1, 2, 3]
    assert decoded[3].equals(frame[3])


def test_constant_and_all_missing_columns_get_no_span_and_are_refilled():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "value": rng.normal(size=40),
            "constant_int": np.full(40, 7, dtype="int16"),
            "constant_str": pd.Series(["same"] * 40, dtype="str"),
            "all_nan": np.full(40, np.nan),
            "all_nat": pd.Series(pd.NaT, index=range(40), dtype="datetime64[ms, UTC]"),
        }
    )
    encoder = TableEncoder(random_state=0).fit(frame)
    decoded = encoder.inverse_transform(random_generator_output(encoder, 40))
    assert encoder.output_dim_ == TableEncoder(random_state=0).fit(frame[["value"]]).output_dim_
    assert (decoded["constant_int"] == 7).all() and (decoded["constant_str"] == "same").all()
    assert decoded["all_nan"].isna().all() and decoded["all_nat"].isna().all()
    pd.testing.assert_series_equal(decoded.dtypes, frame.dtypes)


def test_mode_encoding_writes_tanh_alpha_then_mode_block_then_missing_block():
    rng = np.random.default_rng(0)
    values = np.concatenate([rng.normal(-20, 1, 200), rng.normal(20, 1, 200)])
    values[:10] = np.nan
    encoder = TableEncoder(continuous_encoding="mode", random_state=0).fit(pd.DataFrame({"x": values}))
    activations = [span.activation for span in encoder.spans_]
    assert activations == ["tanh", "softmax", "softmax"]
    assert encoder.spans_[1].width >= 2
    assert encoder.spans_[2] == Span(encoder.output_dim_ - 2, encoder.output_dim_, "softmax")


def test_quantile_encoding_writes_one_linear_span_per_continuous_column():
    frame = pd.DataFrame({"x": np.random.default_rng(0).normal(size=100), "y": np.arange(100.0)})
    encoder = TableEncoder(continuous_encoding="quantile").fit(frame)
    assert encoder.spans_ == [Span(0, 1, "linear"), Span(1, 2, "linear")]


def test_integers_with_at_most_threshold_distinct_values_are_one_softmax_block():
    few = np.arange(200) % MAX_DISCRETE_INT_VALUES
    many = np.arange(200) % (MAX_DISCRETE_INT_VALUES + 1)
    assert TableEncoder().fit(pd.DataFrame({"few": few})).spans_ == [Span(0, MAX_DISCRETE_INT_VALUES, "softmax")]
    assert TableEncoder().fit(pd.DataFrame({"many": many})).spans_[0].activation == "linear"  # a quantile score


def test_missing_values_of_a_discrete_column_are_one_more_category():
    labels = pd.Series(["a", "b", None, "a"] * 25, dtype=object)
    encoder = TableEncoder().fit(pd.DataFrame({"label": labels}))
    decoded = encoder.inverse_transform(encoder.transform(pd.DataFrame({"label": labels})))
    assert encoder.spans_ == [Span(0, 3, "softmax")]
    assert decoded["label"].isna().sum() == 25 and decoded["label"][2] is None


def test_soft_softmax_blocks_decode_to_their_argmax_category():
    encoder = TableEncoder().fit(pd.DataFrame({"label": ["a", "b", "c"] * 10}))
    soft_scores = np.array([[0.2, 0.5, 0.3], [0.9, 0.05, 0.05], [-1.0, -2.0, 4.0]])
    assert encoder.inverse_transform(soft_scores)["label"].tolist() == ["b", "a", "c"]


def test_transform_is_repeatable_for_an_int_random_state():
    frame = make_mixed_frame()
    encoder = TableEncoder(random_state=3).fit(frame)
    np.testing.assert_array_equal(encoder.transform(frame), encoder.transform(frame))


def test_fit_transform_and_inverse_leave_the_input_frame_unchanged():
    frame = make_mixed_frame()
    untouched = frame.copy(deep=True)
    encoder = TableEncoder(random_state=0)
    matrix = encoder.fit_transform(frame)
    encoder.inverse_transform(matrix)
    pd.testing.assert_frame_equal(frame, untouched)


def test_large_table_round_trips_categories_exactly():
    rng = np.random.default_rng(0)
    n_rows = 50_000
    columns = {f"num{i}": rng.normal(i, 1 + i, n_rows) for i in range(10)}
    columns |= {f"cat{i}": rng.choice([f"v{j}" for j in range(3 + 4 * i)], n_rows) for i in range(5)}
    frame = pd.DataFrame(columns)
    # A small mixture sample keeps this test quick; transform and decode still see every row.
    encoder = TableEncoder(continuous_encoding="mode", mixture_max_rows=500, random_state=0).fit(frame)
    decoded = encoder.inverse_transform(encoder.transform(frame))
    assert decoded.shape == (n_rows, 15)
    assert all(decoded[f"cat{i}"].equals(frame[f"cat{i}"]) for i in range(5))
    # Mode-specific normalisation clips alpha at 0.99, i.e. ~4 standard deviations from the
    # drawn mode, so only far-tail values move.
    assert np.isclose(decoded["num9"], frame["num9"], rtol=1e-4, atol=1e-3).mean() > 0.999


@pytest.mark.parametrize("bad_value", ["gaussian", None, 3])
def test_unknown_continuous_value_raises_value_error_naming_it(bad_value):
    with pytest.raises(ValueError, match="continuous"):
        TableEncoder(continuous_encoding=bad_value).fit(make_mixed_frame(20))


@pytest.mark.parametrize("name, bad_value", [("max_modes", 0), ("mixture_max_rows", 2.5)])
def test_non_positive_int_parameters_raise_value_error_naming_them(name, bad_value):
    with pytest.raises(ValueError, match=name):
        TableEncoder(**{name: bad_value}).fit(make_mixed_frame(20))


def test_inverse_transform_rejects_a_matrix_of_the_wrong_width():
    encoder = TableEncoder().fit(pd.DataFrame({"label": ["a", "b"] * 5}))
    with pytest.raises(ValueError, match=r"\(n_rows, 2\)"):
        encoder.inverse_transform(np.zeros((3, 5)))


def test_decoded_values_keep_the_grid_of_the_training_values():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "price": np.round(rng.uniform(1, 100, 80), 2),
            "day": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, 80), unit="D"),
            "raw": rng.normal(size=80),
        }
    )
    encoder = TableEncoder(continuous_encoding="quantile", random_state=0).fit(frame)
    noisy = encoder.transform(frame) + rng.normal(0, 0.5, (80, encoder.output_dim_)).astype(np.float32)
    decoded = encoder.inverse_transform(noisy)
    np.testing.assert_array_equal(decoded["price"], np.round(decoded["price"], 2))
    assert (decoded["day"] == decoded["day"].dt.normalize()).all()  # dates, no time of day
    assert (decoded["raw"] != np.round(decoded["raw"], 6)).any()  # full-precision floats stay as they are


@pytest.mark.parametrize("n_references", [2, 3, 10, 1000])
def test_even_grid_interpolation_equals_numpy_interp(n_references):
    from wgan_augment.tabular._normalizers import _interp_on_even_grid

    grid = np.linspace(0.0, 1.0, n_references)
    values = np.sort(np.random.default_rng(n_references).normal(size=n_references))
    # Random points, the grid's own points and their floating-point neighbours (where rounding of
    # x * (n - 1) picks the wrong interval), and both ends.
    points = np.concatenate([
        np.random.default_rng(0).uniform(size=5000), grid,
        np.nextafter(grid, 2.0), np.nextafter(grid, -1.0), [0.0, 1.0],
    ]).clip(0.0, 1.0)
    np.testing.assert_allclose(_interp_on_even_grid(points, grid, values), np.interp(points, grid, values),
                               rtol=1e-12, atol=1e-12)


def test_the_default_continuous_encoding_is_the_augmenters():
    from wgan_augment import WGANAugmenter

    assert TableEncoder().continuous_encoding == WGANAugmenter().continuous_encoding == "quantile"


def test_the_old_continuous_keyword_still_chooses_the_encoding_with_a_future_warning():
    frame = make_mixed_frame(40)
    with pytest.warns(FutureWarning, match=r"^TableEncoder's continuous is now continuous_encoding .*continuous='mode' "
                                           r"is used this time"):
        old = TableEncoder(continuous="mode", random_state=0).fit(frame)
    new = TableEncoder(continuous_encoding="mode", random_state=0).fit(frame)
    assert old.spans_ == new.spans_
    np.testing.assert_array_equal(old.transform(frame), new.transform(frame))


def test_an_unknown_old_continuous_value_is_refused_under_its_own_name():
    with pytest.raises(ValueError, match=r"^continuous must be one of \['mode', 'quantile'\], got 'gaussian'$"), \
            pytest.warns(FutureWarning):
        TableEncoder(continuous="gaussian").fit(make_mixed_frame(20))


def test_the_state_keeps_the_encoding_under_the_name_older_versions_read():
    meta, arrays = TableEncoder(continuous_encoding="mode", random_state=0).fit(make_mixed_frame(40)).to_state()
    assert (meta["params"]["continuous"], "continuous_encoding" in meta["params"]) == ("mode", False)
    restored = TableEncoder.from_state(meta, arrays)
    assert (restored.continuous_encoding, restored.continuous) == ("mode", "deprecated")
