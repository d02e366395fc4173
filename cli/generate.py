"""``wgan-augment generate`` (the default command): train on a table, write synthetic rows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from . import _options as opt
from ._errors import CommandError, reported_as_data_errors, usage_error
from ._fitting import (
    announce_roles,
    announce_training,
    build_augmenter,
    fit_table,
    model_metadata,
    parse_keep_rare,
    parse_roles,
    report,
    sample_rows,
    save_model,
    train,
    training_summary,
    write_rows,
)
from ._images import (
    check_folder_output,
    describe_output,
    folder_beside,
    image_model_metadata,
    is_image_folder,
    parse_image_size,
    refuse_image_options,
    refuse_table_options,
    requested_class,
    train_on_folder,
    write_images,
)
from ._labels import parse_condition, resolve_condition
from ._space import check_room_for
from ._tables import (
    beside,
    check_file_output,
    check_table_input,
    check_table_output,
    is_stdio,
    read_training_table,
    select_columns,
    split_names,
    write_output,
)
from ._threads import use_threads

if TYPE_CHECKING:
    import pandas as pd

    from wgan_augment import WGANAugmenter

Output = Annotated[
    Optional[Path],
    typer.Option(
        "--output", "-o", metavar="PATH", rich_help_panel=opt.OUTPUT, show_default=False,
        help="Where to write; the extension picks the format, '-' writes CSV to stdout. "
        "Default: beside DATA, named DATA_synthetic.EXT (DATA_augmented.EXT with --augment, "
        "DATA_balanced.EXT with --balance), e.g. data.csv -> data_synthetic.csv; stdout when DATA is '-'.",
    ),
]
Balance = Annotated[
    bool,
    typer.Option("--balance", rich_help_panel=opt.OUTPUT,
                 help="Write the real rows plus synthetic rows that raise every class to the largest "
                 "class's count (needs --target); --n adds that many more, spread over the classes. The "
                 "rows are variants of real rows of their class, kept when a classifier trained on the "
                 "real rows finds them plausible for it (a class may end a few rows short)."),
]
Augment = Annotated[
    bool,
    typer.Option("--augment", rich_help_panel=opt.OUTPUT, help="Write the real rows followed by the synthetic ones."),
]
SaveModel = Annotated[
    Optional[Path],
    typer.Option("--save-model", metavar="PATH", rich_help_panel=opt.OUTPUT, show_default=False,
                 help="Also save the trained model, for 'wgan-augment sample' and 'info'."),
]


def generate(
    data: opt.Data,
    n: opt.Rows = None,
    output: Output = None,
    target: opt.Target = None,
    condition: opt.Condition = None,
    balance: Balance = False,
    augment: Augment = False,
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
    save_model_path: SaveModel = None,
    force: opt.Force = False,
    threads: opt.Threads = None,
    quiet: opt.Quiet = False,
) -> None:
    """Train on DATA and write synthetic rows like it. This is the default command.

    Progress goes to stderr, so with '-o -' stdout carries nothing but the rows. DATA may be a folder
    of images (one subfolder per class gives the labels): then --n images are written as PNG files to
    the --output folder, one subfolder per class, with grid.png to look at them all.

    Examples:

      wgan-augment data.csv --n 5000
          5,000 synthetic rows into data_synthetic.csv
      wgan-augment data.csv --target label --balance
          real rows plus enough synthetic ones to balance the classes
      wgan-augment data.csv --condition label=yes --n 200 -o yes.parquet
          200 rows of class yes
      cat data.csv | wgan-augment - --n 100 --quiet > synthetic.csv
          from a pipe to a pipe
      wgan-augment scans/ --n 500 -o synthetic_scans/
          500 images from a folder with one subfolder per class
    """
    use_threads(threads, quiet, keeps_torch_threads=is_image_folder(data))
    if is_image_folder(data):
        refuse_table_options(target=target, balance=balance, augment=augment, columns=columns, drop=drop, role=role,
                             keep_rare=keep_rare, sep=sep, encoding=encoding)
        _generate_images(data, n, output, condition, steps=steps, seed=seed, device=device,
                         constraint=constraint.value, save_model_path=save_model_path, force=force, quiet=quiet,
                         size=parse_image_size(image_size))
        return
    refuse_image_options(image_size=image_size)
    target = _target_column(target, parse_condition(condition)[0])
    _check_modes(target, balance, condition)
    output = _checked_outputs(data, output, save_model_path, balance=balance, augment=augment, force=force)
    table, date_formats = read_training_table(data, sep=sep, encoding=encoding, quiet=quiet, roles=role)
    table = select_columns(table, split_names(columns), split_names(drop), target, data)
    if n:  # rows like the training table's take about as much room as the synthetic ones will
        check_room_for(table, n + len(table) * (balance or augment), output, force=force)
    augmenter = build_augmenter(steps=steps, seed=seed, device=device, constraint=constraint.value, quiet=quiet,
                                extra_samples=n if balance and n else 0,
                                column_roles=parse_roles(role, table, target, data),
                                keep_rare_categories=parse_keep_rare(keep_rare, table, target, data))
    label = None if condition is None else resolve_condition(condition, _classes_in(table, target), target=target,
                                                             no_classes="name the label column")

    if balance:
        _check_something_to_balance(table, target, n)
    announce_roles(augmenter, table, target, quiet)
    announce_training(table, data, target, quiet)
    if balance or augment:
        rows = (_balanced(augmenter, table, target) if balance
                else _augmented(augmenter, table, target, n or len(table), label=label, seed=seed))
        write_output(rows, output, force=force, date_formats=date_formats)
        n_written = len(rows)
    else:
        fit_table(augmenter, table, target)
        n_written = n or len(table)
        write_rows(augmenter, n_written, output, label=label, seed=seed, target=target, columns=list(table.columns),
                   force=force, quiet=quiet, date_formats=date_formats)
    if save_model_path is not None:
        save_model(augmenter, save_model_path, force=force, metadata=model_metadata(table, target, date_formats))
    where = "stdout" if is_stdio(output) else output
    report(f"Wrote {n_written} rows to {where} ({training_summary(augmenter)}).", quiet)


def _generate_images(
    data: Path, n: Optional[int], output: Optional[Path], condition: Optional[str], *, steps: Optional[int],
    seed: Optional[int], device: str, constraint: str, save_model_path: Optional[Path], force: bool, quiet: bool,
    size: Optional[tuple[int, int]],
) -> None:
    output = output or folder_beside(data, "synthetic")
    check_folder_output(output, inputs=[data], force=force, option="--output")
    if save_model_path is not None:
        check_file_output(save_model_path, inputs=[data], force=force, option="--save-model")
    augmenter, images, labels = train_on_folder(data, steps=steps, seed=seed, device=device, constraint=constraint,
                                                quiet=quiet, needs_classes=condition is not None, size=size)
    written = write_images(augmenter, n or len(images), output, label=requested_class(condition, augmenter),
                           seed=seed, force=force)
    if save_model_path is not None:
        save_model(augmenter, save_model_path, force=force, metadata=image_model_metadata(images, labels))
    report(f"{describe_output(output, written)}; {training_summary(augmenter)}.", quiet)


def _target_column(target: Optional[str], condition_column: Optional[str]) -> Optional[str]:
    if condition_column is not None and target is not None and condition_column != target:
        raise usage_error(f"--condition {condition_column}=...: conditions name the --target column ({target})")
    return target or condition_column


def _check_modes(target: Optional[str], balance: bool, condition: Optional[str]) -> None:
    if balance and target is None:
        raise usage_error("--balance needs --target COLUMN: the classes to balance")
    if balance and condition is not None:
        raise usage_error("--balance adds rows to every smaller class; it cannot be combined with --condition")


def _checked_outputs(
    data: Path, output: Optional[Path], save_model_path: Optional[Path], *, balance: bool, augment: bool, force: bool
) -> Path:
    """The output path, after checking before any training that it and the model path can be written."""
    check_table_input(data)
    if output is None:
        output = Path("-") if is_stdio(data) else beside(data, _output_tag(balance, augment))
    check_table_output(output, inputs=[data], force=force, option="--output")
    if save_model_path is not None:
        check_file_output(save_model_path, inputs=[data], force=force, option="--save-model")
        if not is_stdio(output) and save_model_path.resolve() == output.resolve():
            raise usage_error("--save-model and --output name the same file")
    return output


def _check_something_to_balance(table: "pd.DataFrame", target: str, n: Optional[int]) -> None:
    """--balance on a single class, or on classes already of one size, would train a GAN to write the input
    back: say so instead, before training, and write nothing."""
    counts = table[target].value_counts()
    if n:
        return
    if len(counts) < 2:
        only = f"the single class {counts.index[0]!r}" if len(counts) else "no labels"
        raise CommandError(f"--balance: column {target!r} holds {only}, so there is nothing to balance; "
                           "add rows with --augment --n ROWS instead")
    if counts.nunique() == 1:
        raise CommandError(f"--balance: the {len(counts)} classes of column {target!r} are already balanced "
                           f"({counts.iloc[0]} rows each), so there is nothing to add and nothing was written; "
                           "--balance --n ROWS adds ROWS more, spread over the classes")


def _output_tag(balance: bool, augment: bool) -> str:
    return "balanced" if balance else "augmented" if augment else "synthetic"


def _augmented(augmenter: "WGANAugmenter", table: "pd.DataFrame", target: Optional[str], n_rows: int, *,
               label, seed: Optional[int]) -> "pd.DataFrame":
    fit_table(augmenter, table, target)
    rows = sample_rows(augmenter, n_rows, label=label, seed=seed, target=target, columns=list(table.columns))
    return _real_then_synthetic(table, rows)


def _balanced(augmenter: "WGANAugmenter", table: "pd.DataFrame", target: str) -> "pd.DataFrame":
    from wgan_augment.sampling import labelled_frame

    features, labels = train(augmenter, lambda: augmenter.fit_resample(table.drop(columns=[target]), table[target]))
    return labelled_frame((features, labels.to_numpy()), list(features.columns), target, list(table.columns))


def _classes_in(table: "pd.DataFrame", target: str):
    """The classes of the label column, to check ``--condition`` against before training."""
    from wgan_augment.conditioning import Conditioning

    with reported_as_data_errors():
        return Conditioning.from_labels(table[target].dropna().unique())[0]


def _real_then_synthetic(table: "pd.DataFrame", synthetic: "pd.DataFrame") -> "pd.DataFrame":
    import pandas as pd

    return pd.concat([table, synthetic], ignore_index=True)

