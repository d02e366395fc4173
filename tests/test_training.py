"""The WGAN loop: penalty, clipping, batch drawing, history."""

import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from wgan_augment.networks import SpanActivation, TableCritic, TableGenerator
from wgan_augment.tabular import Span
from wgan_augment.training import RowSampler, TrainingConfig, critic_step, gradient_penalty, train

SPANS = [Span(0, 1, "tanh"), Span(1, 4, "softmax"), Span(4, 5, "linear"), Span(5, 7, "softmax")]


def _config(**overrides):
    values = dict(
        n_steps=5, batch_size=16, n_critic=2, constraint="gp", gp_weight=10.0, clip_value=0.01,
        generator_lr=2e-4, critic_lr=2e-4, betas=(0.5, 0.9), latent_dim=8,
    )
    values.update(overrides)
    return TrainingConfig(**values)


class LinearScore(nn.Module):
    """D(x) = a · x: its gradient is ``a`` at every point, so the per-sample norm is ||a||."""

    def __init__(self, weight):
        super().__init__()
        self.weight = torch.as_tensor(weight, dtype=torch.float32)

    def forward(self, rows, condition=None):
        return rows.reshape(rows.shape[0], -1) @ self.weight


def test_gradient_penalty_is_zero_for_a_unit_norm_linear_critic():
    # A penalty taken over the whole batch would see norm sqrt(64) here and return (8 - 1)^2 = 49.
    real, fake = torch.randn(64, 4), torch.randn(64, 4)
    penalty = gradient_penalty(LinearScore([0.6, 0.8, 0.0, 0.0]), real, fake, None)
    assert penalty.item() == pytest.approx(0.0, abs=1e-10)


def test_gradient_penalty_uses_each_samples_norm_over_all_non_batch_dimensions():
    critic = LinearScore([3.0, 0.0, 0.0, 4.0])  # ||a|| = 5 -> (5 - 1)^2 = 16
    real, fake = torch.randn(32, 2, 2), torch.randn(32, 2, 2)
    assert gradient_penalty(critic, real, fake, None).item() == pytest.approx(16.0, rel=1e-6)


def test_gradient_penalty_with_packing_takes_the_norm_per_pack():
    critic = TableCritic(data_dim=3, n_classes=0, hidden_dims=(8,), pac=4)
    real, fake = torch.randn(16, 3), torch.randn(16, 3)
    torch.manual_seed(0)
    penalty = gradient_penalty(critic, real, fake, None)
    torch.manual_seed(0)
    epsilon = torch.rand(16, 1)
    interpolates = (epsilon * real + (1 - epsilon) * fake).requires_grad_(True)
    (gradients,) = torch.autograd.grad(critic(interpolates).sum(), interpolates)
    expected = ((gradients.reshape(4, 12).norm(dim=1) - 1) ** 2).mean()
    assert penalty.item() == pytest.approx(expected.item(), rel=1e-6)


def test_clipping_keeps_every_critic_weight_within_the_clip_value():
    torch.manual_seed(0)
    generator = TableGenerator(8, 0, (16,), SPANS)
    critic = TableCritic(7, 0, (16,), pac=1)
    optimizer = torch.optim.RMSprop(critic.parameters(), lr=0.5)  # a huge step, so clipping must act
    sampler = RowSampler(torch.rand(40, 7), None, 0)
    stats = critic_step(generator, critic, optimizer, sampler, _config(constraint="clip"))
    largest = max(p.abs().max().item() for p in critic.parameters())
    assert largest <= 0.01 + 1e-9
    assert stats[2].item() == 0.0  # no penalty term in clipping mode


def test_span_activation_gives_tanh_range_softmax_blocks_and_untouched_linear_columns():
    raw = torch.randn(50, 7) * 5
    out = SpanActivation(SPANS)(raw)
    assert out[:, 0].abs().max().item() <= 1.0
    assert torch.allclose(out[:, 1:4].sum(dim=1), torch.ones(50))
    assert torch.allclose(out[:, 5:7].sum(dim=1), torch.ones(50))
    assert torch.equal(out[:, 4], raw[:, 4])


