"""Column roles: identifiers generated fresh, free text refused, and no training value in a model file."""

import json
import re

import numpy as np
import pandas as pd
import pytest
import torch

from wgan_augment import WGANAugmenter
from wgan_augment.persistence import load, save

TINY = {"n_steps": 2, "batch_size": 16, "generator_dims": (16,), "critic_dims": (16,), "latent_dim": 8}
CAR_MAKES = ["chevrolet", "ford", "toyota", "datsun", "plymouth", "amc", "dodge", "buick", "honda", "mazda"]
CAR_MODELS = ["chevelle malibu", "torino", "corolla", "510", "fury iii", "hornet", "dart custom", "skylark 320",
              "civic cvcc", "rx-4", "impala", "pinto", "corona mark ii", "b210", "duster", "gremlin", "coronet"]


def frame_with_ids(n_rows: int = 1000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "order": [f"ORD-{number:06d}" for number in rng.permutation(n_rows)],
        "customer_id": rng.choice(10**7, size=n_rows, replace=False),
        "amount": rng.gamma(2.0, 30.0, n_rows),
        "channel": rng.choice(["web", "shop", "phone"], n_rows),
    })


def car_names(n_rows: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    names = [f"{make} {model}" for make in CAR_MAKES for model in CAR_MODELS]
    return list(rng.choice(names, size=n_rows, replace=False))


@pytest.fixture(scope="module")
def id_model():
    frame = frame_with_ids()
    return frame, WGANAugmenter(**TINY, random_state=0).fit(frame)


def test_id_columns_are_found_and_not_learned(id_model):
    frame, model = id_model
    assert model.column_roles_ == {"order": "identifier", "customer_id": "identifier", "amount": "continuous",
                                   "channel": "discrete"}
    # the generator writes 1 quantile score for amount and 3 categories for channel, nothing for the 1,000 IDs
    assert model.encoder_.output_dim_ == 4


def test_sampled_ids_are_new_unique_and_in_the_training_format(id_model):
    frame, model = id_model
    rows = model.sample(5000, random_state=1)
    assert not rows["order"].isin(frame["order"]).any()
    assert not rows["customer_id"].isin(frame["customer_id"]).any()
    assert rows["order"].is_unique and rows["customer_id"].is_unique
    assert rows["order"].str.fullmatch(r"ORD-\d{6}").all()
    assert rows["customer_id"].dtype == frame["customer_id"].dtype
    assert (rows["customer_id"] > frame["customer_id"].max()).all()


def test_sampled_ids_repeat_for_the_same_random_state(id_model):
    _, model = id_model
    pd.testing.assert_frame_equal(model.sample(50, random_state=3), model.sample(50, random_state=3))


def test_saved_model_keeps_roles_and_samples_the_same_ids(id_model, tmp_path):
    _, model = id_model
    loaded = load(save(model, tmp_path / "ids.wgan"))
    assert loaded.column_roles_ == model.column_roles_
    pd.testing.assert_frame_equal(loaded.sample(40, random_state=2), model.sample(40, random_state=2))


def test_a_written_out_index_column_is_an_identifier():
    frame = pd.DataFrame({"Unnamed: 0": np.arange(200), "x": np.random.default_rng(0).normal(size=200)})
    assert WGANAugmenter(**TINY, random_state=0).fit(frame).column_roles_["Unnamed: 0"] == "identifier"


def test_distinct_years_and_a_scarce_category_are_still_learned():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"year": np.arange(1990, 2020), "colour": [f"c{i % 16}" for i in range(30)],
                          "value": rng.normal(size=30)})
    roles = WGANAugmenter(**TINY, random_state=0).fit(frame).column_roles_
    assert roles == {"year": "continuous", "colour": "discrete", "value": "continuous"}


@pytest.mark.parametrize("column, values", [
    ("note", [f"called on day {i} about a late parcel" for i in range(100)]),
    ("name", car_names(100)),
])
def test_free_text_is_refused_before_training_with_the_fix_named(column, values):
    frame = pd.DataFrame({column: values, "x": np.arange(100.0)})
    model = WGANAugmenter(**TINY, random_state=0)
    with pytest.raises(ValueError, match=rf"column '{column}' looks like free text.*--drop {column}.*column_roles="):
        model.fit(frame)
    assert not hasattr(model, "generator_")


