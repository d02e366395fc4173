"""The kind seam: one policy for parameters of the other kind, "auto" settings resolved once and kept."""

import numpy as np
import pandas as pd
import pytest

from wgan_augment import WGANAugmenter, load
from wgan_augment.images import is_image_stack
from wgan_augment.kinds import IMAGES, TABLE, ImageKind, TableKind, kind_named, kind_of

TINY_TABLE = dict(n_steps=3, n_critic=1, batch_size=16, generator_dims=(16,), critic_dims=(16,), latent_dim=8)
TINY_IMAGES = dict(n_steps=3, n_critic=1, batch_size=8, conv_width=4, latent_dim=8)


def _table():
    return pd.DataFrame({"x": np.random.default_rng(0).normal(size=40), "k": ["a", "b"] * 20})


def _images():
    return (np.random.default_rng(0).random((12, 8, 8)) * 255).astype(np.uint8)


@pytest.mark.parametrize(
    ("X", "expected"),
    [(np.zeros((5, 3)), TABLE), (pd.DataFrame({"a": [1, 2]}), TABLE), (np.zeros((5, 8, 8)), IMAGES),
     (np.zeros((5, 8, 8, 3)), IMAGES)],
)
def test_the_kind_is_read_from_the_shape(X, expected):
    assert kind_of(X).name == expected


@pytest.mark.parametrize(
    ("X", "expected"),
    [(np.zeros((5, 8, 8)).tolist(), True), (np.zeros((5, 8, 8, 3)).tolist(), True),
     (list(np.zeros((5, 8, 8))), True), (np.zeros((5, 3)).tolist(), False), (np.zeros((4, 2, 2, 2, 2)), False)],
    ids=["3-D list", "4-D list", "list of 2-D arrays", "2-D list", "5-D array"],
)
def test_a_list_is_images_exactly_when_the_array_it_makes_would_be(X, expected):
    assert is_image_stack(X) is expected
    assert kind_of(X).name == (IMAGES if expected else TABLE)


def test_a_named_layout_makes_any_array_images():
    assert kind_of(np.zeros((5, 3)), image_layout="NHW") == ImageKind()


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [("conv_width", 8, "conv_width=8 applies to images only; leave it at its default (16) with tables."),
     ("diff_augment", "cutout", "diff_augment='cutout' applies to images only; leave it at its default ('auto')")],
)
def test_image_parameters_are_refused_for_tables(param, value, message):
    with pytest.raises(ValueError) as error:
        WGANAugmenter(**{**TINY_TABLE, param: value}).fit(_table())
    assert str(error.value).startswith(message)


def test_no_augmentation_spelled_out_is_accepted_for_tables():
    assert WGANAugmenter(**{**TINY_TABLE, "diff_augment": ""}).fit(_table()).diff_augment_ == ""


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [("generator_dims", (8,), "generator_dims=(8,) applies to tables only; leave it at its default ('auto')"),
     ("critic_dims", (8,), "critic_dims=(8,) applies to tables only"),
     ("continuous_encoding", "mode", "continuous_encoding='mode' applies to tables only"),
     ("max_modes", 3, "max_modes=3 applies to tables only"),
     ("pac", 2, "pac=2 applies to tables only; leave it at its default (1) with images."),
     ("filter_synthetic", True, "filter_synthetic=True applies to tables only; leave it at its default ('auto')")],
)
def test_table_parameters_are_refused_for_images(param, value, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        WGANAugmenter(**{**TINY_IMAGES, param: value}).fit(_images())


def test_the_filter_spelled_off_is_accepted_for_images():
    assert WGANAugmenter(**{**TINY_IMAGES, "filter_synthetic": False}).fit(_images()).n_iter_ > 0


def test_auto_settings_are_resolved_per_kind_and_kept():
    table = WGANAugmenter(**{**TINY_TABLE, "batch_size": "auto"}).fit(_table())
    images = WGANAugmenter(**{**TINY_IMAGES, "batch_size": "auto"}).fit(_images())
    assert (table.batch_size_, table.ema_decay_, table.diff_augment_) == (64, 0.0, "")
    assert (images.batch_size_, images.ema_decay_, images.diff_augment_) == (64, 0.999, "")
    assert (images.generator_dims_, images.critic_dims_) == (None, None)
    assert table.kind_ == TableKind() and images.kind_ == ImageKind()


def test_resolved_settings_survive_a_model_file(tmp_path):
    fitted = WGANAugmenter(**{**TINY_IMAGES, "ema_decay": 0.5}).fit(_images())
    loaded = load(fitted.save(tmp_path / "images.wgan"))
    assert (loaded.batch_size_, loaded.ema_decay_, loaded.diff_augment_, loaded.kind_) == (8, 0.5, "", ImageKind())


def test_an_unknown_kind_name_is_refused():
    with pytest.raises(ValueError, match="unknown kind of data 'audio'"):
        kind_named("audio")


def test_a_failed_refit_leaves_the_fitted_model_as_it_was():
    augmenter = WGANAugmenter(random_state=0, **TINY_TABLE).fit(_table(), ["p", "q"] * 20)
    before = augmenter.sample(5, random_state=1)
    with pytest.raises(ValueError, match="labels but X has"):
        augmenter.fit(pd.DataFrame({"z": np.arange(30.0)}), ["p"] * 29)
    with pytest.raises(ValueError, match="conv_width"):
        augmenter.set_params(conv_width=8).fit(pd.DataFrame({"z": np.arange(30.0)}))
    assert augmenter.n_features_in_ == 2 and list(augmenter.feature_names_in_) == ["x", "k"]
    after = augmenter.sample(5, random_state=1)
    pd.testing.assert_frame_equal(after[0], before[0])
    np.testing.assert_array_equal(after[1], before[1])


def test_a_refit_without_labels_forgets_the_classes():
    augmenter = WGANAugmenter(random_state=0, **TINY_TABLE).fit(_table(), ["p", "q"] * 20)
    augmenter.fit(_table())
    assert augmenter.conditioning_ is None and not hasattr(augmenter, "classes_")


@pytest.mark.parametrize(("n_rows", "n_columns", "expected"), [
    (999, 40, "scarce"), (1000, 13, "large"), (1000, 12, "large, narrow"), (1000, None, "large")])
def test_auto_table_settings_follow_the_row_and_column_counts(n_rows, n_columns, expected):
    from wgan_augment.kinds import LARGE_NARROW_TABLE, LARGE_TABLE, SCARCE_TABLE

    sized = {"scarce": SCARCE_TABLE, "large": LARGE_TABLE, "large, narrow": LARGE_NARROW_TABLE}[expected]
    settings = TableKind().resolve_settings(WGANAugmenter().get_params(), n_rows, n_columns)
    assert (settings.n_steps, settings.batch_size, settings.generator_dims, settings.critic_dims) == (
        1000, sized["batch_size"], sized["dims"], sized["dims"])


def test_explicit_settings_are_kept_whatever_the_row_count():
    params = WGANAugmenter(n_steps=7, batch_size=10, generator_dims=(5,), critic_dims=(6, 6)).get_params()
    settings = TableKind().resolve_settings(params, 50, 3)
    resolved = (settings.n_steps, settings.batch_size, settings.generator_dims, settings.critic_dims)
    assert resolved == (7, 10, (5,), (6, 6))