def test_span_activation_in_eval_mode_draws_the_one_hot_category_the_soft_draw_points_to():
    activation = SpanActivation(SPANS)
    raw = torch.randn(200, 7) * 3
    soft = activation(raw, generator=torch.Generator().manual_seed(0))
    hard = activation.eval()(raw, generator=torch.Generator().manual_seed(0))
    for start, stop in ((1, 4), (5, 7)):
        assert torch.equal(hard[:, start:stop].sum(dim=1), torch.ones(200))
        assert set(hard[:, start:stop].unique().tolist()) == {0.0, 1.0}
        assert torch.equal(hard[:, start:stop].argmax(dim=1), soft[:, start:stop].argmax(dim=1))
    assert torch.equal(hard[:, [0, 4]], soft[:, [0, 4]])


def test_row_sampler_draws_rows_of_the_drawn_class_with_log_frequency_weights():
    labels = torch.tensor([0] * 90 + [1] * 9 + [2] * 1)
    rows = labels.float().unsqueeze(1)  # each row holds its own class
    torch.manual_seed(0)
    sampler = RowSampler(rows, labels, 3)
    drawn, condition = sampler.draw(20_000)
    assert torch.equal(drawn[:, 0].long(), condition.argmax(dim=1))
    expected = np.log1p([90, 9, 1]) / np.log1p([90, 9, 1]).sum()
    observed = condition.mean(dim=0).numpy()
    np.testing.assert_allclose(observed, expected, atol=0.015)


def test_train_records_one_history_entry_per_generator_step():
    torch.manual_seed(0)
    generator = TableGenerator(8, 2, (16,), SPANS)
    critic = TableCritic(7, 2, (16,), pac=1)
    labels = torch.tensor([0, 1] * 20)
    history = train(generator, critic, RowSampler(torch.rand(40, 7), labels, 2), _config(n_steps=7))
    assert sorted(history) == ["critic_loss", "generator_loss", "penalty", "wasserstein"]
    assert [len(values) for values in history.values()] == [7, 7, 7, 7]
    assert not generator.training and not critic.training  # left in eval mode for sampling


def test_generator_average_follows_the_live_weights_with_a_ramped_decay():
    from wgan_augment.training import GeneratorAverage

    live = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.BatchNorm1d(1))
    torch.nn.init.constant_(live[0].weight, 1.0)
    average = GeneratorAverage(live, decay=0.999)
    torch.nn.init.constant_(live[0].weight, 3.0)
    live[1].running_mean.fill_(5.0)
    average.update(live)  # first update: decay min(0.999, 1/10) = 0.1
    assert torch.allclose(average.model[0].weight, torch.full((1, 2), 0.1 * 1.0 + 0.9 * 3.0))
    assert average.model[1].running_mean.item() == 5.0  # statistics are copied, not averaged
    average.update(live)  # second: decay 2/11
    expected = 2 / 11 * 2.8 + 9 / 11 * 3.0
    assert torch.allclose(average.model[0].weight, torch.full((1, 2), expected))
    assert not average.model[0].weight.requires_grad


# ------------------------------------------------------------------------------------ divergence guard
def test_a_learning_rate_of_1e3_stops_training_with_the_step_and_the_cause_and_keeps_good_weights():
    from wgan_augment import WGANAugmenter
    from wgan_augment.training import TrainingDiverged

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"x": rng.normal(size=200), "c": rng.choice(["a", "b"], 200)})
    model = WGANAugmenter(n_steps=100, generator_lr=1e3, critic_lr=1e3, random_state=0)
    with pytest.raises(TrainingDiverged, match=r"training diverged at generator step \d+ of 100: the critic loss "
                                               r"became .*generator_lr=1000, critic_lr=1000\); lower it") as error:
        model.fit(frame)
    assert model.n_iter_ == len(model.history_["wasserstein"]) < error.value.step
    weights = torch.cat([parameter.detach().flatten() for parameter in model.generator_.parameters()])
    assert torch.isfinite(weights).all() and weights.abs().max() < 10  # the initial weights, not the exploded ones
    rows = model.sample(50, random_state=0)
    assert np.isfinite(rows["x"]).all() and set(rows["c"]) <= {"a", "b"}


def test_a_healthy_run_is_not_taken_for_a_diverged_one():
    from wgan_augment import WGANAugmenter

    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"x": rng.lognormal(size=300) * 1e6, "c": rng.choice(["a", "b", "c"], 300)})
    model = WGANAugmenter(n_steps=60, random_state=0).fit(frame)
    assert model.n_iter_ == 60


# ------------------------------------------------------------------------------------------ warm start
def _warm_frame():
    rng = np.random.default_rng(0)
    return pd.DataFrame({"x": rng.normal(size=80), "c": rng.choice(["a", "b"], 80)}), rng.choice([0, 1], 80)


