"""scikit-learn's own conformance checks over WGANAugmenter and the meta-estimators.

Step budgets and networks are tiny: the checks exercise the estimator contract, not the GAN.
"""

import pytest
import torch
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.utils.estimator_checks import parametrize_with_checks

from wgan_augment import WGANAugmenter
from wgan_augment.pipeline import AugmentedClassifier, AugmentedRegressor


@pytest.fixture(autouse=True, scope="module")
def one_torch_thread():
    """Tiny networks train faster on one thread; two threads on a busy 2-core machine thrash."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def tiny_augmenter():
    return WGANAugmenter(
        n_steps=10, batch_size=32, n_critic=1, generator_dims=(16,), critic_dims=(16,), latent_dim=8,
        continuous_encoding="quantile", random_state=0,
    )


ESTIMATORS = [
    tiny_augmenter(),
    AugmentedClassifier(LogisticRegression(), tiny_augmenter(), cv=2, random_state=0),
    AugmentedRegressor(Ridge(), tiny_augmenter(), cv=2, random_state=0),
]

# Checks that cannot apply, with the reason; keyed by estimator class.
EXPECTED_FAILED_CHECKS = {
    "WGANAugmenter": {},
    "AugmentedClassifier": {},
    "AugmentedRegressor": {},
}


def expected_failed_checks(estimator):
    return EXPECTED_FAILED_CHECKS[type(estimator).__name__]


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failed_checks)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
