"""Where tables and models come from and go to: default names, safety checks, column selection.

pandas and the library are imported inside the functions, so ``wgan-augment --help`` stays fast.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ._errors import CommandError, reported_as_data_errors, usage_error

if TYPE_CHECKING:
    import pandas as pd

# What a CSV or TSV is expected to be; any other sniffed layout is reported, so a wrong guess is seen.
_PLAIN_LAYOUTS = {(",", "utf-8"), ("\t", "utf-8")}
STDIO = "-"  # as wgan_augment.io.STDIO, which cannot be imported here without importing torch
MODEL_SUFFIX = ".wgan"


def is_stdio(path: Optional[os.PathLike | str]) -> bool:
    return path is not None and os.fspath(path) == STDIO


def check_table_input(path: Path) -> None:
    """A readable table file, or an error: exit 1 for a file that is not there, 2 for a name of no table format."""
    if is_stdio(path):
        return
    if path.is_dir():
        raise CommandError(f"DATA: {path} is a folder with no images; give a table file or a folder of images")
    _table_extension(path, "DATA")
    if not path.exists():
        raise CommandError(f"DATA: no such file: {path}")


def beside(source: Path, tag: str) -> Path:
    """``data.csv`` -> ``data_<tag>.csv`` in the same folder, keeping every extension (``.csv.gz``)."""
    extension = _table_extension(source, "DATA")
    return source.with_name(f"{source.name[: -len(extension)]}_{tag}{extension}")


def model_beside(source: Path) -> Path:
    """``data.csv`` -> ``data.wgan`` in the same folder; ``data.csv.gz`` too."""
    extension = _table_extension(source, "DATA")
    return source.with_name(source.name[: -len(extension)] + MODEL_SUFFIX)


def _table_extension(path: Path, option: str) -> str:
    """The extensions that name the table format, such as ``.csv`` or ``.tsv.gz``."""
    from wgan_augment.io import table_format

    try:
        _, compression = table_format(path)
    except ValueError as error:
        raise usage_error(f"{option}: {error}") from None
    return "".join(path.suffixes[-2 if compression else -1 :])


def check_table_output(path: Path, *, inputs: list[Path], force: bool, option: str) -> None:
    """Fail before training, not after, when ``path`` could not or should not be written."""
    if is_stdio(path):
        return
    if path.is_dir():
        raise usage_error(f"{option} {path} is a folder; give a file name, such as {path / 'synthetic.csv'}")
    _table_extension(path, option)
    check_file_output(path, inputs=inputs, force=force, option=option)


def check_file_output(path: Path, *, inputs: list[Path], force: bool, option: str) -> None:
    for source in inputs:
        if not is_stdio(source) and _same_file(path, source):
            raise usage_error(f"{option} {path} is also an input; choose another file name")
    if path.is_dir():
        raise usage_error(f"{option} {path} is a folder; give a file name")
    if path.exists() and not force:
        raise usage_error(f"{path} already exists; pass --force to replace it")
    check_folder_writable(path.parent, path, option)


def check_folder_writable(folder: Path, path: Path, option: str) -> None:
    """Refuse, before any training, an output whose folder is missing, is a file, or cannot take a new file.

    Permission bits do not tell (root ignores them; a read-only mount or a full quota shows only on
    writing), so a file is created and removed there: what ``atomic_write`` will do with the result.
    """
    if folder.exists() and not folder.is_dir():
        raise usage_error(f"{option} {path}: {folder} is a file, not a folder")
    if not folder.is_dir():
        raise usage_error(f"{option} {path}: folder {folder} does not exist")
    probe = folder / f".wgan-augment-probe-{os.getpid()}.part"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as error:
        raise CommandError(f"{option} {path}: cannot write in folder {folder} ({error.strerror})") from None


def _same_file(first: Path, second: Path) -> bool:
    if first.exists() and second.exists():
        return os.path.samefile(first, second)
    return first.resolve() == second.resolve()


def read_input(path: Path) -> "pd.DataFrame":
    """The table at ``path``, its layout sniffed, without a word about it."""
    return read_training_table(path, quiet=True)[0]


DATE_ROLE = "date"
"""``--role COLUMN=date``: the column is read as dates (``read_table(dates=...)``), then learned as a time."""


def read_training_table(path: Path, *, sep: Optional[str] = None, encoding: Optional[str] = None,
                        quiet: bool = True, roles: Optional[list[str]] = None) -> tuple["pd.DataFrame", dict]:
    """The table at ``path`` and the text format of each column of non-ISO dates in it (to write them back
    alike); a text file's sniffed separator and encoding, and any such dates, are reported unless plain.
    Columns of ``--role COLUMN=date`` (``roles``) must parse as dates; those made discrete or identifiers
    keep their text markers."""
    from wgan_augment.io import NoSuchColumnError, read_table_and_layout

    if sep is not None and len(sep) != 1:
        raise usage_error(f"--sep {sep!r}: give one character, such as ';' or a tab")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise usage_error(f"--encoding {encoding!r}: unknown encoding; try utf-8, cp1252 or latin-1") from None
    with reported_as_data_errors():
        try:
            table, layout = read_table_and_layout(path, sep=sep, encoding=encoding,
                                                  dates=_with_role(roles, DATE_ROLE),
                                                  as_text=_with_role(roles, "discrete", "identifier"))
        except NoSuchColumnError as error:  # a --role COLUMN=date naming no column: the command line is wrong
            available = ", ".join(error.columns[:20]) + (", ..." if len(error.columns) > 20 else "")
            raise usage_error(f"--role: no column {error.column!r} in {display_name(path)} (columns: {available})") \
                from None
    if layout is None:
        return table, {}
    if not quiet and (layout.sep, layout.encoding) not in _PLAIN_LAYOUTS:
        typer.echo(f"Read {display_name(path)} as {layout.describe()} ({len(table.columns)} columns).", err=True)
    if not quiet and layout.date_formats:
        dates = ", ".join(f"{name} ({text_format})" for name, text_format in layout.date_formats)
        typer.echo(f"Read as dates, and written back in that format: {dates}", err=True)
    return table, dict(layout.date_formats)


def _with_role(values: Optional[list[str]], *roles: str) -> list[str]:
    """The columns ``--role COLUMN=ROLE`` gives one of ``roles``."""
    entries = (entry.partition("=") for entry in split_names(values))
    return [column.strip() for column, _, role in entries if role.strip() in roles and column.strip()]


def write_output(frame: "pd.DataFrame", path: Path, *, force: bool, date_formats: Optional[dict] = None) -> None:
    from wgan_augment.io import write_table

    with reported_as_data_errors():
        write_table(frame, path, overwrite=force, date_formats=date_formats)


def split_names(values: Optional[list[str]]) -> list[str]:
    """``["a,b", "c"]`` -> ``["a", "b", "c"]``."""
    return [name.strip() for value in values or [] for name in value.split(",") if name.strip()]


def select_columns(
    table: "pd.DataFrame", keep: list[str], drop: list[str], target: Optional[str], source: Path
) -> "pd.DataFrame":
    """The columns to learn, in the table's order; the target is kept whatever ``keep`` says."""
    for option, names in (("--columns", keep), ("--drop", drop), ("--target", [target] if target else [])):
        check_columns_exist(table, names, option, source)
    if target is not None and target in drop:
        raise usage_error(f"--drop {target}: it is the --target column")
    wanted = (set(keep) | {target}) if keep else set(table.columns)
    chosen = [name for name in table.columns if name in wanted and name not in set(drop)]
    if not chosen or chosen == [target]:
        raise usage_error("--columns/--drop leave no column to learn")
    return table[chosen]


def check_columns_exist(table: "pd.DataFrame", names: list[str], option: str, source: Path) -> None:
    missing = [name for name in names if name not in table.columns]
    if missing:
        available = ", ".join(map(str, table.columns[:20])) + (", ..." if len(table.columns) > 20 else "")
        raise usage_error(f"{option}: no column {missing[0]!r} in {display_name(source)} (columns: {available})")


def display_name(source: Path) -> str:
    return "stdin" if is_stdio(source) else str(source)
