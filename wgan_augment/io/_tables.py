"""Tables in and out of files, chosen by extension, and writes that never leave half a file behind.

Shared by the command line and by :mod:`wgan_augment.persistence`, so every file this package writes
goes through :func:`atomic_write`.
"""

from __future__ import annotations

import errno
import io
import os
import secrets
import sys
import warnings
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Iterator

import pandas as pd

from ..tabular import dot_numbers, read_mixed, replace_columns
from ._dates import date_format, first_unparsed, parse_dates
from ._text_tables import (
    SAMPLE_BYTES,
    TextLayout,
    decimal_comma_numbers,
    read_sample,
    renamed_columns,
    sniff_layout,
)

STDIO = "-"
"""The path that means standard input (read, always CSV) or standard output (write, always CSV)."""

_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_COMPRESSIONS = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}
_FORMAT_NAMES = {"csv": "CSV", "tsv": "TSV", "parquet": "Parquet", "jsonl": "JSON Lines"}

SUPPORTED_EXTENSIONS = ", ".join(_FORMATS) + " (text formats also as .gz, .bz2, .xz, .zst)"

# read_json turns numbers in columns named like "created_at" into dates unless told not to; pandas 3.1
# deprecates convert_dates and lets dtype=False alone keep every column as the JSON parser read it.
_JSON_TYPES = {"dtype": False} if tuple(map(int, pd.__version__.split(".")[:2])) >= (3, 1) else {
    "dtype": False, "convert_dates": False}

# ISO 8601 dates and times, the form write_table gives datetimes, so CSV output reads back as datetimes.
_ISO_DATETIME = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?"


def table_format(path: str | os.PathLike) -> tuple[str, str | None]:
    """Return ``(format, compression)`` for a table file, read off its extension.

    Parameters
    ----------
    path : str or path-like
        A file name such as ``data.csv``, ``rows.tsv.gz`` or ``table.parquet``.

    Returns
    -------
    format : {"csv", "tsv", "parquet", "jsonl"}
    compression : str or None
        The pandas compression name, or None for an uncompressed file.

    Raises
    ------
    ValueError
        If the extension names no supported format.

    Examples
    --------
    >>> table_format("rows.tsv.gz")
    ('tsv', 'gzip')
    """
    suffixes = [suffix.lower() for suffix in Path(path).suffixes]
    compression = _COMPRESSIONS.get(suffixes[-1]) if suffixes else None
    if compression is not None:
        suffixes = suffixes[:-1]
    file_format = _FORMATS.get(suffixes[-1]) if suffixes else None
    if file_format is None or (file_format == "parquet" and compression is not None):
        raise ValueError(f"{os.fspath(path)}: unknown table format; use one of {SUPPORTED_EXTENSIONS}")
    return file_format, compression


def read_table(path: str | os.PathLike, *, sep: str | None = None, encoding: str | None = None,
               dates=()) -> pd.DataFrame:
    """Read a CSV, TSV, Parquet or JSON Lines file into a DataFrame; ``"-"`` reads CSV from stdin.

    Text formats carry no types, so string columns whose every value is an ISO 8601 date or time
    (as :func:`write_table` writes them), or a date in one of the common day-first or month-first forms
    (``31/12/2024``, ``12/31/24``, ``31-Dec-2024``, ``Dec 31, 2024``, ``12/31/2024 11:59 PM``,
    ``31.12.2024 23h59``; see ``_dates``), come back as datetimes. A column of numbers with a few text
    markers (at most 5 distinct, in at most 20% of the cells: ``>100``, ``n/a``) comes back as floats,
    the markers as missing values, with a ``UserWarning`` naming them; one with more text stays text,
    with a warning that it is learned as categories. The separator (``,``, ``;``, tab or ``|``) and
    encoding (UTF-8 with or without BOM, UTF-16 with BOM, cp1252, Latin-1) of CSV and TSV, compressed
    or not, are sniffed from the first lines unless given.

    Parameters
    ----------
    path : str or path-like
    sep, encoding : str or None, default=None
        Force the separator or the encoding of a CSV or TSV file.
    dates : list of str, default=()
        Columns that must be dates: each is read with the format sniffed from its values, and a value
        that does not parse is an error naming the column and the value (without the declaration such
        a column would stay text, learned as categories).

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the extension is unknown, the file is not text where text is expected, the content
        cannot be parsed, or a column in ``dates`` is not one or does not hold dates; the message
        names the file.
    ImportError
        If the file is Parquet and pyarrow is not installed, or .zst and zstandard is not.

    Examples
    --------
    >>> import tempfile
    >>> source = Path(tempfile.mkdtemp()) / "visits.csv"
    >>> _ = source.write_text("seen;dose\\n31-Dec-2024;12,5\\n01-Jan-2025;>100\\n02-Jan-2025;7,25\\n"
    ...                       "03-Jan-2025;3\\n04-Jan-2025;8\\n05-Jan-2025;9\\n")
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     table = read_table(source, dates=["seen"])
    >>> table["seen"].iloc[0], table["dose"].tolist()[:3]
    (Timestamp('2024-12-31 00:00:00'), [12.5, nan, 7.25])
    >>> print(str(caught[0].message).split(": ", 1)[1])
    column 'dose': text markers ['>100'] read as missing (1 cell)
    """
    return read_table_and_layout(path, sep=sep, encoding=encoding, dates=dates)[0]


