"""The WGAN training loop: critic steps, a generator step, record, repeat.

The critic estimates the Wasserstein-1 distance between real and generated rows as
``E[D(real)] - E[D(fake)]`` over 1-Lipschitz functions D; the generator minimises it. Two ways to
keep the critic Lipschitz are offered:

- ``"gp"`` (default): the gradient penalty of Gulrajani et al. (2017), ``gp_weight * E[(||grad D(x)|| - 1)^2]``
  at random points between real and fake rows, trained with Adam.
- ``"clip"``: the original WGAN (Arjovsky et al. 2017), clipping every critic weight to
  ``[-clip_value, clip_value]`` after each step, trained with RMSProp.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from ..conditioning import one_hot, training_class_probabilities
from ._data_parallel import SINGLE_PROCESS, DataParallel, SingleProcess
from ._progress import TrainingProgress


class TrainingInterrupted(RuntimeWarning):
    """Warned when Ctrl-C stopped training early; the model keeps what it had learned (see ``n_iter_``)."""


class TrainingDiverged(RuntimeError):
    """Raised when a loss became NaN, infinite or beyond ``DIVERGED_LOSS``; the networks were put back to
    their last good weights.

    ``step`` is the generator step (counted from 1) whose losses were not finite, ``history`` the
    per-step history up to the last good weights (as ``train`` returns it).
    """

    def __init__(self, message: str, step: int, history: dict):
        super().__init__(message)
        self.step = step
        self.history = history


# Steps between checks that the losses are sound. Each check reads the losses off the device (a
# synchronisation on a GPU) and, when they are, copies the weights as the last good ones.
DIVERGENCE_CHECK_EVERY = 25
# A loss beyond this is taken as divergence, as NaN and infinity are. Encoded rows lie within about ±5
# and images within ±1; default fits kept every loss below 10 (wine: 8.0; 200 8x8 digits, 300 steps:
# 5.5), while a learning rate of 1e3 took the critic's loss past 1e26 in one step, still finite in float32.
DIVERGED_LOSS = 1e6


# Learning rates used when none is given: Adam's from CTGAN for the penalty, RMSProp's from the
# original WGAN paper for clipping.
DEFAULT_LR = {"gp": 2e-4, "clip": 5e-5}


@dataclass(frozen=True)
class TrainingConfig:
    """Plain values that steer one training run."""

    n_steps: int
    batch_size: int
    n_critic: int
    constraint: str
    gp_weight: float
    clip_value: float
    generator_lr: float
    critic_lr: float
    betas: tuple[float, float]
    latent_dim: int
    gp_interval: int = 1

    @classmethod
    def from_params(cls, params: dict, settings) -> TrainingConfig:
        """The run an augmenter's parameters and resolved ``settings`` (``n_steps``, ``batch_size``, ``n_critic``)
        ask for; learning rates left None get the constraint's default."""
        default_lr = DEFAULT_LR[params["constraint"]]
        return cls(n_steps=settings.n_steps, batch_size=settings.batch_size, n_critic=settings.n_critic,
                   constraint=params["constraint"], gp_weight=params["gp_weight"], clip_value=params["clip_value"],
                   generator_lr=params["generator_lr"] or default_lr, critic_lr=params["critic_lr"] or default_lr,
                   betas=tuple(params["betas"]), latent_dim=params["latent_dim"], gp_interval=params["gp_interval"])