def test_a_role_given_for_free_text_is_used():
    frame = pd.DataFrame({"name": car_names(100), "x": np.arange(100.0)})
    as_categories = WGANAugmenter(**TINY, column_roles={"name": "discrete"}, keep_rare_categories=["name"],
                                  random_state=0).fit(frame)
    assert set(as_categories.sample(300, random_state=0)["name"]) <= set(frame["name"])
    fresh = WGANAugmenter(**TINY, column_roles={"name": "identifier"}, random_state=0).fit(frame)
    assert not fresh.sample(300, random_state=0)["name"].isin(frame["name"]).any()


def test_an_id_column_can_be_learned_as_categories_when_asked():
    frame = frame_with_ids(200)
    model = WGANAugmenter(**TINY, column_roles={"order": "discrete"}, keep_rare_categories=["order"],
                          random_state=0).fit(frame)
    assert model.column_roles_["order"] == "discrete"
    assert model.sample(100, random_state=0)["order"].isin(frame["order"]).all()


@pytest.mark.parametrize("roles, message", [
    ({"nope": "discrete"}, "column_roles names 'nope', which is not a column"),
    ({"amount": "category"}, r"column_roles\['amount'\] must be one of \['continuous', 'discrete', 'identifier'\]"),
    ({"channel": "continuous"}, r"column_roles\['channel'\] = 'continuous', but column 'channel' holds"),
    ({"amount": "identifier"}, r"column_roles\['amount'\] = 'identifier', but column 'amount' holds float64"),
])
def test_bad_column_roles_are_refused_naming_the_entry(roles, message):
    with pytest.raises(ValueError, match=message):
        WGANAugmenter(**TINY, column_roles=roles).fit(frame_with_ids(100))


def test_a_model_file_holds_no_training_value_of_a_300_row_table(tmp_path):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"height": rng.normal(170, 10, 300), "weight": rng.lognormal(4, 0.3, 300),
                          "score": rng.uniform(0, 1, 300), "group": rng.choice(["a", "b"], 300)})
    labels = rng.choice(["yes", "no"], 300)
    path = save(WGANAugmenter(**TINY, random_state=0).fit(frame, labels), tmp_path / "model.wgan")
    contents = torch.load(path, weights_only=True)
    stored = [tensor.double().numpy().ravel() for part in ("encoder_arrays", "generator", "history")
              for tensor in contents[part].values()]
    stored.append(np.array(_numbers_in(json.loads(contents["header"])), dtype=np.float64))
    training_values = frame[["height", "weight", "score"]].to_numpy().ravel()
    assert not np.isin(training_values, np.concatenate(stored)).any()
    # nor as text, in any precision a header could print
    header = contents["header"]
    assert not any(re.search(rf"{value:.6g}\d*", header) for value in training_values[:50])


def _numbers_in(value) -> list:
    if isinstance(value, dict):
        return [number for item in value.values() for number in _numbers_in(item)]
    if isinstance(value, list):
        return [number for item in value for number in _numbers_in(item)]
    return [value] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


def test_a_file_written_in_chunks_never_repeats_an_id(id_model, tmp_path):
    from wgan_augment import write_samples

    frame, model = id_model
    path = write_samples(model, 1000, tmp_path / "rows.csv", chunk_rows=64, random_state=0)
    written = pd.read_csv(path)
    assert written["order"].is_unique and written["customer_id"].is_unique
    assert not written["order"].isin(frame["order"]).any()


def test_a_file_of_one_chunk_holds_what_sample_returns(id_model, tmp_path):
    from wgan_augment import write_samples

    _, model = id_model
    path = write_samples(model, 30, tmp_path / "rows.parquet", random_state=4)
    pd.testing.assert_frame_equal(pd.read_parquet(path), model.sample(30, random_state=4), check_dtype=False)


def test_asking_for_more_rows_than_an_id_format_can_number_is_refused():
    frame = pd.DataFrame({"code": [f"A{i:02d}" for i in range(60)], "x": np.arange(60.0)})
    model = WGANAugmenter(**TINY, column_roles={"code": "identifier"}, random_state=0).fit(frame)
    # A00 to A59 are taken: the tens digit 6, unused in training, marks the new codes
    assert sorted(model.sample(10, random_state=0)["code"]) == [f"A6{digit}" for digit in range(10)]
    with pytest.raises(ValueError, match=r"identifier column's format \(A##\) has room for 10 new values"):
        model.sample(11, random_state=0)


