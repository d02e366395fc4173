"""The commands' calls into the library: build, train, sample and save a ``WGANAugmenter``, and say so on stderr."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Callable, Optional, TypeVar

import typer

from ._errors import CommandError, reported_as_data_errors, usage_error
from ._tables import DATE_ROLE, check_columns_exist, display_name, split_names
from ._threads import requested_threads

if TYPE_CHECKING:
    from wgan_augment import WGANAugmenter

Result = TypeVar("Result")

DEFAULT_LABEL_COLUMN = "label"
"""The label column's name for a conditional model saved without one (from Python)."""


def build_augmenter(
    *, steps: Optional[int], seed: Optional[int], device: str, constraint: str, quiet: bool, extra_samples: int = 0,
    column_roles: Optional[dict] = None, keep_rare_categories: Optional[list[str]] = None,
) -> "WGANAugmenter":
    from wgan_augment import WGANAugmenter

    threads = requested_threads()  # --threads, as use_threads took it; None for "auto"
    params = {"constraint": constraint, "device": device, "random_state": seed, "verbose": not quiet,
              "n_threads": "auto" if threads is None else threads,
              "extra_samples": extra_samples, "column_roles": column_roles or None,
              "keep_rare_categories": tuple(keep_rare_categories) if keep_rare_categories else None}
    if steps is not None:
        params["n_steps"] = steps
    _check_device(device)
    return WGANAugmenter(**params)


def _check_device(device: str) -> None:
    # A device name that torch cannot parse is a typo on the command line, not a data problem.
    from wgan_augment.runtime import parse_device

    try:
        parse_device(device)
    except ValueError:
        raise usage_error(f"--device {device!r}: use auto, cpu, cuda or cuda:N") from None


def train(augmenter: "WGANAugmenter", run: Callable[[], Result]) -> Result:
    """Run ``run`` (``fit`` or ``fit_resample``) and treat an interrupted training as an interrupt.

    The library stops training on Ctrl-C and keeps the partly trained model, which suits a notebook;
    on the command line Ctrl-C means stop, so nothing is written from a half-trained model. The model
    says how far it got in ``n_iter_``; its warning, meant for a notebook, is not shown here.
    """
    from wgan_augment.training import TrainingInterrupted

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrainingInterrupted)
        with reported_as_data_errors():
            result = run()
    if augmenter.n_iter_ < augmenter.n_steps_:
        raise KeyboardInterrupt
    return result


def fit_table(augmenter: "WGANAugmenter", table, target: Optional[str]) -> None:
    """Fit on ``table``; with a ``target``, that column holds the labels (a class-conditional model)."""
    if target is None:
        train(augmenter, lambda: augmenter.fit(table))
    else:
        train(augmenter, lambda: augmenter.fit(table.drop(columns=[target]), table[target]))


def model_metadata(table, target: Optional[str], date_formats: Optional[dict] = None) -> dict:
    """What the command line needs later to write rows like the training table's."""
    return {"target": target, "columns": list(table.columns), "n_rows": len(table),
            "date_formats": date_formats or {}}


def parse_roles(values: Optional[list[str]], table, target: Optional[str], source) -> dict:
    """``--role a=identifier,b=discrete`` -> ``{"a": "identifier", "b": "discrete"}``, checked against the table.

    ``date`` roles are not in the result: ``read_training_table`` read those columns as dates."""
    from wgan_augment.tabular import CHOSEN_ROLES

    roles = {}
    for entry in split_names(values):
        column, separator, role = (part.strip() for part in entry.partition("="))
        if not separator or not column:
            raise usage_error(f"--role {entry!r}: write it as COLUMN=ROLE, e.g. --role customer=identifier")
        if role not in (*CHOSEN_ROLES, DATE_ROLE):
            raise usage_error(f"--role {entry!r}: ROLE must be one of {', '.join((*CHOSEN_ROLES, DATE_ROLE))}")
        if column == target:
            raise usage_error(f"--role {entry!r}: {column} is the --target column, whose values are the classes")
        if role != DATE_ROLE:
            roles[column] = role
    check_columns_exist(table, list(roles), "--role", source)
    return roles


def parse_keep_rare(values: Optional[list[str]], table, target: Optional[str], source) -> list[str]:
    """``--keep-rare a,b`` -> ``["a", "b"]``, checked against the table (the labels are never pooled)."""
    names = split_names(values)
    if target is not None and target in names:
        raise usage_error(f"--keep-rare {target}: it is the --target column, whose classes are never pooled")
    check_columns_exist(table, names, "--keep-rare", source)
    return names