def read_table_and_layout(path: str | os.PathLike, *, sep: str | None = None, encoding: str | None = None,
                          dates=(), as_text=()) -> tuple[pd.DataFrame, TextLayout | None]:
    """:func:`read_table`, and the text layout it read a CSV or TSV with (None for other formats).

    Columns named in ``as_text`` (given a role of their own on the command line) keep their text markers."""
    if os.fspath(path) == STDIO:
        raw = sys.stdin.buffer.read()
        layout = sniff_layout(raw[:SAMPLE_BYTES], ",", sep=sep, encoding=encoding, name="<stdin>")
        frame = _read_text(io.BytesIO(raw), "<stdin>", "CSV", layout, None, sniffed=encoding is None)
        _warn_renamed("<stdin>", raw[:SAMPLE_BYTES], layout, frame.columns)
        return _with_dates(frame, layout, "<stdin>", dates, as_text)
    file_format, compression = table_format(path)
    if not Path(path).is_file():
        raise FileNotFoundError(errno.ENOENT, "no such file", os.fspath(path))
    if file_format == "parquet":
        require_pyarrow(path)
        frame = _read_with(pd.read_parquet, path, path, "Parquet")
        return _check_typed_dates(frame, dates, os.fspath(path)), None
    if file_format == "jsonl":
        frame = _read_with(pd.read_json, path, path, "JSON Lines", lines=True, compression=compression, **_JSON_TYPES)
        return _check_typed_dates(_parse_iso_datetimes(frame), dates, os.fspath(path)), None
    default_sep = "," if file_format == "csv" else "\t"
    sample = read_sample(Path(path), compression)
    layout = sniff_layout(sample, default_sep, sep=sep, encoding=encoding, name=os.fspath(path))
    frame = _read_text(path, path, _FORMAT_NAMES[file_format], layout, compression, sniffed=encoding is None)
    _warn_renamed(os.fspath(path), sample, layout, frame.columns)
    return _with_dates(frame, layout, os.fspath(path), dates, as_text)


def _check_typed_dates(frame: pd.DataFrame, dates, source: str) -> pd.DataFrame:
    """Refuse a declared date column that holds values but not datetimes (numbers, or a typed file's text)."""
    declared = _check_declared_dates(frame, dates, source)
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        if str(name) in declared and column.notna().any() and not pd.api.types.is_datetime64_any_dtype(column.dtype):
            raise _not_a_date_error(source, name, column.dropna().iloc[0])
    return frame


def _with_dates(frame: pd.DataFrame, layout: TextLayout, source: str, dates=(),
                as_text=()) -> tuple[pd.DataFrame, TextLayout]:
    """ISO dates, then dates in another common form (kept in the layout, to be written back alike), and,
    in a file not separated by commas, numbers written with a decimal comma; then numbers among a few text
    markers (see ``tabular._mixed``), the markers read as missing, with a warning naming them."""
    declared = _check_declared_dates(frame, dates, source)
    frame = _parse_iso_datetimes(frame)
    converted, formats, commas = {}, [], []
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        values = column.dropna()
        if values.empty or pd.api.types.infer_dtype(values, skipna=False) != "string":
            continue
        text_format = date_format(values)
        parsed = None if text_format is None else parse_dates(column, text_format)
        if parsed is not None:
            converted[position] = parsed
            formats.append((str(name), text_format))
        elif str(name) in declared:
            raise _not_a_date_error(source, name, _first_odd_date(values))
        elif layout.sep != "," and (numbers := decimal_comma_numbers(values)) is not None:
            converted[position] = numbers.reindex(column.index)
            commas.append(str(name))
        elif str(name) in as_text:
            continue
        elif (mixed := read_mixed(name, column, partial(_file_numbers, sep=layout.sep))) is not None:
            warnings.warn(f"{source}: {mixed.notice}", UserWarning, stacklevel=4)
            if mixed.numbers is not None:
                converted[position] = mixed.numbers
    frame = _check_typed_dates(replace_columns(frame, converted), dates, source)  # declared, yet numbers
    return frame, replace(layout, date_formats=tuple(formats), decimal_comma=tuple(commas))


