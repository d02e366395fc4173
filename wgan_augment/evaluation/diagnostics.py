"""Training diagnostics: what a ``WGANAugmenter.history_`` says about how training went.

Under WGAN the critic's estimate E[D(real)] − E[D(fake)] tracks how far generated rows still are from
real ones (Arjovsky et al. 2017): it rises while the critic learns, then falls as the generator catches
up. The diagnostics summarise each curve at the start and the end, and name the patterns a user should
act on: values that blew up, an estimate still falling when training stopped, a penalty that dominates.
"""

from __future__ import annotations

import numpy as np

CURVES = ("wasserstein", "critic_loss", "penalty", "generator_loss")
MAX_POINTS = 500
"""Points kept per curve for plots and the JSON file; each is the mean of a block of steps."""

# The estimate has not levelled off when its last tenth differs from the tenth before by this share of its peak.
STILL_MOVING = 0.05
# A mean penalty above this (in its own units: squared distance of gradient norms from 1) means the
# critic is far from 1-Lipschitz and its estimate is unreliable.
LARGE_PENALTY = 1.0


def training_diagnostics(history: dict, *, max_points: int = MAX_POINTS) -> dict:
    """Summaries, downsampled curves and plain-language findings for a training history.

    Parameters
    ----------
    history : dict of list of float
        Per-step values, as in ``WGANAugmenter.history_``: ``"wasserstein"``, ``"critic_loss"``,
        ``"penalty"`` and ``"generator_loss"`` (missing keys are skipped).
    max_points : int, default=500
        Most points per curve in ``curves``.

    Returns
    -------
    dict with ``n_steps``, ``curves`` (``"step"`` and one list per curve), ``summary`` (per curve: mean
    over the first and last tenth of the steps, minimum, maximum), ``findings`` (sentences) and ``status``
    ("ok" or "warning").

    Examples
    --------
    >>> result = training_diagnostics({"wasserstein": [0.1, 0.8, 0.5, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]})
    >>> result["summary"]["wasserstein"]["max"]
    0.8
    """
    curves = {key: np.asarray(history[key], dtype=float) for key in CURVES if key in history}
    n_steps = max((len(values) for values in curves.values()), default=0)
    if n_steps == 0:
        return {"n_steps": 0, "curves": {}, "summary": {}, "findings": ["No training history."], "status": "warning"}
    findings = _findings(curves, n_steps)
    return {
        "n_steps": n_steps,
        "curves": _downsampled(curves, n_steps, max_points),
        "summary": {key: _curve_summary(values) for key, values in curves.items()},
        "findings": findings or ["Training looks healthy: finite losses, the Wasserstein estimate levelled off."],
        "status": "warning" if findings else "ok",
    }


def _tenth(values: np.ndarray, which: int) -> np.ndarray:
    """The first (``which=0``), last (``-1``) or second-to-last (``-2``) tenth of the steps, at least one."""
    size = max(len(values) // 10, 1)
    if which == 0:
        return values[:size]
    end = len(values) - size * (-which - 1)
    return values[max(end - size, 0) : end]


def _curve_summary(values: np.ndarray) -> dict:
    finite = values[np.isfinite(values)]
    return {
        "first": _mean(_tenth(values, 0)),
        "last": _mean(_tenth(values, -1)),
        "min": float(finite.min()) if len(finite) else None,
        "max": float(finite.max()) if len(finite) else None,
    }


def _mean(values: np.ndarray) -> float | None:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if len(finite) else None


def _findings(curves: dict, n_steps: int) -> list:
    findings = []
    for key, values in curves.items():
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad):
            findings.append(f"{key} is not finite from step {bad[0] + 1}: training diverged; lower the learning rates.")
    estimate = curves.get("wasserstein")
    if estimate is not None and np.isfinite(estimate).all() and n_steps >= 20:
        last, before = _tenth(estimate, -1).mean(), _tenth(estimate, -2).mean()
        peak = np.abs(estimate).max()
        if peak > 0 and abs(before - last) > STILL_MOVING * peak:
            direction = "falling" if last < before else "rising"
            findings.append(f"The Wasserstein estimate was still {direction} when training stopped ({before:.3g} -> "
                            f"{last:.3g} over the last fifth of {n_steps} steps): train for more steps.")
        if last < 0:
            findings.append(f"The Wasserstein estimate ends negative ({last:.3g}): the critic scores generated rows "
                            "above real ones, so it has not yet learned to tell them apart; train for more steps.")
    penalty = curves.get("penalty")
    if penalty is not None and np.isfinite(penalty).all():
        late_penalty = _tenth(penalty, -1).mean()
        if late_penalty > LARGE_PENALTY:
            findings.append(f"The gradient penalty stays high ({late_penalty:.3g} at the end): the critic is far from "
                            "1-Lipschitz, so its Wasserstein estimate is unreliable; lower the critic's learning rate.")
    return findings


def _downsampled(curves: dict, n_steps: int, max_points: int) -> dict:
    block = max(int(np.ceil(n_steps / max_points)), 1)
    starts = np.arange(0, n_steps, block)
    result = {"step": (np.minimum(starts + block, n_steps)).tolist()}
    for key, values in curves.items():
        result[key] = [_mean(values[start : start + block]) for start in starts]
    return result