def announce_roles(augmenter: "WGANAugmenter", table, target: Optional[str], quiet: bool) -> None:
    """Say before training which columns are not learned, and refuse free text, naming the fixes."""
    from wgan_augment.tabular import CONSTANT, DISCRETE, IDENTIFIER, TableEncoder, rare_value_count

    features = table if target is None else table.drop(columns=[target])
    try:
        roles = TableEncoder(column_roles=augmenter.column_roles).find_roles(features)
    except ValueError as error:
        raise CommandError(str(error)) from None
    generated = [str(name) for name, role in zip(features.columns, roles) if role == IDENTIFIER]
    constant = [str(name) for name, role in zip(features.columns, roles) if role == CONSTANT]
    if generated:
        report(f"Identifier columns, not learned (new unique values in their format are written; "
               f"--role COLUMN=discrete to learn one): {', '.join(generated)}", quiet)
    if constant:
        report(f"Constant columns, written as they are: {', '.join(constant)}", quiet)
    kept = set(augmenter.keep_rare_categories or ())
    pooled = {name: rare_value_count(features[name], augmenter.min_category_count)
              for name, role in zip(features.columns, roles) if role == DISCRETE and name not in kept}
    if any(pooled.values()):
        counts = ", ".join(f"{name} ({count})" for name, count in pooled.items() if count)
        report(f"Values held by fewer than {augmenter.min_category_count} rows, pooled and written as <rare> "
               f"(--keep-rare COLUMN to keep them): {counts}", quiet)


def announce_training(table, source, target: Optional[str], quiet: bool) -> None:
    """One line before training starts, so a long wait is not a silent one."""
    labels = f", classes from {target!r}" if target else ""
    n_columns = table.shape[1] - bool(target)
    report(f"Learning {len(table)} rows x {n_columns} columns from {display_name(source)}{labels}...", quiet)


def report(message: str, quiet: bool) -> None:
    if not quiet:
        typer.echo(message, err=True)


def training_summary(augmenter: "WGANAugmenter") -> str:
    estimates = augmenter.history_["wasserstein"]
    summary = f"trained {len(estimates)} steps on {augmenter.device_}, final Wasserstein estimate {estimates[-1]:.4g}"
    pooled = getattr(augmenter, "pooled_categories_", {})  # tables only
    if pooled:
        counts = ", ".join(f"{name} ({count})" for name, count in pooled.items())
        summary += f"; values held by fewer than {augmenter.min_category_count} rows pooled as <rare>: {counts}"
    return summary


def sample_rows(
    augmenter: "WGANAugmenter",
    n_rows: int,
    *,
    label=None,
    seed: Optional[int] = None,
    target: Optional[str] = None,
    columns: Optional[list] = None,
):
    """``n_rows`` synthetic rows as one table, with the columns ``write_rows`` would write for the seed."""
    from wgan_augment.sampling import sample_frame

    target = label_column(augmenter, target)
    with reported_as_data_errors():
        return sample_frame(augmenter, n_rows, y=label, target=target,
                            columns=column_order(augmenter, target, columns), random_state=seed)


def write_rows(
    augmenter: "WGANAugmenter",
    n_rows: int,
    output,
    *,
    label=None,
    seed: Optional[int] = None,
    target: Optional[str] = None,
    columns: Optional[list] = None,
    force: bool,
    quiet: bool,
    date_formats: Optional[dict] = None,
) -> None:
    """Sample ``n_rows`` straight to ``output`` chunk by chunk, so memory stays flat for any ``n_rows``.

    Up to one chunk (16,384 rows) the file holds exactly what ``sample_rows`` returns for the seed.
    """
    from wgan_augment import write_samples
    from wgan_augment.io import STDIO

    target = label_column(augmenter, target)
    printer = _progress_printer(n_rows, quiet)
    sent = [0]

    def progress(written: int) -> None:
        sent[0] = written
        if printer is not None:
            printer(written)

    try:
        with reported_as_data_errors():
            write_samples(augmenter, n_rows, output, y=label, target=target,
                          columns=column_order(augmenter, target, columns), random_state=seed, overwrite=force,
                          progress=progress, date_formats=date_formats)
    except KeyboardInterrupt as interrupt:
        if str(output) == STDIO:  # a file is removed, but rows sent down a pipe cannot be taken back
            interrupt.outcome = (f"stdout got {sent[0]:,} of {n_rows:,} rows (and perhaps part of the next "
                                 "chunk): that output is incomplete")
        raise


def label_column(augmenter: "WGANAugmenter", target: Optional[str]) -> Optional[str]:
    """The column a conditional model's labels are written to (``target``, else "label"); None without classes."""
    return None if augmenter.conditioning_ is None else target or DEFAULT_LABEL_COLUMN


def column_order(augmenter: "WGANAugmenter", target: Optional[str], columns: Optional[list]) -> Optional[list]:
    """``columns`` (the training table's order) when they name exactly the written columns, else None.

    None writes the model's columns with the label last: a model saved from Python records no order,
    and a table given to ``evaluate`` may hold other columns.
    """
    from wgan_augment.sampling import written_column_names

    written = written_column_names(augmenter, target)
    return columns if columns and sorted(map(str, columns)) == sorted(written) else None


def _progress_printer(n_rows: int, quiet: bool, every_seconds: float = 2.0) -> Optional[Callable[[int], None]]:
    """Reports rows written on stderr at most every ``every_seconds``: a 10-million-row file takes minutes."""
    if quiet:
        return None
    import time

    last = time.monotonic()

    def progress(written: int) -> None:
        nonlocal last
        if written < n_rows and time.monotonic() - last >= every_seconds:
            last = time.monotonic()
            report(f"  {written:,} of {n_rows:,} rows written", quiet)

    return progress


def save_model(augmenter: "WGANAugmenter", path, *, force: bool, metadata: dict) -> None:
    from wgan_augment import persistence

    with reported_as_data_errors():
        persistence.save(augmenter, path, overwrite=force, metadata=metadata)
