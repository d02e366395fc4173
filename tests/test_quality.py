"""What a user relies on: synthetic rows of a known table match it within stated tolerances.

The table has two clusters of correlated numbers and a categorical column whose mix depends on the
cluster. One model is trained per module (about half a minute on 2 CPU cores) and shared by the tests.
"""

import numpy as np
import pandas as pd
import pytest

from wgan_augment import WGANAugmenter
from wgan_augment.evaluation import column_distances, correlation_difference

N_ROWS = 400


@pytest.fixture(scope="module")
def two_clusters():
    rng = np.random.default_rng(0)
    in_b = rng.random(N_ROWS) < 0.4
    x = np.where(in_b, rng.normal(3.0, 0.6, N_ROWS), rng.normal(-2.0, 0.8, N_ROWS))
    table = pd.DataFrame(
        {
            "x": x,
            "y": 0.8 * x + rng.normal(0, 0.5, N_ROWS),
            "z": rng.gamma(2.0, 2.0, N_ROWS),
            "kind": np.where(rng.random(N_ROWS) < np.where(in_b, 0.8, 0.2), "p", "q"),
        }
    )
    return table, np.where(in_b, "b", "a")


@pytest.fixture(scope="module")
def fitted(two_clusters):
    X, y = two_clusters
    # The tolerances were stated for the networks tables of 1,000 rows and more get by default; a
    # scarce table's defaults are smaller and faster, and give up some fidelity (docs/measurements/defaults.md).
    augmenter = WGANAugmenter(n_steps=600, batch_size=256, generator_dims=(256, 256), critic_dims=(256, 256),
                              random_state=0).fit(X, y)
    return augmenter, augmenter.sample(2000, random_state=0)


def test_marginals_match_within_ks_and_tv_tolerances(two_clusters, fitted):
    X, _ = two_clusters
    distances = column_distances(X, fitted[1][0])["distance"]
    assert distances[["x", "y", "z"]].max() < 0.12
    assert distances["kind"] < 0.06


def test_correlation_of_the_numbers_is_kept(two_clusters, fitted):
    X, _ = two_clusters
    synthetic = fitted[1][0]
    assert correlation_difference(X, synthetic) < 0.08
    real_r = np.corrcoef(X["x"], X["y"])[0, 1]
    assert np.corrcoef(synthetic["x"], synthetic["y"])[0, 1] == pytest.approx(real_r, abs=0.1)


def test_class_conditional_means_differ_as_in_the_data(two_clusters, fitted):
    augmenter, _ = fitted
    b_rows, b_labels = augmenter.sample(1000, y="b", random_state=1)
    a_rows, _ = augmenter.sample(1000, y="a", random_state=1)
    assert set(b_labels) == {"b"}
    assert b_rows["x"].mean() == pytest.approx(3.0, abs=0.4)
    assert a_rows["x"].mean() == pytest.approx(-2.0, abs=0.4)
    assert (b_rows["kind"] == "p").mean() == pytest.approx(0.8, abs=0.1)
    assert (a_rows["kind"] == "p").mean() == pytest.approx(0.2, abs=0.1)
