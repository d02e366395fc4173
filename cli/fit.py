"""``wgan-augment fit``: train on a table and save the model, for sampling later without the data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import _options as opt
from ._errors import CommandError, usage_error
from ._fitting import (
    announce_roles,
    announce_training,
    build_augmenter,
    fit_table,
    model_metadata,
    parse_keep_rare,
    parse_roles,
    report,
    save_model,
    training_summary,
)
from ._images import (
    image_model_metadata,
    is_image_folder,
    parse_image_size,
    refuse_image_options,
    refuse_table_options,
    train_on_folder,
    with_a_name,
)
from ._ranks import process_group
from ._tables import (
    MODEL_SUFFIX,
    check_file_output,
    check_table_input,
    is_stdio,
    model_beside,
    read_training_table,
    select_columns,
    split_names,
)
from ._threads import use_threads

Checkpoint = Annotated[
    Optional[Path],
    typer.Option("--checkpoint", metavar="CHECKPOINT", rich_help_panel=opt.TRAINING, show_default=False,
                 help="Write the training state to CHECKPOINT every --checkpoint-every steps; when CHECKPOINT "
                 "exists, go on from it, so the same command run again after a crash resumes where it stopped "
                 "(the same steps on CPU with the same --seed and --threads)."),
]
Resume = Annotated[
    Optional[Path],
    typer.Option("--resume", metavar="CHECKPOINT", rich_help_panel=opt.TRAINING, show_default=False,
                 help="Go on from CHECKPOINT, which must exist (written by --checkpoint), and keep writing it."),
]
CheckpointEvery = Annotated[
    int,
    typer.Option("--checkpoint-every", min=1, metavar="STEPS", rich_help_panel=opt.TRAINING,
                 help="Steps between checkpoints, with --checkpoint or --resume."),
]
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
    role: opt.Roles = None,
    keep_rare: opt.KeepRare = None,
    sep: opt.Separator = None,
    encoding: opt.Encoding = None,
    steps: opt.Steps = None,
    image_size: opt.ImageSize = None,
    seed: opt.Seed = None,
    device: opt.Device = "auto",
    constraint: opt.ConstraintOption = opt.Constraint.gp,
    force: opt.Force = False,
    checkpoint: Checkpoint = None,
    resume: Resume = None,
    checkpoint_every: CheckpointEvery = 100,
    threads: opt.Threads = None,
    quiet: opt.Quiet = False,
) -> None:
    """Train on DATA and save the model to a file; sample from it later with 'wgan-augment sample'.

    The model file holds the networks' weights, categories held by at least 5 training rows (rarer
    ones are pooled and written as <rare>) and identifiers (e-mails, IBANs, names, customer numbers)
    as formats only; 'info' says what it holds. It loads without running code (no pickle). DATA may be a
    folder of images (one subfolder per class gives the labels).

    Examples:

      wgan-augment fit data.csv --target label -o model.wgan
          then: wgan-augment sample model.wgan --n 1000
      wgan-augment fit scans/ -o scans.wgan
          then: wgan-augment sample scans.wgan --n 500 -o synthetic_scans/
      wgan-augment fit big.csv --steps 5000 --checkpoint big.ckpt
          run it again after a crash: it goes on from the last checkpoint
      torchrun --standalone --nproc_per_node 2 -m wgan_augment_cli fit data.csv -o model.wgan
          data-parallel over 2 processes; rank 0 writes the model
    """
    # Under torchrun every rank trains (data-parallel); rank 0 alone reports and writes the model.
    with process_group(device) as rank:
        quiet = quiet or rank != 0
        use_threads(threads, quiet, keeps_torch_threads=is_image_folder(data))
        if is_image_folder(data):
            refuse_table_options(target=target, columns=columns, drop=drop, role=role, keep_rare=keep_rare, sep=sep,
                                 encoding=encoding, checkpoint=checkpoint, resume=resume)
            folder = with_a_name(data)
            output = output or folder.with_name(folder.name + MODEL_SUFFIX)
            check_file_output(output, inputs=[data], force=force, option="--output")
            augmenter, images, labels = train_on_folder(data, steps=steps, seed=seed, device=device,
                                                        constraint=constraint.value, quiet=quiet,
                                                        size=parse_image_size(image_size))
            metadata = image_model_metadata(images, labels)
        else:
            refuse_image_options(image_size=image_size)
            augmenter, metadata = _fit_table(data, output, target, columns, drop, role, keep_rare, steps=steps,
                                             seed=seed, device=device, constraint=constraint.value, force=force,
                                             quiet=quiet, layout={"sep": sep, "encoding": encoding, "roles": role},
                                             checkpoints=_checkpoints(checkpoint, resume, checkpoint_every))
            output = output or model_beside(data)
        if rank != 0:
            return
        save_model(augmenter, output, force=force, metadata=metadata)
        report(f"Saved the model to {output} ({training_summary(augmenter)}).", quiet)


def _checkpoints(checkpoint: Optional[Path], resume: Optional[Path], every: int) -> dict:
    """The augmenter's checkpoint settings; ``--resume`` names a file that must be there, else it is a typo
    (a fit from step 0 that the user believes resumed)."""
    if checkpoint is not None and resume is not None:
        raise usage_error("--checkpoint and --resume both name the checkpoint: give one (--resume insists that it "
                          "exists)")
    if resume is not None and not resume.is_file():
        raise CommandError(f"--resume {resume}: no such checkpoint; --checkpoint {resume} starts one (and goes on "
                           "from it when it exists)")
    path = checkpoint or resume
    return {"checkpoint_path": path, "checkpoint_every": every if path else None}


def _fit_table(data, output, target, columns, drop, role, keep_rare, *, steps, seed, device, constraint, force, quiet,
               layout, checkpoints):
    """Read the table DATA (after checking the model file can be written) and fit on it."""
    check_table_input(data)
    if checkpoints["checkpoint_path"] is not None and seed is None:
        raise usage_error("--checkpoint and --resume need --seed: a resumed fit must redo the same encoding and "
                          "draws")
    if output is None and is_stdio(data):
        raise usage_error("--output is required when DATA is '-' (stdin)")
    check_file_output(output or model_beside(data), inputs=[data], force=force, option="--output")
    table, date_formats = read_training_table(data, **layout, quiet=quiet)
    table = select_columns(table, split_names(columns), split_names(drop), target, data)
    augmenter = build_augmenter(steps=steps, seed=seed, device=device, constraint=constraint, quiet=quiet,
                                column_roles=parse_roles(role, table, target, data),
                                keep_rare_categories=parse_keep_rare(keep_rare, table, target, data)
                                ).set_params(**checkpoints)
    if checkpoints["checkpoint_path"] is not None and checkpoints["checkpoint_path"].exists():
        report(f"Resuming from {checkpoints['checkpoint_path']}.", quiet)
    announce_roles(augmenter, table, target, quiet)
    announce_training(table, data, target, quiet)
    fit_table(augmenter, table, target)
    return augmenter, model_metadata(table, target, date_formats)