def _file_numbers(cells: pd.Series, sep: str) -> pd.Series | None:
    """Number cells of a text file as floats: with decimal commas where the file is not comma-separated."""
    commas = decimal_comma_numbers(cells) if sep != "," else None
    return commas if commas is not None else dot_numbers(cells)


def _check_declared_dates(frame: pd.DataFrame, dates, source: str) -> frozenset:
    if isinstance(dates, str):
        raise TypeError(f"dates must be a list of column names, got the string {dates!r}; write dates=[{dates!r}]")
    declared = frozenset(str(name) for name in dates)
    missing = sorted(declared - {str(name) for name in frame.columns})
    if missing:
        columns = [str(name) for name in frame.columns]
        raise NoSuchColumnError(missing[0], columns, f"{source}: dates names {missing[0]!r}, which is not a column "
                                                     f"(columns: {columns[:20]})")
    return declared


class NoSuchColumnError(ValueError):
    """A column named in ``dates`` that the table lacks (``column``; the table has ``columns``), so the command
    line can name its own option."""

    def __init__(self, column: str, columns: list[str], message: str):
        super().__init__(message)
        self.column, self.columns = column, columns


def _first_odd_date(values: pd.Series):
    """The first value that the format of the first value does not read (the first value itself when it has none)."""
    text_format = date_format(values.iloc[:1])
    odd = None if text_format is None else first_unparsed(values, text_format)
    return values.iloc[0] if odd is None else odd


def _not_a_date_error(source: str, name, value) -> ValueError:
    value = value.item() if hasattr(value, "item") else value  # 20241231, not np.int64(20241231)
    return ValueError(f"{source}: column {str(name)!r} is declared a date, but {value!r} is not a date in one "
                      "format with the others (ISO 8601, 31/12/2024, 12/31/24, 31-Dec-2024, Dec 31, 2024, "
                      "12/31/2024 11:59 PM, 31.12.2024 23h59); correct that value or drop the declaration")


def _warn_renamed(name: str, sample: bytes, layout: TextLayout, columns) -> None:
    renamed = renamed_columns(sample, layout, columns)
    if renamed:
        changes = ", ".join(f"{written!r} -> {read!r}" for written, read in renamed)
        warnings.warn(f"{name}: header names that were empty or repeated were renamed: {changes}", UserWarning,
                      stacklevel=3)


def _read_text(source, name, format_name: str, layout: TextLayout, compression, sniffed: bool) -> pd.DataFrame:
    """``pd.read_csv`` with the layout; a sniffed UTF-8 that fails past the sample falls back to cp1252, and says so."""
    try:
        return _read_with(pd.read_csv, source, name, format_name, sep=layout.sep, encoding=layout.encoding,
                          compression=compression)
    except ValueError as error:
        if not sniffed or layout.encoding != "utf-8" or not isinstance(error.__cause__, UnicodeDecodeError):
            raise
        if hasattr(source, "seek"):
            source.seek(0)
        warnings.warn(f"{os.fspath(name)}: not UTF-8 past its first lines; read as cp1252 (--encoding to choose)",
                      UserWarning, stacklevel=4)
        return _read_with(pd.read_csv, source, name, format_name, sep=layout.sep, encoding="cp1252",
                          encoding_errors="replace", compression=compression)


def write_table(frame: pd.DataFrame, path: str | os.PathLike, *, overwrite: bool = False,
                date_formats: dict | None = None) -> None:
    """Write ``frame`` without its index, in the format its extension names; ``"-"`` writes CSV to stdout.

    Files are written through :func:`atomic_write`: complete or not at all. Text formats write datetime
    columns named in ``date_formats`` with that strftime format, the others as ISO 8601.

    Raises
    ------
    FileExistsError
        If ``path`` exists and ``overwrite`` is False.
    ValueError
        If the extension is unknown.
    ImportError
        If the file is Parquet and pyarrow is not installed.
    """
    if os.fspath(path) == STDIO:
        # Render first, so an interrupt cannot leave a half-written table in a pipe.
        text = datetimes_as_text(frame, date_formats).to_csv(index=False)
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    file_format, compression = table_format(path)
    if file_format == "parquet":
        require_pyarrow(path)
    if file_format != "parquet":
        frame = datetimes_as_text(frame, date_formats)
    with atomic_write(path, overwrite=overwrite) as temporary:
        if file_format == "parquet":
            frame.to_parquet(temporary, index=False)
        elif file_format == "jsonl":
            frame.to_json(temporary, orient="records", lines=True, date_format="iso", compression=compression)
        else:
            frame.to_csv(temporary, sep="," if file_format == "csv" else "\t", index=False, compression=compression)


