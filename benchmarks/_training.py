"""Section 2, training throughput: generator steps per second against ``ctgan.CTGAN``.

At equal settings -- CTGAN's defaults: batch 500, generator and critic (256, 256), noise 128, one
critic step per generator step, pac 10 -- and at our own defaults (batch 256, five critic steps, no
packing). Only the training loop is timed on both sides, not the encoding before it. With a GPU,
the same figures are measured there too.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

import pandas as pd
import torch

import wgan_augment.augmenter as augmenter_module
from wgan_augment import WGANAugmenter

from ._measure import Figure, SectionResult
from ._peers import fit_ctgan
from ._settings import Settings
from ._tables import mixed_table

TARGET_SPEEDUP = 2
CTGAN_BATCH = 500
EQUAL = {"batch_size": CTGAN_BATCH, "n_critic": 1, "pac": 10, "generator_dims": (256, 256),
         "critic_dims": (256, 256), "latent_dim": 128}


def run(settings: Settings) -> SectionResult:
    result = SectionResult()
    table = mixed_table(settings.training_rows)
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    result.say(f"Table: {len(table):,} rows × 15 columns (10 continuous, 5 categorical). Generator steps per second "
               f"of the training loop alone, best of {settings.training_rounds} round(s):")
    result.say("| device | model | settings | steps timed | steps/s |")
    result.say("|---|---|---|---|---|")
    for device in devices:
        rates = _measure_device(table, device, settings)
        for (model, described), (steps, rate) in rates.items():
            result.say(f"| {device} | {model} | {described} | {steps} | {rate:.1f} |")
        ctgan_rate = rates[("CTGAN", "its defaults")][1]
        section = "2 training" + ("" if device == "cpu" else f" ({device})")
        result.figures += [
            Figure(section, f"steps/s at equal settings, {device}", rates[("ours", "equal settings")][1], "steps/s",
                   "CTGAN", ctgan_rate, higher_is_better=True,
                   min_speedup=TARGET_SPEEDUP if device == "cpu" else None,
                   note="batch 500, (256, 256), n_critic 1, pac 10"),
            Figure(section, f"steps/s at equal settings + mode-specific encoding, {device}",
                   rates[("ours", "equal settings, mode-specific encoding")][1], "steps/s", "CTGAN", ctgan_rate,
                   higher_is_better=True, note="reported: CTGAN's encoded width"),
            Figure(section, f"steps/s at our defaults, {device}", rates[("ours", "our defaults")][1], "steps/s",
                   "CTGAN", ctgan_rate, higher_is_better=True,
                   note="reported: batch 256, n_critic 5, pac 1; a step is 5 critic + 1 generator updates"),
        ]
    return result


def _measure_device(table: pd.DataFrame, device: str, settings: Settings) -> dict:
    epochs = max(1, round(settings.training_steps / max(len(table) // CTGAN_BATCH, 1)))
    contenders = {
        ("ours", "equal settings"): lambda: _ours_rate(table, device, settings.training_steps, EQUAL),
        ("CTGAN", "its defaults"): lambda: _ctgan_rate(table, device, epochs),
        ("ours", "equal settings, mode-specific encoding"): lambda: _ours_rate(
            table, device, settings.training_steps, {**EQUAL, "continuous_encoding": "mode"}),
        ("ours", "our defaults"): lambda: _ours_rate(table, device, settings.default_steps, {}),
    }
    best: dict = {}
    for _ in range(settings.training_rounds):
        for key, measure in contenders.items():
            steps, rate = measure()
            if key not in best or rate > best[key][1]:
                best[key] = (steps, rate)
    return best


def _ours_rate(table: pd.DataFrame, device: str, n_steps: int, params: dict) -> tuple[int, float]:
    augmenter = WGANAugmenter(n_steps=n_steps, random_state=0, device=device, **params)
    with training_clock() as seconds:
        augmenter.fit(table)
    return n_steps, n_steps / seconds[0]


def _ctgan_rate(table: pd.DataFrame, device: str, epochs: int) -> tuple[int, float]:
    _, _, seconds, n_steps = fit_ctgan(table, epochs=epochs, enable_gpu=device != "cpu")
    return n_steps, n_steps / seconds


@contextmanager
def training_clock():
    """Time ``WGANAugmenter``'s training loop alone: yields a list that receives its wall time.

    ``fit`` encodes the table, builds the networks and then calls ``training.train``; wrapping that
    call (as the augmenter module names it) leaves the encoding out, as it is left out for CTGAN.
    """
    seconds: list[float] = []
    original = augmenter_module.train

    def timed_train(*args, **kwargs):
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        started = time.perf_counter()
        history = original(*args, **kwargs)
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        seconds.append(time.perf_counter() - started)
        return history

    augmenter_module.train = timed_train
    try:
        yield seconds
    finally:
        augmenter_module.train = original
