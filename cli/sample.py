"""``wgan-augment sample``: synthetic rows from a saved model, without the training data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import _options as opt
from ._errors import reported_as_data_errors, usage_error
from ._fitting import DEFAULT_LABEL_COLUMN, column_order, label_column, report, sample_rows, write_rows
from ._images import check_folder_output, describe_output, folder_beside, requested_class, write_images
from ._labels import resolve_condition
from ._partitions import (
    Engine,
    Jobs,
    Partitions,
    Scheduler,
    check_partition_options,
    write_partitions,
)
from ._space import PREVIEW_ROWS, check_room_for
from ._tables import check_table_output, is_stdio
from ._threads import use_threads

Output = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", metavar="PATH", rich_help_panel=opt.OUTPUT, show_default=False,
                 help="Where to write; the extension picks the format, '-' writes CSV to stdout. "
                 "Default: beside MODEL, named MODEL_synthetic.csv (model.wgan -> model_synthetic.csv). "
                 "For a model of images, a folder (default MODEL_synthetic/)."),
]
Seed = Annotated[
    Optional[int],
    typer.Option("--seed", min=0, max=opt.MAX_SEED, metavar="SEED", show_default=False,
                 help="Seed for sampling: the same seed gives the same rows."),
]


def sample(
    model: opt.Model,
    n: opt.Rows = None,
    output: Output = None,
    condition: opt.Condition = None,
    seed: Seed = None,
    force: opt.Force = False,
    partitions: Partitions = None,
    jobs: Jobs = None,
    engine: Engine = "joblib",
    scheduler: Scheduler = None,
    threads: opt.Threads = None,
    quiet: opt.Quiet = False,
) -> None:
    """Write synthetic rows from a saved MODEL; the training data is not needed.

    Without --n, as many rows (or images) as the model was trained on. A model of images writes PNG
    files in one folder per class, and grid.png to look at them all.

    Examples:

      wgan-augment sample model.wgan --n 1000 -o synthetic.parquet
      wgan-augment sample model.wgan --condition label=yes --n 50 -o - | head
          50 rows of class yes, to stdout
      wgan-augment sample scans.wgan --n 500 -o synthetic_scans/
          500 images, one folder per class
      wgan-augment sample model.wgan --n 100000000 -o synthetic/ --partitions 64 --jobs 2 --seed 7
          100 million rows as 64 Parquet parts, two written at a time
    """
    from wgan_augment import persistence

    check_partition_options(partitions, jobs, engine, scheduler, threads)
    if partitions is None:
        use_threads(threads, quiet)
    with reported_as_data_errors():
        augmenter, description = persistence.load_with_description(model)
    metadata = description["metadata"]
    if description["data_kind"] == "images":
        if partitions is not None:
            raise usage_error("--partitions writes table rows; this model generates images")
        _sample_images(model, augmenter, n or metadata.get("n_rows"), output, condition, seed=seed, force=force,
                       quiet=quiet)
        return
    if partitions is not None:
        output = output or folder_beside(model, "synthetic")
        _refuse_a_file_name(output)
        check_folder_output(output, inputs=[model], force=force, option="--output", contents="Parquet parts")
    else:
        output = output or model.with_name(f"{model.stem}_synthetic.csv")
        check_table_output(output, inputs=[model], force=force, option="--output")
    target = metadata.get("target") or DEFAULT_LABEL_COLUMN
    label = resolve_condition(condition, augmenter.conditioning_, target=target,
                              no_classes="this model was trained without --target, so it has no classes")
    n_rows = n or metadata.get("n_rows")
    if n_rows is None:
        raise usage_error(f"--n is required: {model} does not record how many rows it was trained on")
    # An identifier format with room for fewer rows than the preview would refuse the preview itself.
    n_preview = min(PREVIEW_ROWS, augmenter.encoder_.identifier_capacity or PREVIEW_ROWS)
    preview = sample_rows(augmenter, n_preview, label=label, seed=0, target=target, columns=metadata.get("columns"))
    check_room_for(preview, n_rows, output, force=force, file_format="" if partitions is None else "parquet")
    if partitions is not None:
        target = label_column(augmenter, target)
        write_partitions(model, n_rows, output, label=label, partitions=partitions, jobs=jobs, engine=engine,
                         scheduler=scheduler, seed=seed, force=force, quiet=quiet, target=target,
                         columns=column_order(augmenter, target, metadata.get("columns")))
        return
    write_rows(augmenter, n_rows, output, label=label, seed=seed, target=target, columns=metadata.get("columns"),
               force=force, quiet=quiet, date_formats=metadata.get("date_formats"))
    report(f"Wrote {n_rows} rows to {'stdout' if is_stdio(output) else output}.", quiet)


def _refuse_a_file_name(output: Path) -> None:
    """``-o out.csv --partitions 4`` would make a folder named ``out.csv``: a file name there is a mistake."""
    from wgan_augment.io import table_format

    try:
        table_format(output)
    except ValueError:
        return
    raise usage_error(f"--output {output} names a table file, but --partitions writes a folder of Parquet parts; "
                      f"give a folder, such as {output.with_name(output.name.split('.')[0] or 'parts')}/")


def _sample_images(model: Path, augmenter, n_images: Optional[int], output: Optional[Path],
                   condition: Optional[str], *, seed: Optional[int], force: bool, quiet: bool) -> None:
    output = output or folder_beside(model, "synthetic")
    check_folder_output(output, inputs=[model], force=force, option="--output")
    if n_images is None:
        raise usage_error(f"--n is required: {model} does not record how many images it was trained on")
    written = write_images(augmenter, n_images, output, label=requested_class(condition, augmenter), seed=seed,
                           force=force)
    report(f"{describe_output(output, written)}.", quiet)