class RowSampler:
    """Draw batches of encoded real rows, class by class when the model is conditional.

    Classes are drawn with probability proportional to ``log(1 + count)``
    (:func:`~wgan_augment.conditioning.training_class_probabilities`).
    """

    def __init__(self, rows: torch.Tensor, labels: torch.Tensor | None, n_classes: int):
        self.rows = rows
        self.n_classes = n_classes
        if labels is None:
            return
        counts = torch.bincount(labels, minlength=n_classes)
        self.order = torch.argsort(labels, stable=True)
        self.counts = counts
        self.offsets = torch.cumsum(counts, 0) - counts
        self.class_probs = training_class_probabilities(counts)

    def draw_condition(self, batch_size: int) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        """Classes for a batch (drawn as described above) and their one-hot condition."""
        if self.n_classes == 0:
            return None, None
        classes = torch.multinomial(self.class_probs, batch_size, replacement=True)
        return classes, one_hot(classes, self.n_classes)

    def draw(self, batch_size: int) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Real rows (with replacement) and their one-hot condition."""
        device = self.rows.device
        classes, condition = self.draw_condition(batch_size)
        if classes is None:
            index = torch.randint(len(self.rows), (batch_size,), device=device)
            return self.rows[index], None
        classes = classes.to(device)
        within = (torch.rand(batch_size, device=device) * self.counts[classes]).long()
        index = self.order[self.offsets[classes] + within]
        return self.rows[index], condition.to(device)


def gradient_penalty(critic: nn.Module, real: torch.Tensor, fake: torch.Tensor, condition,
                     epsilon: torch.Tensor | None = None) -> torch.Tensor:
    """``E[(||grad D(x_hat)||_2 - 1)^2]`` at random interpolates of real and fake rows.

    The norm is taken per critic input (one pack of ``pac`` rows) over all its non-batch dimensions;
    taking it over the whole batch is a common bug that makes the penalty meaningless. ``epsilon``, the
    interpolation weight of each row (shape ``(n, 1, ...)``), is drawn uniformly when not given.
    """
    if epsilon is None:
        epsilon = torch.rand(real.shape[0], *([1] * (real.dim() - 1)), device=real.device)
    interpolates = (epsilon * real + (1 - epsilon) * fake).requires_grad_(True)
    scores = critic(interpolates, condition)
    (gradients,) = torch.autograd.grad(scores.sum(), interpolates, create_graph=True)
    per_input = gradients.reshape(scores.shape[0], -1)
    return ((per_input.norm(2, dim=1) - 1) ** 2).mean()


def make_optimizers(generator: nn.Module, critic: nn.Module, config: TrainingConfig):
    """Adam for the penalty (WGAN-GP paper), RMSProp for clipping (momentum destabilises it)."""
    if config.constraint == "gp":
        return (
            torch.optim.Adam(generator.parameters(), lr=config.generator_lr, betas=config.betas),
            torch.optim.Adam(critic.parameters(), lr=config.critic_lr, betas=config.betas),
        )
    return (
        torch.optim.RMSprop(generator.parameters(), lr=config.generator_lr),
        torch.optim.RMSprop(critic.parameters(), lr=config.critic_lr),
    )


def _generate(generator: nn.Module, condition, batch_size: int, config: TrainingConfig, device) -> torch.Tensor:
    noise = torch.randn(batch_size, config.latent_dim, device=device)
    return generator(noise, condition)


Augment = Callable[[torch.Tensor], torch.Tensor]
Reduce = Callable[[nn.Module], None]


def _unchanged(batch: torch.Tensor) -> torch.Tensor:
    return batch


def critic_step(
    generator, critic, optimizer, sampler: RowSampler, config: TrainingConfig, augment: Augment = _unchanged,
    penalise: bool = True, reduce: Reduce | None = None,
) -> torch.Tensor:
    """One critic update; returns ``[loss, wasserstein_estimate, penalty]`` (detached).

    ``augment`` (DiffAugment for images) transforms real and fake batches alike before the critic sees
    them, and the penalty is taken between the transformed batches, where the critic is evaluated.
    ``penalise`` False skips the penalty (lazy regularisation); when it is computed it is weighted by
    ``config.gp_interval``. ``reduce``, when given, averages the critic's gradients over the ranks of a
    data-parallel fit, between the backward pass and the optimizer step.
    """
    real, condition = sampler.draw(config.batch_size)
    with torch.no_grad():
        fake = _generate(generator, condition, config.batch_size, config, real.device)
    real, fake = augment(real), augment(fake)
    wasserstein = critic(real, condition).mean() - critic(fake, condition).mean()
    penalty = torch.zeros((), device=real.device)
    if config.constraint == "gp" and penalise:
        penalty = gradient_penalty(critic, real, fake, condition)
    loss = -wasserstein + config.gp_weight * config.gp_interval * penalty
    optimizer.zero_grad(set_to_none=True)
    loss.backward()  # one backward pass through the sum of both terms
    if reduce is not None:
        reduce(critic)
    optimizer.step()
    if config.constraint == "clip":
        with torch.no_grad():
            for parameter in critic.parameters():
                parameter.clamp_(-config.clip_value, config.clip_value)
    return torch.stack([loss, wasserstein, penalty]).detach()


def generator_step(
    generator, critic, optimizer, sampler: RowSampler, config: TrainingConfig, augment: Augment = _unchanged,
    reduce: Reduce | None = None,
) -> torch.Tensor:
    """One generator update, minimising ``-E[D(augment(G(z)))]``; returns the (detached) loss.

    ``reduce`` averages the generator's gradients over the ranks, as in :func:`critic_step`.
    """
    _, condition = sampler.draw_condition(config.batch_size)
    device = sampler.rows.device
    if condition is not None:
        condition = condition.to(device)
    fake = _generate(generator, condition, config.batch_size, config, device)
    loss = -critic(augment(fake), condition).mean()
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    if reduce is not None:
        reduce(generator)
    optimizer.step()
    return loss.detach()


class GeneratorAverage:
    """An exponential moving average of the generator's weights, the model used for sampling.

    GAN weights oscillate around a good solution rather than settling on it; averaging them over
    recent steps (Yazıcı et al. 2019) gives steadier, usually better, samples for no training cost.
    The decay ramps up as ``min(decay, (1 + t) / (10 + t))`` so a short run is not dominated by the
    random initial weights. Batch-norm statistics are copied, not averaged.
    """

    def __init__(self, generator: nn.Module, decay: float):
        self.model = copy.deepcopy(generator).eval()
        self.model.requires_grad_(False)
        self.decay = decay
        self.n_updates = 0

    @torch.no_grad()
    def update(self, generator: nn.Module) -> None:
        decay = min(self.decay, (1 + self.n_updates) / (10 + self.n_updates))
        self.n_updates += 1
        for averaged, live in zip(self.model.parameters(), generator.parameters()):
            averaged.lerp_(live, 1 - decay)
        for averaged, live in zip(self.model.buffers(), generator.buffers()):
            averaged.copy_(live)


HISTORY_KEYS = ("critic_loss", "wasserstein", "penalty", "generator_loss")


def train(
    generator,
    critic,
    sampler: RowSampler,
    config: TrainingConfig,
    verbose: bool = False,
    augment: Augment | None = None,
    average: GeneratorAverage | None = None,
    optimizers: tuple | None = None,
    first_step: int = 0,
    checkpoint: Callable[[dict], None] | None = None,
    checkpoint_every: int = 0,
    parallel: SingleProcess | DataParallel = SINGLE_PROCESS,
) -> dict:
    """Run ``config.n_steps`` generator steps, each after ``config.n_critic`` critic steps.

    ``augment`` is applied to every batch the critic sees; ``average``, when given, is updated after
    every generator step. ``optimizers`` (generator's, critic's; from :func:`make_optimizers`) carry
    their state across calls, and ``first_step`` counts the steps already run, so that a second call
    continues a first (``warm_start``) with the lazy penalty on the same schedule. ``checkpoint``, when
    given, is called with the history so far after every ``checkpoint_every``-th step. ``parallel`` (a
    :class:`~wgan_augment.training.DataParallel`) trains data-parallel: ``config.batch_size`` is then
    this rank's share of the batch, gradients are averaged over the ranks before every optimizer step,
    the divergence checks agree across ranks, and batch-norm statistics are averaged at the end.

    Returns the history: per generator step, the last critic step's loss and Wasserstein estimate, the
    last penalty computed (with ``gp_interval`` > 1 not every critic step computes one), and the
    generator's loss. Ctrl-C stops training early and keeps what was learned: the
    history then has fewer than ``n_steps`` entries, which is how the caller knows.
    """
    generator_optimizer, critic_optimizer = optimizers or make_optimizers(generator, critic, config)
    augment = augment or _unchanged
    generator.train()
    critic.train()
    records: list[torch.Tensor] = []
    guard = _DivergenceGuard(generator, critic, average, first_step, parallel)
    reduce = parallel.average_gradients
    with TrainingProgress(config.n_steps, enabled=verbose) as progress:
        try:
            penalty = torch.zeros(1, device=sampler.rows.device)
            for index in range(config.n_steps):
                step = first_step + index
                if index % DIVERGENCE_CHECK_EVERY == 0:
                    guard.check(records, config)
                for critic_index in range(config.n_critic):
                    # Lazy regularisation (StyleGAN2): the penalty on every gp_interval-th critic step,
                    # weighted by gp_interval so that its average pull is unchanged.
                    penalise = (step * config.n_critic + critic_index + 1) % config.gp_interval == 0
                    critic_stats = critic_step(generator, critic, critic_optimizer, sampler, config, augment,
                                               penalise, reduce)
                    penalty = critic_stats[2:3] if penalise else penalty
                generator_loss = generator_step(generator, critic, generator_optimizer, sampler, config, augment,
                                                reduce)
                if average is not None:
                    average.update(generator)
                records.append(torch.cat([critic_stats[:2], penalty, generator_loss.reshape(1)]))
                progress.advance(records)
                if checkpoint is not None and (index + 1) % checkpoint_every == 0:
                    guard.check(records, config)  # never keep a diverged state
                    checkpoint(_history(records))
            guard.check(records, config)
        except KeyboardInterrupt:
            # A notebook user's Ctrl-C means "enough": the steps so far are a usable model. Not so for a rank
            # of a group: the others stopped at other steps, and any collective now would pair wrongly.
            if not parallel.keeps_interrupted_fit:
                raise
            guard.check(records, config)
        except TrainingDiverged:
            parallel.average_buffers(*guard.networks)  # every rank raises at the same check: they still meet here
            raise
        finally:
            generator.eval()
            critic.eval()
        parallel.average_buffers(*guard.networks)
    return _history(records)


def _history(records: list) -> dict:
    table = torch.stack(records).cpu().numpy().astype(float) if records else np.empty((0, 4))
    return {key: table[:, column].tolist() for column, key in enumerate(HISTORY_KEYS)}


class _DivergenceGuard:
    """Checks now and then that every loss so far is sound, and keeps a copy of the last good weights.

    A NaN, infinite or exploding loss (a learning rate far too high, a clip value too large) does not
    come back: training stops there, the networks go back to the last good copy and
    :class:`TrainingDiverged` says at which step and what to change.
    """

    def __init__(self, generator, critic, average, first_step: int = 0,
                 parallel: SingleProcess | DataParallel = SINGLE_PROCESS):
        self.networks = [network for network in (generator, critic, getattr(average, "model", None)) if network]
        self.first_step = first_step  # steps run before this call (a resumed or continued fit)
        self.parallel = parallel  # every rank must stop, or none: a rank left behind would wait forever
        self.checked = 0
        self._keep()

    def check(self, records: list, config: TrainingConfig) -> None:
        if len(records) == self.checked:
            return
        losses = torch.stack(records[self.checked:])
        sound = (torch.isfinite(losses) & (losses.abs() <= DIVERGED_LOSS)).all(dim=1).cpu().numpy()
        here = bool(sound.all())
        everywhere = not self.parallel.any_rank(not here)
        if everywhere:
            self.checked = len(records)
            self._keep()
            return
        for network, state in zip(self.networks, self.states):
            network.load_state_dict(state)
        good = self.first_step + self.checked
        if here:  # another rank's losses went bad; this one stops with it, or the other would wait forever
            step = self.first_step + len(records)
            raise TrainingDiverged(f"training diverged on another rank by generator step {step}; the model keeps "
                                   f"the weights after step {good}, the last checked good.", step,
                                   _history(records[: self.checked]))
        first_bad = self.checked + int(np.argmin(sound))
        step = self.first_step + first_bad + 1
        raise TrainingDiverged(_diverged_message(records[first_bad], step, good, self.first_step + config.n_steps,
                                                 config), step, _history(records[: self.checked]))

    def _keep(self) -> None:
        self.states = [{name: value.detach().clone() for name, value in network.state_dict().items()}
                       for network in self.networks]


def _diverged_message(record: torch.Tensor, step: int, good_steps: int, total: int, config: TrainingConfig) -> str:
    values = record.detach().cpu().numpy()
    which = next(name for name, value in zip(HISTORY_KEYS, values)
                 if not (np.isfinite(value) and abs(value) <= DIVERGED_LOSS))
    cause = (f"a learning rate too high (generator_lr={config.generator_lr:g}, critic_lr={config.critic_lr:g})")
    if config.constraint == "clip":
        cause += f" or a clip_value too large ({config.clip_value:g})"
    return (f"training diverged at generator step {step} of {total}: the {which.replace('_', ' ')} became "
            f"{values[HISTORY_KEYS.index(which)]:.3g}. The model keeps the weights after step {good_steps}, the "
            f"last checked good. Likely cause: {cause}; lower it and fit again.")

