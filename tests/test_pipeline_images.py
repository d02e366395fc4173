"""AugmentedClassifier on image stacks: the estimator gets images, the safety net and the filter work as for rows."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC

from wgan_augment import WGANAugmenter
from wgan_augment.images import FlattenImages
from wgan_augment.pipeline import AugmentedClassifier, AugmentedRegressor


def tiny_image_augmenter(**params):
    """A conv WGAN small and short enough for a test: the plumbing is checked here, not fidelity."""
    return WGANAugmenter(**{**dict(n_steps=10, batch_size=16, n_critic=1, conv_width=4, latent_dim=8,
                                   random_state=0), **params})


@pytest.fixture(scope="module")
def digits():
    data = load_digits()
    picked = np.concatenate([np.flatnonzero(data.target == label)[:8] for label in range(3)])
    return data.images[picked].astype(np.uint8), data.target[picked]


class UnfittableAugmenter(BaseEstimator):
    """Fails the test if anything is fitted: refusals must come before any work."""

    def fit(self, X, y=None):
        raise AssertionError("the augmenter was fitted before the input was refused")

    def sample(self, n_samples, y=None, random_state=None):
        raise AssertionError("sampled before the input was refused")


def flat_svc():
    return make_pipeline(FlattenImages(divide_by=16), SVC())


def test_flatten_images_gives_one_row_of_scaled_pixels_per_image(digits):
    images, _ = digits
    rows = FlattenImages(divide_by=16).fit_transform(images)
    assert rows.shape == (len(images), 64)
    np.testing.assert_array_equal(rows[3], images[3].ravel() / 16)
    with pytest.raises(ValueError, match=r"X has 16 features, but FlattenImages is expecting 64 features as input "
                                         r"\(images of shape \(4, 4\), fitted on \(8, 8\)\)"):
        FlattenImages().fit(images).transform(images[:, :4, :4])


def test_a_fixed_amount_of_synthetic_images_reaches_the_estimator(digits):
    images, labels = digits
    model = AugmentedClassifier(flat_svc(), tiny_image_augmenter(), n_synthetic=12, filter_synthetic=False,
                                random_state=0).fit(images, labels)
    assert model.n_synthetic_ == 12
    assert model.estimator_.steps[-1][1].shape_fit_ == (len(labels) + 12, 64)
    assert model.n_features_in_ == 64
    assert model.predict(images).shape == (len(labels),)


@pytest.mark.parametrize(
    "given",
    [lambda images: images, lambda images: images[..., None], lambda images: images.tolist()],
    ids=["3-D array", "4-D array", "3-D list"],
)
def test_the_augmenter_and_the_classifier_both_read_a_3d_or_4d_stack_as_images(digits, given):
    images, labels = digits
    X = given(images)
    augmenter = tiny_image_augmenter().fit(X, labels)
    model = AugmentedClassifier(flat_svc(), tiny_image_augmenter(), n_synthetic=6, filter_synthetic=False,
                                random_state=0).fit(X, labels)
    assert (augmenter.kind_.name, augmenter.n_features_in_) == ("images", 64)
    assert (model.augmenter_.kind_.name, model.n_features_in_) == ("images", 64)
    assert model.estimator_.steps[-1][1].shape_fit_ == (len(labels) + 6, 64)


def test_augmented_regressor_refuses_a_3d_list_as_images_before_training(digits):
    images, labels = digits
    with pytest.raises(ValueError, match=r"^AugmentedRegressor takes tables: .*\(X has shape \(24, 8, 8\)\) does not"):
        AugmentedRegressor(Ridge(), UnfittableAugmenter()).fit(images.tolist(), labels.astype(float))


class MislabellingAugmenter(BaseEstimator):
    """Answers every request with training images of random classes: with three classes, most carry a wrong label."""

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit(self, X, y):
        self.images_ = np.asarray(X)
        return self

    def sample(self, n_samples, y=None, random_state=None):
        rng = np.random.default_rng(random_state)
        return self.images_[rng.integers(len(self.images_), size=n_samples)], np.asarray(y)


class RecordingSVC(SVC):
    def fit(self, X, y, sample_weight=None):
        self.fitted_on_ = (X, y)
        return super().fit(X, y, sample_weight=sample_weight)


def test_the_filter_keeps_only_images_the_real_data_classifier_labels_as_requested(digits):
    images, labels = digits
    estimator = make_pipeline(FlattenImages(divide_by=16), RecordingSVC())
    model = AugmentedClassifier(estimator, MislabellingAugmenter(), n_synthetic=12, random_state=0)
    model.fit(images, labels)
    rows, row_labels = model.estimator_[-1].fitted_on_
    synthetic, synthetic_labels = rows[len(labels):], row_labels[len(labels):]
    judge = clone(estimator).fit(images, labels)
    assert model.n_synthetic_ == len(synthetic_labels) > 0
    np.testing.assert_array_equal(judge[-1].predict(synthetic), synthetic_labels)
    assert model.filter_acceptance_ < 0.8  # with three classes, most random images carried a wrong label


def test_the_safety_net_scores_zero_synthetic_images_among_the_candidates(digits):
    images, labels = digits
    model = AugmentedClassifier(flat_svc(), tiny_image_augmenter(), candidates=(1.0,), cv=2,
                                random_state=0).fit(images, labels)
    assert model.cv_results_["n_synthetic"].tolist()[0] == 0
    assert len(model.cv_results_["mean_test_score"]) == 2
    assert model.synthetic_ratio_ in (0.0, 1.0)


def test_cross_validation_over_images_fits_the_augmenter_inside_each_fold(digits):
    images, labels = digits
    model = AugmentedClassifier(flat_svc(), tiny_image_augmenter(), n_synthetic=6, random_state=0)
    scores = cross_val_score(model, images, labels, cv=2)
    assert scores.shape == (2,) and np.all((scores >= 0) & (scores <= 1))


def test_an_estimator_that_takes_rows_only_is_refused_before_training_with_advice(digits):
    images, labels = digits
    with pytest.raises(ValueError, match=r"SVC cannot be fitted on images of shape \(8, 8\).*FlattenImages"):
        AugmentedClassifier(SVC(), UnfittableAugmenter()).fit(images, labels)


def test_predict_refuses_rows_or_images_of_another_shape_after_an_image_fit(digits):
    images, labels = digits
    model = AugmentedClassifier(flat_svc(), tiny_image_augmenter(), n_synthetic=0).fit(images, labels)
    with pytest.raises(ValueError, match=r"X holds rows, but AugmentedClassifier was fitted on images of shape"):
        model.predict(images.reshape(len(images), -1))
    with pytest.raises(ValueError, match=r"images of shape \(4, 4\), but .* fitted on images of shape \(8, 8\)"):
        model.predict(images[:, :4, :4])


def test_a_table_fit_refuses_images_at_predict():
    X, y = load_digits(return_X_y=True)
    model = AugmentedClassifier(LogisticRegression(max_iter=200), n_synthetic=0).fit(X[:60], y[:60])
    with pytest.raises(ValueError, match=r"X holds images of shape \(8, 8\), but .* fitted on rows of 64 features"):
        model.predict(X[:5].reshape(5, 8, 8))


def test_augmented_regressor_refuses_images_before_training(digits):
    images, labels = digits
    with pytest.raises(ValueError, match="AugmentedRegressor takes tables"):
        AugmentedRegressor(Ridge(), UnfittableAugmenter()).fit(images, labels.astype(float))


def test_the_training_images_are_not_modified(digits):
    images, labels = digits
    before = images.copy()
    AugmentedClassifier(flat_svc(), tiny_image_augmenter(), n_synthetic=6, random_state=0).fit(images, labels)
    np.testing.assert_array_equal(images, before)


class VaryingAugmenter(BaseEstimator):
    """Records what vary is asked for and answers with the images themselves; sample must not be used."""

    def fit(self, X, y):
        self.varied_ = []
        return self

    def sample(self, n_samples, y=None, random_state=None):
        raise AssertionError("an image classifier draws variants of its images, not samples")

    def vary(self, X, y, n_per_image=4, random_state=None):
        self.varied_.append((X.copy(), y.copy(), n_per_image))
        return np.repeat(X, n_per_image, axis=0), np.repeat(y, n_per_image)


def test_synthetic_images_are_variants_of_training_images_of_each_planned_class(digits):
    images, labels = digits
    estimator = make_pipeline(FlattenImages(divide_by=16), RecordingSVC())
    model = AugmentedClassifier(estimator, VaryingAugmenter(), n_synthetic=48, filter_synthetic=False,
                                random_state=0).fit(images, labels)
    # Each of the 24 training images has its code found once, for the 2 variants the plan needs of it.
    (sources, source_labels, per_image), = model.augmenter_.varied_
    assert per_image == 2 and len(sources) == len(images)
    rows, row_labels = model.estimator_[-1].fitted_on_
    synthetic, synthetic_labels = rows[len(labels):], row_labels[len(labels):]
    np.testing.assert_array_equal(np.bincount(synthetic_labels), [16, 16, 16])
    # Every synthetic image is a training image's variant (here: the image) of its own label, each used twice.
    flat_images = FlattenImages(divide_by=16).fit_transform(images)
    positions = [np.flatnonzero((flat_images == row).all(axis=1))[0] for row in synthetic]
    np.testing.assert_array_equal(labels[positions], synthetic_labels)
    np.testing.assert_array_equal(np.bincount(positions, minlength=len(images)), np.full(len(images), 2))
