"""``wgan-augment fit``: train on a table and save the model, for sampling later without the data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import _options as opt
from ._errors import usage_error
from ._fitting import (
    announce_training,
    build_augmenter,
    fit_table,
    model_metadata,
    report,
    save_model,
    training_summary,
)
from ._tables import (
    check_file_output,
    check_table_input,
    is_stdio,
    model_beside,
    read_input,
    select_columns,
    split_names,
)

ModelOutput = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", metavar="PATH", rich_help_panel=opt.OUTPUT, show_default=False,
                 help="Model file to write. Default: beside DATA, named DATA.wgan (data.csv -> data.wgan); "
                 "required when DATA is '-'."),
]


def fit(
    data: opt.Data,
    output: ModelOutput = None,
    target: opt.Target = None,
    columns: opt.Columns = None,
    drop: opt.Drop = None,
    steps: opt.Steps = None,
    seed: opt.Seed = None,
    device: opt.Device = "auto",
    constraint: opt.ConstraintOption = opt.Constraint.gp,
    force: opt.Force = False,
    quiet: opt.Quiet = False,
) -> None:
    """Train on DATA and save the model to a file; sample from it later with 'wgan-augment sample'.

    The model file holds no training rows and loads without running code (no pickle).

    Example:

      wgan-augment fit data.csv --target label -o model.wgan
          then: wgan-augment sample model.wgan --n 1000
    """
    check_table_input(data)
    if output is None and is_stdio(data):
        raise usage_error("--output is required when DATA is '-' (stdin)")
    output = output or model_beside(data)
    check_file_output(output, inputs=[data], force=force, option="--output")

    augmenter = build_augmenter(steps=steps, seed=seed, device=device, constraint=constraint.value, quiet=quiet)
    table = select_columns(read_input(data), split_names(columns), split_names(drop), target, data)
    announce_training(table, data, target, quiet)
    fit_table(augmenter, table, target)
    save_model(augmenter, output, force=force, metadata=model_metadata(table, target))
    report(f"Saved the model to {output} ({training_summary(augmenter)}).", quiet)
