"""``wgan-augment info``: what a model file holds. The model is loaded, so a file that would not load is refused."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from . import _options as opt
from ._errors import reported_as_data_errors

AsJson = Annotated[bool, typer.Option("--json", help="Print the description as JSON.")]

# Training settings shown in the summary; --json shows them all.
_MAIN_SETTINGS = ("n_steps", "batch_size", "n_critic", "constraint", "continuous_encoding", "latent_dim",
                  "generator_dims", "critic_dims", "conv_width", "n_threads", "random_state")


def info(model: opt.Model, as_json: AsJson = False) -> None:
    """Show what a MODEL file holds: columns and their types (or image size), classes, training settings, version.

    The model is loaded as `wgan-augment sample` loads it, so a file that would not load is refused;
    reading a model file runs no code from it.

    Examples:

      wgan-augment info model.wgan
      wgan-augment info model.wgan --json
    """
    from wgan_augment import persistence

    with reported_as_data_errors():
        description = persistence.describe(model)
    if as_json:
        typer.echo(json.dumps(description, indent=2, default=str))
    else:
        typer.echo("\n".join(summary_lines(str(model), description)))


def summary_lines(name: str, description: dict) -> list[str]:
    from wgan_augment.kinds import aligned_rows, kind_named

    kind = kind_named(description["data_kind"])
    lines = [
        f"{name}: wgan-augment model file (format {description['format_version']}), "
        f"written by wgan-augment {description['library_version']}",
        f"Trained: {description['steps_trained']} steps on {description['trained_on']}"
        + _final_estimate(description["final_wasserstein"]),
        *kind.data_lines(description),
    ]
    if description["classes"] is not None:
        target = description["metadata"].get("target") or "(unnamed)"
        lines.append(f"Target: {target}, {len(description['classes'])} classes:")
        lines += aligned_rows([[str(entry["label"]), f"{entry['rows']} {kind.unit}"]
                               for entry in description["classes"]])
    params = description["params"]
    shown = [key for key in _MAIN_SETTINGS if key in params and key not in kind.unused_params]
    lines.append("Settings: " + ", ".join(f"{key}={_setting(params[key])}" for key in shown))
    resolved = description["resolved"]
    if resolved is not None:
        lines.append("Resolved: " + ", ".join(f"{key}={_setting(value)}" for key, value in resolved.items()
                                              if value is not None))
    return lines


def _final_estimate(estimate) -> str:
    return "" if estimate is None else f", final Wasserstein estimate {estimate:.4g}"


def _setting(value) -> str:
    if value == "":
        return "none"  # diff_augment="" is no augmentation
    return ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
