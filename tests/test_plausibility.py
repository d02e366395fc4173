"""fit_resample's rows: variants of real rows, and the plausibility filter that redraws rows the real-row
ensemble finds implausible for their label."""

import numpy as np
import pytest

from wgan_augment import WGANAugmenter
from wgan_augment._sampler._plausibility import PlausibilityFilter

WEAK = dict(n_steps=20, batch_size=32, n_critic=1, generator_dims=(32,), critic_dims=(32,), latent_dim=16,
            random_state=0)


def _blobs():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0.0, 1.0, (60, 3)), rng.normal(4.0, 1.0, (20, 3))])
    return X, np.array([0] * 60 + [1] * 20)


def test_a_row_is_plausible_for_the_class_whose_cluster_holds_it_and_not_for_the_other():
    X, y = _blobs()
    judge = PlausibilityFilter(seed=0).fit(X, y)
    centres = np.array([[0.0, 0.0, 0.0], [4.0, 4.0, 4.0]])
    assert judge.accepts(centres, np.array([0, 1])).tolist() == [True, True]
    assert judge.accepts(centres, np.array([1, 0])).tolist() == [False, False]


def test_the_threshold_is_half_the_probability_of_a_classifier_that_knows_nothing():
    X, y = _blobs()
    judge = PlausibilityFilter(seed=0).fit(X, y)
    middle = np.array([[2.0, 2.0, 2.0]] * 2)
    probability = np.mean([model.predict_proba(middle) for model in judge.models], axis=0)
    expected = (probability[np.arange(2), [0, 1]] >= 0.25).tolist()
    assert judge.accepts(middle, np.array([0, 1])).tolist() == expected


def test_filtered_minority_rows_lie_nearer_the_minority_than_unfiltered_ones():
    X, y = _blobs()
    toward_minority = np.ones(3) / np.sqrt(3)
    shifts = {}
    for filtering in (False, True):
        augmenter = WGANAugmenter(filter_synthetic=filtering, resample_rows="sample", **WEAK)
        X_res, y_res = augmenter.fit_resample(X, y)
        synthetic_minority = X_res[len(X):][y_res[len(X):] == 1]
        shifts[filtering] = float((synthetic_minority @ toward_minority).mean())
    # A 20-step generator draws minority rows half way between the blobs; the filter keeps the nearer ones.
    assert shifts[True] - shifts[False] > 0.5


def _distance_to_nearest(rows, real):
    return np.sqrt(((rows[:, None, :] - real[None, :, :]) ** 2).sum(-1)).min(axis=1)


def test_variants_lie_near_real_rows_of_their_class_where_prior_draws_of_a_weak_model_do_not():
    X, y = _blobs()
    distances = {}
    for rows in ("sample", "variants"):
        X_res, y_res = WGANAugmenter(filter_synthetic=False, resample_rows=rows, **WEAK).fit_resample(X, y)
        minority = X_res[len(X):][y_res[len(X):] == 1]
        distances[rows] = float(_distance_to_nearest(minority, X[y == 1]).mean())
    # Measured 4.22 from the prior and 0.69 for variants; the minority's rows are about 1.1 apart.
    assert distances["variants"] < 1.0 < 3.0 < distances["sample"]


def test_the_filter_reports_what_it_kept_and_the_counts_follow_the_rows():
    X, y = _blobs()
    augmenter = WGANAugmenter(resample_rows="sample", **WEAK)  # filter "auto": on for a table of two classes
    X_res, y_res = augmenter.fit_resample(X, y)
    assert 0.0 < augmenter.filter_acceptance_ < 1.0
    added = y_res[len(X):]
    assert dict(augmenter.sampling_strategy_) == {0: int((added == 0).sum()), 1: int((added == 1).sum())}
    assert len(X_res) == len(y_res) and np.array_equal(X_res[: len(X)], X)


def test_filtered_resampling_is_reproducible():
    X, y = _blobs()
    first = WGANAugmenter(**WEAK).fit_resample(X, y)
    second = WGANAugmenter(**WEAK).fit_resample(X, y)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])


def test_without_the_filter_the_rows_are_those_sample_draws():
    X, y = _blobs()
    augmenter = WGANAugmenter(filter_synthetic=False, **WEAK)
    X_res, y_res = augmenter.fit_resample(X, y)
    assert augmenter.filter_acceptance_ is None
    assert dict(augmenter.sampling_strategy_) == {0: 0, 1: 40}


@pytest.mark.parametrize("value", [1, "yes", None])
def test_filter_synthetic_takes_a_bool_or_auto(value):
    X, y = _blobs()
    with pytest.raises(ValueError, match="filter_synthetic"):
        WGANAugmenter(filter_synthetic=value, **WEAK).fit_resample(X, y)
