"""WGANAugmenter's contract: shapes, dtypes, labels, reproducibility, resampling and bad input."""

import pickle

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from wgan_augment import WGANAugmenter

FAST = dict(n_steps=10, n_critic=1, batch_size=32, generator_dims=(32,), critic_dims=(32,), latent_dim=16)


def _labels(n, ratio=(2, 1)):
    return np.array(["yes"] * (n * ratio[0] // sum(ratio)) + ["no"] * (n - n * ratio[0] // sum(ratio)))


def test_sample_returns_the_training_columns_order_and_dtypes(mixed_frame):
    augmenter = WGANAugmenter(random_state=0, **FAST).fit(mixed_frame)
    synthetic = augmenter.sample(200, random_state=0)
    assert list(synthetic.columns) == list(mixed_frame.columns)
    assert synthetic.dtypes.to_dict() == mixed_frame.dtypes.to_dict()
    assert len(synthetic) == 200
    assert set(synthetic["colour"].dropna()) <= {"red", "green", "blue"}
    assert (synthetic["constant"] == 7).all()
    assert synthetic["count"].between(mixed_frame["count"].min(), mixed_frame["count"].max()).all()


def test_numpy_in_gives_numpy_out_with_the_same_dtype():
    X = np.random.default_rng(0).normal(size=(50, 3)).astype(np.float32)
    synthetic = WGANAugmenter(random_state=0, **FAST).fit(X).sample(7, random_state=0)
    assert isinstance(synthetic, np.ndarray)
    assert synthetic.shape == (7, 3) and synthetic.dtype == np.float32


def test_fit_sets_feature_attributes_and_history(mixed_frame):
    augmenter = WGANAugmenter(random_state=0, **FAST).fit(mixed_frame)
    assert augmenter.n_features_in_ == 8
    assert list(augmenter.feature_names_in_) == list(mixed_frame.columns)
    assert {key: len(values) for key, values in augmenter.history_.items()} == {
        "critic_loss": 10, "wasserstein": 10, "penalty": 10, "generator_loss": 10,
    }
    assert not hasattr(augmenter, "classes_")


def test_same_random_state_gives_identical_model_and_rows(mixed_frame):
    first = WGANAugmenter(random_state=3, **FAST).fit(mixed_frame).sample(50, random_state=1)
    second = WGANAugmenter(random_state=3, **FAST).fit(mixed_frame).sample(50, random_state=1)
    pd.testing.assert_frame_equal(first, second)


def test_fit_does_not_touch_torch_global_random_state(mixed_frame):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    WGANAugmenter(random_state=0, **FAST).fit(mixed_frame)
    assert torch.equal(torch.rand(3), expected)


def test_sample_leaves_the_model_unchanged_and_repeats_with_a_seed(mixed_frame):
    augmenter = WGANAugmenter(random_state=0, **FAST).fit(mixed_frame)
    before = pickle.dumps(augmenter.generator_.state_dict())
    first = augmenter.sample(30, random_state=5)
    augmenter.sample(1000)
    assert pickle.dumps(augmenter.generator_.state_dict()) == before
    pd.testing.assert_frame_equal(augmenter.sample(30, random_state=5), first)


def test_pickle_round_trip_samples_the_same_rows(mixed_frame):
    augmenter = WGANAugmenter(random_state=0, **FAST).fit(mixed_frame)
    restored = pickle.loads(pickle.dumps(augmenter))
    pd.testing.assert_frame_equal(restored.sample(20, random_state=2), augmenter.sample(20, random_state=2))


def test_sample_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        WGANAugmenter().sample(3)


def test_clone_keeps_parameters_and_drops_fitted_state(mixed_frame):
    augmenter = WGANAugmenter(random_state=0, **{**FAST, "n_critic": 3}).fit(mixed_frame)
    copy = clone(augmenter)
    assert copy.get_params() == augmenter.get_params()
    assert not hasattr(copy, "generator_")


def test_conditional_sample_follows_training_class_mix(mixed_frame):
    y = _labels(len(mixed_frame))  # 40 "yes", 20 "no"
    augmenter = WGANAugmenter(random_state=0, **FAST).fit(mixed_frame, y)
    X_syn, y_syn = augmenter.sample(3000, random_state=0)
    assert len(X_syn) == len(y_syn) == 3000
    assert np.mean(y_syn == "yes") == pytest.approx(2 / 3, abs=0.03)
    assert list(augmenter.classes_) == ["no", "yes"]


def test_requested_labels_are_honoured_exactly(mixed_frame):
    augmenter = WGANAugmenter(random_state=0, **FAST).fit(mixed_frame, _labels(len(mixed_frame)))
    _, only_yes = augmenter.sample(25, y="yes", random_state=0)
    assert list(only_yes) == ["yes"] * 25
    wanted = np.array(["no", "yes", "no"])
    _, given = augmenter.sample(3, y=wanted, random_state=0)
    assert list(given) == ["no", "yes", "no"]


def test_weight_clipping_mode_trains_and_samples(mixed_frame):
    augmenter = WGANAugmenter(constraint="clip", random_state=0, **FAST).fit(mixed_frame)
    largest = max(p.abs().max().item() for p in augmenter.critic_.parameters())
    assert largest <= 0.01 + 1e-9
    assert augmenter.history_["penalty"] == [0.0] * 10
    assert augmenter.sample(15, random_state=0).shape == (15, 8)


def test_sample_zero_rows_gives_an_empty_frame_with_the_training_dtypes(mixed_frame):
    synthetic = WGANAugmenter(random_state=0, **FAST).fit(mixed_frame).sample(0)
    assert synthetic.shape == (0, 8)
    assert synthetic.dtypes.to_dict() == mixed_frame.dtypes.to_dict()


# ---------------------------------------------------------------- fit_resample
def test_fit_resample_balances_classes_and_keeps_real_rows_first(mixed_frame):
    y = pd.Series(_labels(len(mixed_frame)), name="answer")
    X_res, y_res = WGANAugmenter(random_state=0, **FAST).fit_resample(mixed_frame, y)
    assert y_res.value_counts().to_dict() == {"yes": 40, "no": 40}
    assert y_res.name == "answer"
    pd.testing.assert_frame_equal(X_res.iloc[:60], mixed_frame)
    assert X_res.dtypes.to_dict() == mixed_frame.dtypes.to_dict()


@pytest.mark.parametrize(
    ("strategy", "extra", "expected"),
    [
        ("auto", 0, {"yes": 40, "no": 40}),
        ("all", 0, {"yes": 40, "no": 40}),
        ({"no": 30, "yes": 45}, 0, {"yes": 45, "no": 30}),
        (0.75, 0, {"yes": 40, "no": 30}),
        ("auto", 20, {"yes": 50, "no": 50}),
        ("auto", 0.5, {"yes": 55, "no": 55}),
        (lambda y: {"no": 21}, 0, {"yes": 40, "no": 21}),
    ],
)
def test_fit_resample_counts_follow_sampling_strategy_and_extra_samples(mixed_frame, strategy, extra, expected):
    augmenter = WGANAugmenter(sampling_strategy=strategy, extra_samples=extra, random_state=0, **FAST)
    _, y_res = augmenter.fit_resample(mixed_frame, _labels(len(mixed_frame)))
    assert pd.Series(y_res).value_counts().to_dict() == expected


def test_fit_resample_does_not_modify_the_callers_data(mixed_frame):
    X, y = mixed_frame.copy(), _labels(len(mixed_frame))
    y_copy = y.copy()
    WGANAugmenter(random_state=0, **FAST).fit_resample(X, y)
    pd.testing.assert_frame_equal(X, mixed_frame)
    np.testing.assert_array_equal(y, y_copy)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("X", "message"),
    [
        (pd.DataFrame(), "0 sample"),
        (pd.DataFrame({"a": [1.0]}), "1 sample"),
        (np.zeros((5, 0)), "0 feature"),
        (np.zeros((10, 2, 2)), "at least 8x8"),  # 3-D input is a stack of images
        (pd.DataFrame({"a": [1.0, 2.0, np.inf], "b": [1, 2, 3]}), "'a'"),
    ],
)
def test_bad_tables_are_refused_before_training(X, message):
    with pytest.raises(ValueError, match=message):
        WGANAugmenter(**FAST).fit(X)


def test_labels_of_another_length_are_refused(mixed_frame):
    with pytest.raises(ValueError, match="59 labels but X has 60 rows"):
        WGANAugmenter(**FAST).fit(mixed_frame, np.zeros(59))


def test_a_class_with_a_single_row_is_refused_by_name(mixed_frame):
    y = np.array(["a"] * 59 + ["lonely"])
    with pytest.raises(ValueError, match="'lonely'"):
        WGANAugmenter(**FAST).fit(mixed_frame, y)


def test_unknown_label_in_sample_is_refused(mixed_frame):
    augmenter = WGANAugmenter(random_state=0, **FAST).fit(mixed_frame, _labels(60))
    with pytest.raises(ValueError, match="'maybe'"):
        augmenter.sample(3, y="maybe")


@pytest.mark.parametrize("n_samples", [-1, 2.5])
def test_bad_sample_counts_are_refused(mixed_frame, n_samples):
    augmenter = WGANAugmenter(random_state=0, **FAST).fit(mixed_frame)
    with pytest.raises((ValueError, TypeError), match="n_samples"):
        augmenter.sample(n_samples)


@pytest.mark.parametrize(
    ("params", "name"),
    [({"constraint": "box"}, "constraint"), ({"n_critic": 0}, "n_critic"), ({"batch_size": 30, "pac": 4}, "pac"),
     ({"batch_size": "auto", "pac": 10}, r"batch_size \(auto\) must be a multiple of pac \(10\)"),
     ({"diff_augment": "translation"}, "diff_augment='translation' applies to images only")],
)
def test_bad_parameters_are_named_in_the_error(mixed_frame, params, name):
    with pytest.raises(ValueError, match=name):
        WGANAugmenter(**{**FAST, **params}).fit(mixed_frame)
