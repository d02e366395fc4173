"""Library input errors: each names the argument, value or class at fault, before any work starts."""

import re

import numpy as np
import pandas as pd
import pytest

from wgan_augment import WGANAugmenter
from wgan_augment._validation import MAX_IN_MEMORY_SAMPLES

TINY = dict(n_steps=2, batch_size=8, generator_dims=(8,), critic_dims=(8,), latent_dim=4, random_state=0)


@pytest.fixture(scope="module")
def table():
    return pd.DataFrame({"a": np.arange(40.0)})


@pytest.fixture(scope="module")
def text_class_model(table):
    return WGANAugmenter(**TINY).fit(table, pd.Series(np.tile(["p", "q"], 20)))


@pytest.mark.parametrize("label, shown", [(1, "1 (int)"), (1.5, "1.5 (float)")])
def test_sample_with_a_number_for_text_classes_names_the_value_and_the_classes(text_class_model, label, shown):
    with pytest.raises(ValueError) as raised:
        text_class_model.sample(3, y=label)
    assert str(raised.value) == f"y holds label {shown}, which was not seen in fit (classes: ['p', 'q'])."


def test_sample_with_text_for_number_classes_names_the_value_and_the_classes(table):
    model = WGANAugmenter(**TINY).fit(table, np.tile([1, 2], 20))
    expected = "y holds label 'p', which was not seen in fit (classes: [1, 2])."
    with pytest.raises(ValueError, match=re.escape(expected)):
        model.sample(3, y=["p", 1, 2])


def test_sample_beyond_the_in_memory_cap_is_refused_naming_the_count(text_class_model):
    assert MAX_IN_MEMORY_SAMPLES == 10**8
    with pytest.raises(ValueError, match=r"^n_samples is 1,000,000,000,000, more than the 100,000,000 rows"):
        text_class_model.sample(10**12)


def test_sample_at_the_cap_boundary_is_refused_one_above_it(text_class_model):
    with pytest.raises(ValueError, match=r"^n_samples is 100,000,001, "):
        text_class_model.sample(MAX_IN_MEMORY_SAMPLES + 1)


def test_fit_resample_asking_for_too_many_rows_is_refused_before_training_naming_the_class(table):
    augmenter = WGANAugmenter(**TINY, sampling_strategy={"q": 10**12})
    with pytest.raises(ValueError, match=re.escape("for class 'q' is 999,999,999,980, more than the 100,000,000")):
        augmenter.fit_resample(table, np.tile(["p", "q"], 20))
    assert not hasattr(augmenter, "generator_")  # refused before any training


def test_fit_resample_with_too_many_extra_samples_is_refused_naming_the_total(table):
    augmenter = WGANAugmenter(**TINY, extra_samples=2 * 10**8)
    with pytest.raises(ValueError, match=re.escape("(all classes) is 200,000,000, more than")):
        augmenter.fit_resample(table, np.tile(["p", "q"], 20))
    assert not hasattr(augmenter, "generator_")


@pytest.mark.parametrize("method", ["fit", "fit_resample"])
def test_a_continuous_target_is_refused_with_a_hint_to_use_augmented_regressor(table, method):
    target = np.linspace(0.0, 1.0, 40)
    augmenter = WGANAugmenter(**TINY)
    with pytest.raises(ValueError) as raised:
        getattr(augmenter, method)(table, target)
    message = str(raised.value)
    assert message.startswith("Unknown label type: continuous. y holds 40 distinct numbers, not all whole (0, 0.025641")
    assert "wgan_augment.AugmentedRegressor" in message
    assert not hasattr(augmenter, "generator_")


def test_whole_number_float_labels_are_still_classes(table):
    model = WGANAugmenter(**TINY).fit(table, np.tile([0.0, 1.0], 20))
    assert model.conditioning_.classes.tolist() == [0.0, 1.0]


def test_a_five_dimensional_array_is_neither_a_table_nor_an_image_stack_naming_the_shape():
    with pytest.raises(ValueError) as raised:
        WGANAugmenter(**TINY).fit(np.zeros((4, 2, 2, 2, 2)))
    assert str(raised.value) == ("X has shape (4, 2, 2, 2, 2) (5-D), which is neither a table (2-D: rows x columns) "
                                 "nor a stack of images (3-D: images x height x width, or 4-D with a channel axis).")


def test_loading_a_folder_says_it_is_a_folder_not_a_model_file_naming_the_path(tmp_path):
    from wgan_augment.persistence import load

    with pytest.raises(IsADirectoryError) as raised:
        load(tmp_path)
    assert str(raised.value) == f"[Errno 21] is a folder, not a model file: '{tmp_path}'"
