"""Threads: the policy behind n_threads="auto", and that the caller's counts come back."""

import numpy as np
import pytest
import torch

from wgan_augment import WGANAugmenter
from wgan_augment.runtime import limited_threads, policy_threads, seeded_torch

FAST = dict(n_steps=5, n_critic=1, batch_size=32, generator_dims=(16,), critic_dims=(16,), latent_dim=8, random_state=0)


@pytest.fixture
def two_torch_threads():
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(before)


def test_auto_means_one_thread_for_a_table_on_the_cpu_and_torchs_own_count_otherwise(two_torch_threads):
    assert policy_threads("auto", True, torch.device("cpu")) == 1
    assert policy_threads("auto", False, torch.device("cpu")) == 2
    assert policy_threads("auto", True, torch.device("cuda")) == 2
    assert policy_threads(3, True, torch.device("cpu")) == 3


def test_limited_threads_restores_the_callers_count_even_when_the_block_raises(two_torch_threads):
    with pytest.raises(RuntimeError), limited_threads(1):
        assert torch.get_num_threads() == 1
        raise RuntimeError("stop")
    assert torch.get_num_threads() == 2


def test_a_table_trains_and_samples_with_the_policy_and_leaves_the_callers_threads(two_torch_threads):
    X = np.random.default_rng(0).normal(size=(40, 3))
    y = np.array([0] * 30 + [1] * 10)
    seen = []
    augmenter = WGANAugmenter(**FAST)
    original = augmenter._fit

    def recording_fit(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return original(*args, **kwargs)

    augmenter._fit = recording_fit
    augmenter.fit(X, y)
    assert (seen, augmenter.n_threads_, torch.get_num_threads()) == ([1], 1, 2)
    augmenter.sample(5, random_state=0)
    assert torch.get_num_threads() == 2
    assert WGANAugmenter(n_threads=2, **FAST).fit_resample(X, y)[0].shape[1] == 3
    assert WGANAugmenter(n_threads=2, **FAST).fit(X, y).n_threads_ == 2


@pytest.mark.parametrize("value", [0, "all", 1.5])
def test_n_threads_takes_a_positive_count_or_auto(value):
    with pytest.raises(ValueError, match="n_threads"):
        WGANAugmenter(n_threads=value, **FAST).fit(np.zeros((40, 2)))


def test_seeded_torch_draws_from_its_seed_and_gives_the_caller_back_its_own_stream():
    torch.manual_seed(7)
    callers_next = torch.rand(3)
    torch.manual_seed(7)
    with seeded_torch(0, torch.device("cpu")):
        inside = torch.rand(2)
    after = torch.rand(3)
    torch.manual_seed(0)
    assert torch.equal(inside, torch.rand(2)) and torch.equal(after, callers_next)
