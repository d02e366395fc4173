"""WGANAugmenter on images: layouts, dtypes and value ranges in and out, classes, reproducibility, files."""

import numpy as np
import pytest
import torch

from wgan_augment import WGANAugmenter, load
from wgan_augment.networks import ImageCritic, ImageGenerator

TINY = dict(n_steps=3, n_critic=1, batch_size=8, conv_width=4, latent_dim=8)


def _digits_like(n=12, seed=0):
    """(n, 8, 8) float images in 0-16, as scikit-learn's digits, with two classes."""
    rng = np.random.default_rng(seed)
    images = np.zeros((n, 8, 8))
    images[:, 2:6, 2:6] = rng.integers(0, 17, (n, 4, 4))
    return images, np.array(["even", "odd"] * (n // 2))


@pytest.mark.parametrize(
    "shape, dtype, low, high",
    [((10, 8, 8), np.uint8, 0, 255), ((10, 12, 10, 3), np.float32, 0.0, 1.0), ((10, 3, 16, 16), np.float32, -1.0, 1.0),
     ((10, 28, 28, 1), np.float64, 0.0, 1.0)],
)
def test_samples_come_back_in_the_callers_layout_dtype_and_range(shape, dtype, low, high):
    rng = np.random.default_rng(0)
    if dtype == np.uint8:
        images = rng.integers(0, 256, shape, dtype=np.uint8)
    else:
        images = rng.uniform(low, high, shape).astype(dtype)
    augmenter = WGANAugmenter(random_state=0, **TINY).fit(images)
    synthetic = augmenter.sample(5, random_state=0)
    assert synthetic.shape == (5, *shape[1:]) and synthetic.dtype == dtype
    assert synthetic.min() >= low and synthetic.max() <= high
    assert augmenter.n_features_in_ == int(np.prod(shape[1:]))
    assert not hasattr(augmenter, "feature_names_in_")


def test_integer_images_in_an_observed_range_come_back_rounded_within_it():
    images, _ = _digits_like()
    synthetic = WGANAugmenter(random_state=0, **TINY).fit(images.astype(np.int64)).sample(20, random_state=0)
    assert synthetic.dtype == np.int64 and synthetic.min() >= 0 and synthetic.max() <= 16


def test_conditional_sampling_honours_requested_classes():
    images, labels = _digits_like()
    augmenter = WGANAugmenter(random_state=0, **TINY).fit(images, labels)
    synthetic, synthetic_labels = augmenter.sample(6, y=["odd", "odd", "even", "odd", "even", "odd"], random_state=0)
    assert synthetic.shape == (6, 8, 8)
    assert synthetic_labels.tolist() == ["odd", "odd", "even", "odd", "even", "odd"]
    assert augmenter.classes_.tolist() == ["even", "odd"]
    with pytest.raises(ValueError, match="label 'three'"):
        augmenter.sample(1, y="three")


def test_conditional_critic_scores_depend_on_the_class():
    critic = ImageCritic((1, 8, 8), n_classes=2, base_width=4)
    torch.nn.init.normal_(critic.class_embedding.weight)
    images = torch.rand(3, 1, 8, 8)
    first, second = torch.eye(2)[[0, 0, 0]], torch.eye(2)[[1, 1, 1]]
    assert not torch.allclose(critic(images, first), critic(images, second))


@pytest.mark.parametrize("shape", [(1, 8, 8), (1, 28, 28), (3, 32, 32), (3, 64, 64), (1, 10, 13)])
def test_networks_adapt_to_the_image_size(shape):
    generator = ImageGenerator(latent_dim=4, n_classes=0, image_shape=shape, base_width=2)
    images = generator(torch.randn(2, 4))
    assert images.shape == (2, *shape) and images.abs().max() <= 1
    assert ImageCritic(shape, n_classes=0, base_width=2)(images).shape == (2,)


def test_same_random_state_gives_identical_images_and_sampling_leaves_the_model_unchanged():
    images, labels = _digits_like()
    first = WGANAugmenter(random_state=5, **TINY).fit(images, labels)
    second = WGANAugmenter(random_state=5, **TINY).fit(images, labels)
    before = {name: value.clone() for name, value in first.generator_.state_dict().items()}
    np.testing.assert_array_equal(first.sample(4, random_state=1)[0], second.sample(4, random_state=1)[0])
    assert all(torch.equal(value, first.generator_.state_dict()[name]) for name, value in before.items())


def test_fit_resample_adds_images_to_balance_the_classes():
    images, _ = _digits_like(12)
    labels = np.array([0] * 9 + [1] * 3)
    X, y = WGANAugmenter(random_state=0, **TINY).fit_resample(images, labels)
    assert X.shape == (18, 8, 8) and np.bincount(y).tolist() == [9, 9]
    np.testing.assert_array_equal(X[:12], images)


def test_fit_resample_can_add_variants_of_the_minority_images_reproducibly():
    images, _ = _digits_like(12)
    labels = np.array([0] * 9 + [1] * 3)
    first = WGANAugmenter(random_state=0, resample_rows="variants", **TINY).fit_resample(images, labels)
    second = WGANAugmenter(random_state=0, resample_rows="variants", **TINY).fit_resample(images, labels)
    assert first[0].shape == (18, 8, 8) and first[1][12:].tolist() == [1] * 6
    np.testing.assert_array_equal(first[0], second[0])
    default = WGANAugmenter(random_state=0, **TINY).fit_resample(images, labels)  # "auto": images sample
    assert not np.array_equal(first[0][12:], default[0][12:])


def test_the_averaged_generator_is_what_samples_by_default():
    images, _ = _digits_like()
    averaged = WGANAugmenter(random_state=0, **TINY).fit(images)
    live = WGANAugmenter(random_state=0, ema_decay=0.0, **TINY).fit(images)
    assert not np.array_equal(averaged.sample(3, random_state=0), live.sample(3, random_state=0))


def test_training_images_are_not_modified():
    images, labels = _digits_like()
    original = images.copy()
    WGANAugmenter(random_state=0, **TINY).fit(images, labels)
    np.testing.assert_array_equal(images, original)


@pytest.mark.parametrize(
    "params, images, message",
    [({"pac": 2}, np.zeros((10, 8, 8)), "pac=2 applies to tables only"),
     ({"diff_augment": "translation,blur"}, np.zeros((10, 8, 8)), "'blur'"),
     ({}, np.zeros((10, 4, 4)), "at least 8x8"),
     ({"image_layout": "NHWC"}, np.zeros((10, 8, 8)), "needs a 4-D array"),
     ({}, np.zeros((10, 8, 8, 8)), "image_layout='NHWC'")],
)
def test_bad_image_input_is_refused_before_training(params, images, message):
    with pytest.raises(ValueError, match=message):
        WGANAugmenter(**{**TINY, **params}).fit(images)


def test_explicit_layout_reads_an_eight_channel_stack():
    images = np.random.default_rng(0).random((6, 8, 8, 8)).astype(np.float32)
    synthetic = WGANAugmenter(image_layout="NHWC", random_state=0, **TINY).fit(images).sample(2, random_state=0)
    assert synthetic.shape == (2, 8, 8, 8)


def test_saved_image_model_samples_identically(tmp_path):
    images, labels = _digits_like()
    augmenter = WGANAugmenter(random_state=0, **TINY).fit(images.astype(np.uint8), labels)
    loaded = load(augmenter.save(tmp_path / "digits.wgan"))
    expected, expected_labels = augmenter.sample(5, random_state=3)
    actual, actual_labels = loaded.sample(5, random_state=3)
    np.testing.assert_array_equal(actual, expected)
    np.testing.assert_array_equal(actual_labels, expected_labels)
    assert actual.dtype == np.uint8


@pytest.mark.parametrize(
    "shape, n_images, expected",
    [((40, 8, 8), 40, set()), ((40, 32, 32), 40, {"translation", "cutout"}),
     ((40, 32, 32, 3), 40, {"colour", "translation", "cutout"}), ((40, 32, 32), 6000, set())],
)
def test_auto_diffaugment_is_on_for_small_sets_of_32_pixel_images_only(shape, n_images, expected):
    augmenter = WGANAugmenter(**{**TINY, "n_steps": 1}).fit(np.zeros((n_images, *shape[1:]), dtype=np.uint8))
    assert set(filter(None, augmenter.diff_augment_.split(","))) == expected


def test_auto_n_critic_is_two_for_images_and_five_for_tables_and_an_explicit_one_is_kept():
    images, labels = _digits_like()
    assert WGANAugmenter(n_steps=1, conv_width=4, batch_size=8).fit(images, labels).n_critic_ == 2
    assert WGANAugmenter(n_steps=1, batch_size=8).fit(np.random.default_rng(0).normal(size=(20, 2))).n_critic_ == 5
    assert WGANAugmenter(**TINY).fit(images, labels).n_critic_ == 1


@pytest.fixture(scope="module")
def varied_model():
    images, labels = _digits_like(n=20)
    # Wide enough a code for the search to find one near each image: the tiny model's 8 numbers are not.
    model = WGANAugmenter(**{**TINY, "n_steps": 20, "latent_dim": 64, "conv_width": 8}, random_state=0)
    return model.fit(images, labels), images, labels


def test_vary_gives_each_image_its_variants_in_order_with_its_label(varied_model):
    augmenter, images, labels = varied_model
    variants, variant_labels = augmenter.vary(images[:5], labels[:5], n_per_image=3, random_state=0)
    assert variants.shape == (15, 8, 8) and variants.dtype == images.dtype
    np.testing.assert_array_equal(variant_labels, np.repeat(labels[:5], 3))
    assert variants.min() >= 0 and variants.max() <= 16


def test_variants_sit_closer_to_their_own_image_than_to_the_others(varied_model):
    augmenter, images, labels = varied_model
    variants, _ = augmenter.vary(images, labels, n_per_image=2, spread=0.05, random_state=0)
    distances = np.linalg.norm(variants.reshape(len(variants), 1, -1) - images.reshape(1, len(images), -1), axis=2)
    own = distances[np.arange(len(variants)), np.repeat(np.arange(len(images)), 2)]
    assert np.mean(own <= distances.min(axis=1) + 1e-9) > 0.8


def test_vary_is_reproducible_and_leaves_the_model_unchanged(varied_model):
    augmenter, images, labels = varied_model
    weights = {name: value.clone() for name, value in augmenter.generator_.state_dict().items()}
    first = augmenter.vary(images, labels, random_state=3)[0]
    np.testing.assert_array_equal(first, augmenter.vary(images, labels, random_state=3)[0])
    for name, value in augmenter.generator_.state_dict().items():
        torch.testing.assert_close(value, weights[name])
    assert all(parameter.grad is None for parameter in augmenter.generator_.parameters())


@pytest.mark.parametrize(
    "call, message",
    [(lambda images, labels: dict(X=images), "vary needs y"),
     (lambda images, labels: dict(X=images, y=["even"] * 21), r"one label per image \(20\), got shape \(21,\)"),
     (lambda images, labels: dict(X=images, y="even"), r"y must hold one label per image \(20\), got shape \(\)"),
     (lambda images, labels: dict(X=images[:0], y=labels[:0]), "X holds no image"),
     (lambda images, labels: dict(X=images, y=np.array(["three"] * 20)), "label 'three', which was not seen"),
     (lambda images, labels: dict(X=images[:, :4, :4], y=labels), r"expected a stack of images of shape \(8, 8\)"),
     (lambda images, labels: dict(X=images, y=labels, n_per_image=0), "n_per_image must be a positive integer"),
     (lambda images, labels: dict(X=images, y=labels, spread=-1.0), "spread must be a positive number")],
)
def test_bad_vary_requests_are_refused_with_the_reason(varied_model, call, message):
    augmenter, images, labels = varied_model
    with pytest.raises(ValueError, match=message):
        augmenter.vary(**call(images, labels))


def test_vary_is_for_image_models_only():
    table = np.random.default_rng(0).normal(size=(30, 3))
    augmenter = WGANAugmenter(n_steps=2, batch_size=8, random_state=0).fit(table)
    with pytest.raises(ValueError, match="vary makes variants of images; this model learned a table"):
        augmenter.vary(table)


def test_vary_on_an_unconditional_model_returns_images_only():
    images, _ = _digits_like(n=20)
    augmenter = WGANAugmenter(**{**TINY, "n_steps": 5, "latent_dim": 16}, random_state=0).fit(images)
    variants = augmenter.vary(images[:3], n_per_image=2, random_state=0)
    assert isinstance(variants, np.ndarray) and variants.shape == (6, 8, 8)
    with pytest.raises(ValueError, match="y was given to vary, but the model was fitted without labels"):
        augmenter.vary(images[:3], np.zeros(3))