def test_warm_start_trains_another_n_steps_on_top_of_the_first_fit():
    from wgan_augment import WGANAugmenter

    X, y = _warm_frame()
    model = WGANAugmenter(n_steps=6, batch_size=16, random_state=0).fit(X, y)
    first_history = {key: list(values) for key, values in model.history_.items()}
    first_weights = model.generator_.head.weight.detach().clone()
    model.set_params(warm_start=True, n_steps=4).fit(X, y)
    assert (model.n_iter_, model.n_steps_) == (10, 10)
    assert all(model.history_[key][:6] == first_history[key] for key in first_history)
    assert not torch.equal(model.generator_.head.weight, first_weights)
    again = WGANAugmenter(n_steps=6, batch_size=16, random_state=0).fit(X, y)
    again.set_params(warm_start=True, n_steps=4).fit(X, y)
    assert torch.equal(again.generator_.head.weight, model.generator_.head.weight)  # the same seed, the same steps


def test_warm_start_refuses_a_model_from_a_file_and_other_columns(tmp_path):
    from wgan_augment import WGANAugmenter
    from wgan_augment.persistence import load, save

    X, y = _warm_frame()
    model = WGANAugmenter(n_steps=2, batch_size=16, random_state=0).fit(X, y)
    loaded = load(save(model, tmp_path / "model.wgan")).set_params(warm_start=True)
    with pytest.raises(ValueError, match="warm_start: this model holds no training state to go on from"):
        loaded.fit(X, y)
    model.set_params(warm_start=True)
    with pytest.raises(ValueError, match=r"warm_start: X must have the columns of the data the model was fitted on"):
        model.fit(X[["x"]], y)
    with pytest.raises(ValueError, match="warm_start: give y exactly when the model was fitted with y"):
        model.fit(X)
    assert model.n_iter_ == 2  # refused before any step


# ------------------------------------------------------------------------------------ checkpoints
def test_a_fit_resumed_from_a_checkpoint_ends_bit_identical_to_an_uninterrupted_one(tmp_path):
    from wgan_augment import WGANAugmenter

    X, y = _warm_frame()
    settings = {"batch_size": 16, "gp_interval": 2, "random_state": 0}
    uninterrupted = WGANAugmenter(n_steps=30, **settings).fit(X, y)
    path = tmp_path / "run.ckpt"
    # The first 20 steps, checkpointed every 10: the file a run killed between steps 20 and 29 would leave.
    WGANAugmenter(n_steps=20, checkpoint_every=10, checkpoint_path=path, **settings).fit(X, y)
    resumed = WGANAugmenter(n_steps=30, checkpoint_every=10, checkpoint_path=path, **settings).fit(X, y)
    assert resumed.n_iter_ == 30 and resumed.history_ == uninterrupted.history_
    for name, tensor in uninterrupted.generator_.state_dict().items():
        assert torch.equal(tensor, resumed.generator_.state_dict()[name]), name
    pd.testing.assert_frame_equal(resumed.sample(20, random_state=1)[0], uninterrupted.sample(20, random_state=1)[0])


def test_a_checkpoint_of_other_data_is_refused_and_both_settings_go_together(tmp_path):
    from wgan_augment import WGANAugmenter

    X, y = _warm_frame()
    path = tmp_path / "run.ckpt"
    WGANAugmenter(n_steps=4, batch_size=16, checkpoint_every=2, checkpoint_path=path, random_state=0).fit(X, y)
    other = X.assign(x=X["x"] * 2)
    with pytest.raises(ValueError, match=r"run\.ckpt: this checkpoint was written by a fit with other settings"):
        WGANAugmenter(n_steps=4, batch_size=16, checkpoint_every=2, checkpoint_path=path, random_state=0).fit(other, y)
    with pytest.raises(ValueError, match="checkpoint_every and checkpoint_path go together"):
        WGANAugmenter(checkpoint_path=path, random_state=0).fit(X, y)


def test_a_checkpoint_further_on_than_n_steps_is_kept_whole_and_n_steps_counts_its_steps(tmp_path):
    from wgan_augment import WGANAugmenter

    X, y = _warm_frame()
    path = tmp_path / "run.ckpt"
    settings = {"batch_size": 16, "checkpoint_every": 10, "checkpoint_path": path, "random_state": 0}
    WGANAugmenter(n_steps=20, **settings).fit(X, y)
    resumed = WGANAugmenter(n_steps=10, **settings).fit(X, y)
    assert (resumed.n_iter_, resumed.n_steps_) == (20, 20)