@contextmanager
def atomic_write(path: str | os.PathLike, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block succeeds, it becomes ``path``.

    The temporary file lives in the destination's folder so the final rename is atomic (one file
    system). Any exception, ``KeyboardInterrupt`` included, removes it and leaves ``path`` untouched.

    Parameters
    ----------
    path : str or path-like
        The file to create or replace.
    overwrite : bool, default=False
        Replace an existing file. When False an existing file is never replaced, even one that
        appears while the block runs.

    Raises
    ------
    FileExistsError
        If ``path`` exists and ``overwrite`` is False; ``error.filename`` is the path.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "notes.txt"
    >>> with atomic_write(target) as temporary:
    ...     _ = temporary.write_text("complete")
    >>> target.read_text()
    'complete'
    """
    path = Path(path)
    if not overwrite and path.exists():
        raise _exists_error(path)
    temporary = _create_temporary(path)
    try:
        yield temporary
        _flush_to_disk(temporary)
        if overwrite:
            os.replace(temporary, path)
        else:
            _rename_no_clobber(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _create_temporary(path: Path) -> Path:
    # os.open with O_EXCL applies the umask, unlike tempfile, so the result gets ordinary permissions.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(descriptor)
    return temporary


def _flush_to_disk(temporary: Path) -> None:
    # Without fsync a crash right after the rename can leave an empty file under the final name.
    descriptor = os.open(temporary, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _rename_no_clobber(temporary: Path, path: Path) -> None:
    # A hard link fails if the name exists, closing the gap between checking and renaming.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise _exists_error(path) from None
    except OSError:
        # File systems without hard links: check, then rename.
        if path.exists():
            raise _exists_error(path) from None
        os.replace(temporary, path)


def _exists_error(path: Path) -> FileExistsError:
    return FileExistsError(errno.EEXIST, "file exists; pass overwrite=True to replace it", os.fspath(path))


def _read_with(reader, source, name, format_name: str, **options) -> pd.DataFrame:
    try:
        return reader(source, **options)
    except (ValueError, UnicodeDecodeError, EOFError, OSError) as error:
        if isinstance(error, FileNotFoundError):
            raise
        detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ValueError(f"{os.fspath(name)}: cannot read as {format_name}: {detail}") from error


def require_pyarrow(path) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ImportError(
            f"{os.fspath(path)}: Parquet needs pyarrow; install it with pip install 'wgan-augment[parquet]'"
        ) from None


def datetimes_as_text(frame: pd.DataFrame, date_formats: dict | None = None) -> pd.DataFrame:
    """Text for naive datetime columns: in ``date_formats[name]`` (a strftime format) where given, else
    ISO 8601 as short as the values allow.

    pandas writes a whole column with the precision of its most precise value; dates stay dates here
    (``2024-05-01``, not ``2024-05-01 00:00:00``) when every value in the column is a date.
    """
    rendered = {}
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        if not pd.api.types.is_datetime64_dtype(column.dtype):
            continue
        if date_formats and str(frame.columns[position]) in date_formats:
            rendered[position] = column.dt.strftime(date_formats[str(frame.columns[position])])
            continue
        values = column.dropna()
        if (values == values.dt.normalize()).all():
            rendered[position] = column.dt.strftime("%Y-%m-%d")
        elif (values == values.dt.floor("s")).all():
            rendered[position] = column.dt.strftime("%Y-%m-%d %H:%M:%S")
    return replace_columns(frame, rendered)


def _parse_iso_datetimes(frame: pd.DataFrame) -> pd.DataFrame:
    converted = {}
    for position, _name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        values = column.dropna()
        if values.empty or pd.api.types.infer_dtype(values, skipna=False) != "string":
            continue
        if not values.str.fullmatch(_ISO_DATETIME).all():
            continue
        try:
            converted[position] = pd.to_datetime(column, format="ISO8601")
        except (ValueError, TypeError):
            # Mixed time zones and similar: leave the strings as they are.
            continue
    return replace_columns(frame, converted)


__all__ = ["STDIO", "SUPPORTED_EXTENSIONS", "atomic_write", "read_table", "read_table_and_layout", "table_format",
           "write_table"]
