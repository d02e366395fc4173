"""Image metrics on cases with a known answer: identical sets, copies, noise, shifted features."""

import numpy as np
import pytest
from sklearn.datasets import load_digits

from wgan_augment.evaluation import evaluate, render_html
from wgan_augment.evaluation.images import frechet_distance


@pytest.fixture(scope="module")
def digits():
    data = load_digits()
    order = np.random.default_rng(0).permutation(len(data.target))[:600]
    return data.images[order], data.target[order]


def test_frechet_distance_is_zero_for_identical_sets_and_grows_with_a_shift():
    features = np.random.default_rng(0).normal(size=(400, 4))
    assert frechet_distance(features, features) == 0.0
    assert frechet_distance(features, features + 1.0) == pytest.approx(4.0)  # |shift|^2 over 4 dimensions
    assert frechet_distance(features, features * 2.0) > 3.0  # same mean, doubled spread


def test_copies_of_the_training_images_are_called_memorisation(digits):
    images, labels = digits
    train, holdout = (images[:400], labels[:400]), (images[400:], labels[400:])
    results = evaluate(train, train, holdout=holdout)
    assert results["data"]["kind"] == "images"
    assert results["privacy"]["exact_copy_share"] == 1.0
    assert results["privacy"]["status"] == "memorisation"
    assert results["fidelity"]["frechet_distance"] == 0.0
    assert results["fidelity"]["conditional_accuracy"] > 0.95


def test_fresh_real_images_pass_every_check(digits):
    images, labels = digits
    results = evaluate((images[:300], labels[:300]), (images[300:], labels[300:]))
    fidelity = results["fidelity"]
    assert fidelity["status"] == "ok"
    assert fidelity["frechet_ratio"] < 2.0
    assert 0.35 < fidelity["detection"]["auc"] < 0.65
    assert results["privacy"]["status"] == "ok" and results["privacy"]["exact_copy_share"] == 0.0


def test_noise_with_labels_is_called_poor(digits):
    images, labels = digits
    noise = np.random.default_rng(1).integers(0, 17, (300, 8, 8)).astype(float)
    results = evaluate((images[:300], labels[:300]), (noise, labels[:300]))
    fidelity = results["fidelity"]
    assert fidelity["status"] == "poor"
    assert fidelity["conditional_accuracy"] < 0.3
    assert fidelity["detection"]["auc"] > 0.95
    assert results["utility"]["train_on_synthetic"] < 0.3


def test_unlabelled_images_get_fidelity_and_privacy_but_no_utility(digits):
    images, _ = digits
    results = evaluate(images[:300], images[300:])
    assert results["fidelity"]["feature_model"] == "PCA of pixels"
    assert results["fidelity"]["conditional_accuracy"] is None
    assert results["utility"] is None


def test_image_report_shows_the_grids_and_the_frechet_distance(digits):
    pytest.importorskip("matplotlib")
    pytest.importorskip("PIL")
    images, labels = digits
    page = render_html(evaluate((images[:300], labels[:300]), (images[300:], labels[300:])))
    assert page.count('alt="real images"') == 1 and page.count('alt="synthetic images"') == 1
    assert "Fréchet distance" in page and "Did it copy images?" in page


@pytest.mark.parametrize(
    "synthetic, message",
    [(np.zeros((10, 9, 9)), r"synthetic images have shape \(9, 9\), the real ones \(8, 8\)"),
     ((np.zeros((10, 8, 8)), np.zeros(3)), "10 images but labels of shape"),
     (np.zeros((10, 8, 8)), "labels for both real and synthetic")],
)
def test_mismatched_images_are_refused(digits, synthetic, message):
    images, labels = digits
    with pytest.raises(ValueError, match=message):
        evaluate((images[:50], labels[:50]), synthetic)


@pytest.mark.parametrize("option", [{"target": "label"}, {"refit_per_fold": True}, {"scoring": "accuracy"}])
def test_table_only_options_are_refused_with_images(digits, option):
    images, labels = digits
    name = next(iter(option))
    with pytest.raises(ValueError, match=f"{name}=.* applies to tables only"):
        evaluate((images[:50], labels[:50]), (images[50:100], labels[50:100]), **option)