def test_fitting_fewer_than_ten_rows_warns():
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.5], "c": ["a", "b", "a"]})
    with pytest.warns(UserWarning, match="3 rows are too few for a GAN to learn from"):
        WGANAugmenter(**TINY, random_state=0).fit(frame)


def test_tiny_numbers_come_back_tiny_not_zero():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"tiny": rng.uniform(1, 9, 60) * 1e-300, "x": rng.normal(size=60)})
    rows = WGANAugmenter(**TINY, random_state=0).fit(frame).sample(200, random_state=0)
    assert (rows["tiny"] > 0).all()
    assert rows["tiny"].between(frame["tiny"].min(), frame["tiny"].max()).all()


@pytest.mark.filterwarnings("error")  # no numpy overflow warning may leak before the error
def test_numbers_near_the_float64_limit_are_refused_naming_the_column():
    frame = pd.DataFrame({"x": np.arange(30.0), "sentinel": np.where(np.arange(30) % 3, 1.0, 1.7e308)})
    model = WGANAugmenter(**TINY, random_state=0)
    with pytest.raises(ValueError, match=r"column 'sentinel' holds 1.7e\+308, beyond ±1e\+150.*replace them with NaN"):
        model.fit(frame)
    assert not hasattr(model, "generator_")


def test_fit_resample_reports_the_rows_it_added_per_class_and_refuses_a_single_class():
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"x": rng.normal(size=40), "c": rng.choice(["a", "b"], 40)})
    y = np.array(["yes"] * 30 + ["no"] * 10)
    model = WGANAugmenter(**TINY, random_state=0)
    X_res, y_res = model.fit_resample(X, y)
    assert list(model.sampling_strategy_.items()) == [("no", 20), ("yes", 0)]
    assert (pd.Series(y_res).value_counts() == 30).all() and len(X_res) == 60
    assert list(model.get_feature_names_out()) == ["x", "c"]
    with pytest.raises(ValueError, match=r"y holds a single class \('yes'\), so there is nothing to balance"):
        WGANAugmenter(**TINY).fit_resample(X, np.array(["yes"] * 40))
    extra = WGANAugmenter(**TINY, extra_samples=5, random_state=0)
    assert len(extra.fit_resample(X, np.array(["yes"] * 40))[0]) == 45


def test_feature_names_out_of_an_array_model_are_x0_x1():
    model = WGANAugmenter(**TINY, random_state=0).fit(np.random.default_rng(0).normal(size=(30, 2)))
    assert list(model.get_feature_names_out()) == ["x0", "x1"]
    with pytest.raises(ValueError, match=r"input_features should have length equal to number of features \(2\)"):
        model.get_feature_names_out(["a"])


def test_decoding_leaves_a_callers_random_state_alone_without_identifier_columns():
    from wgan_augment.tabular import TableEncoder

    frame = pd.DataFrame({"x": np.arange(40.0) % 9, "c": ["a", "b"] * 20})
    encoder = TableEncoder(random_state=0).fit(frame)
    state = np.random.RandomState(0)
    encoder.inverse_transform(encoder.transform(frame), random_state=state)
    assert state.randint(10**9) == np.random.RandomState(0).randint(10**9)


def test_identifiers_without_room_for_new_values_are_refused_before_training():
    urls = [f"https://example.com/{'x' * (i % 7)}/{i}" for i in range(60)]
    frame = pd.DataFrame({"url": urls, "x": np.arange(60.0)})
    with pytest.raises(ValueError, match=r"column 'url' looks like identifiers .* leaves room for only \d+ new "
                                         r"values.*--drop url.*column_roles=\{'url': 'discrete'\}"):
        WGANAugmenter(**TINY).fit(frame)


def test_an_integer_key_at_its_dtypes_largest_value_is_refused_by_name():
    keys = np.arange(30, dtype=np.int64)
    keys[-1] = np.iinfo(np.int64).max
    frame = pd.DataFrame({"customer_id": keys, "x": np.arange(30.0)})
    with pytest.raises(ValueError, match=r"column 'customer_id': its largest key is the largest its dtype holds"):
        WGANAugmenter(**TINY).fit(frame)


def test_a_grid_with_float_noise_is_still_found():
    from wgan_augment.tabular._values import observed_resolution

    values = np.array([0.1, 0.2, 0.3, 0.30000000000000004, 0.5, 1.7])
    assert observed_resolution(values, np.dtype("float64")) == pytest.approx(0.1)
