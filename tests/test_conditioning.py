"""Which class: label positions, the one "not seen in fit" error, draws and the CLI's text lookup."""

import numpy as np
import pytest
import torch

from wgan_augment.conditioning import Conditioning, one_hot, training_class_probabilities


def _conditioning():
    conditioning, class_index = Conditioning.from_labels(np.array(["b", "a", "b", "c", "b", "a"]))
    return conditioning, class_index


def test_classes_are_sorted_with_their_counts_and_positions():
    conditioning, class_index = _conditioning()
    assert conditioning.classes.tolist() == ["a", "b", "c"]
    assert conditioning.counts.tolist() == [2, 3, 1]
    assert class_index.tolist() == [1, 0, 1, 2, 1, 0]


def test_index_of_takes_one_label_or_one_per_row():
    conditioning, _ = _conditioning()
    assert conditioning.index_of("c", 3).tolist() == [2, 2, 2]
    assert conditioning.index_of(["a", "c"], 2).tolist() == [0, 2]


def test_a_label_not_seen_in_fit_is_named():
    conditioning, _ = _conditioning()
    unknown = r"y holds label 'z', which was not seen in fit \(classes: \['a', 'b', 'c'\]\)"
    with pytest.raises(ValueError, match=unknown):
        conditioning.index_of(["a", "z"], 2)
    with pytest.raises(ValueError, match=r"one label or 3 labels"):
        conditioning.index_of(["a", "b"], 3)


def test_draws_follow_the_training_frequencies():
    conditioning, _ = _conditioning()
    drawn = conditioning.draw(60_000, np.random.RandomState(0))
    np.testing.assert_allclose(np.bincount(drawn) / 60_000, [2 / 6, 3 / 6, 1 / 6], atol=0.01)


def test_a_label_is_found_by_its_text():
    conditioning, _ = Conditioning.from_labels(np.array([1, 2, 2]))
    assert conditioning.label_named("2") == 2 and isinstance(conditioning.label_named("2"), int)
    with pytest.raises(LookupError, match=r"no class '3' \(classes: 1, 2\)"):
        conditioning.label_named("3")


def test_one_hot_and_training_weights():
    assert one_hot(torch.tensor([2, 0]), 3).tolist() == [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    probabilities = training_class_probabilities(torch.tensor([1, 3]))
    np.testing.assert_allclose(probabilities.numpy(), [np.log(2) / np.log(8), np.log(4) / np.log(8)], rtol=1e-6)
