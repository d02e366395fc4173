"""Synthetic rows straight to a file, chunk by chunk, so that memory stays flat however many are asked for.

``WGANAugmenter.sample`` returns one table, which is what a notebook wants and what ten million rows
cannot afford. :func:`write_samples` draws a chunk, appends it to the file and forgets it: the peak
memory is that of one chunk whatever ``n_samples`` is (measured in ``benchmarks/suite.py``, section
"scale").
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from .._validation import check_n_samples
from ..io import STDIO, atomic_write, datetimes_as_text, require_pyarrow, table_format
from ..kinds import TABLE
from ._chunks import check_chunk_rows, sample_chunks

DEFAULT_CHUNK_ROWS = 16_384
"""Rows per chunk. The generator's activations for a chunk are the peak: writing 1,000,000 rows of a
30-column table to Parquet, memory peaked 0.26 GB above where it stood before sampling with 16,384-row
chunks and 0.76 GB with 65,536-row ones, and the smaller chunks were also faster on a CPU (49,000
against 36,000 rows/s: the activations stay in cache)."""


def write_samples(
    augmenter,
    n_samples: int,
    path: str | os.PathLike,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    y=None,
    target: str | None = None,
    columns: Sequence[str] | None = None,
    random_state=None,
    overwrite: bool = False,
    progress: Callable[[int], None] | None = None,
    date_formats: dict[str, str] | None = None,
) -> Path | None:
    """Sample ``n_samples`` rows from a fitted table model and write them to a file, one chunk at a time.

    The format follows the extension as in :func:`wgan_augment.io.write_table` (CSV, TSV, Parquet,
    JSON Lines; text formats also compressed). The file is written under a temporary name and renamed
    when complete, so an interrupted run leaves nothing behind; ``"-"`` streams CSV to standard output
    instead, where an interrupted run leaves the rows written so far.

    Parameters
    ----------
    augmenter : WGANAugmenter
        A model fitted on a table.
    n_samples : int
        Rows to write. 0 writes the header (CSV) or the schema (Parquet) alone.
    path : str or path-like
        The file to create, or ``"-"`` for CSV on standard output.
    chunk_rows : int, default=16_384
        Rows generated and written at a time (one Parquet row group each); peak memory grows with it,
        not with ``n_samples``.
    y : label or array-like of shape (n_samples,), default=None
        Classes of the rows, as in ``augmenter.sample`` (conditional models only).
    target : str, default=None
        Name of the label column; required for a model fitted with labels, refused otherwise.
    columns : sequence of str, default=None
        Order of the written columns: the model's columns, plus ``target`` for a conditional model
        (for instance the training table's order, label included). Default: the model's columns, then
        the label.
    random_state : int, RandomState instance or None, default=None
        Seeds the rows, so that the file is the same for the same model, ``n_samples``, ``chunk_rows``
        and seed. The first chunk is ``augmenter.sample(chunk, random_state=rng)`` with ``rng =
        check_random_state(random_state)``, so with a single chunk (``n_samples <= chunk_rows``) the
        file holds exactly ``augmenter.sample(n_samples, random_state=random_state)``. Later chunks
        draw their classes (and identifiers) from the same ``rng``, and seed the generator's noise with
        the first chunk's seed plus their index, modulo 2**32 (:func:`~wgan_augment.sampling.sample_chunks`):
        no two chunks of a file share noise (so repeat rows), which per-chunk random seeds did with 58%
        probability at a billion rows.
    overwrite : bool, default=False
        Replace an existing file; without it an existing file raises ``FileExistsError``.
    progress : callable, default=None
        Called with the number of rows written so far after each chunk.
    date_formats : dict of str to str, default=None
        Text formats only: a strftime format per datetime column name (``{"born": "%d/%m/%Y"}``), to
        write dates as the training file had them; other datetime columns are written as ISO 8601.

    Returns
    -------
    pathlib.Path or None
        The file written; None for standard output.

    Raises
    ------
    FileExistsError
        If ``path`` exists and ``overwrite`` is False. Nothing is sampled.
    ValueError
        If the extension is unknown, ``target`` is missing for a conditional model (or given for
        another), or ``columns`` does not name the written columns.

    Examples
    --------
    >>> import numpy as np, pandas as pd, tempfile
    >>> from pathlib import Path
    >>> from wgan_augment import WGANAugmenter
    >>> table = pd.DataFrame({"x": np.random.default_rng(0).normal(size=60)})
    >>> model = WGANAugmenter(n_steps=5, random_state=0).fit(table)
    >>> path = write_samples(model, 250, Path(tempfile.mkdtemp()) / "rows.csv", chunk_rows=100, random_state=0)
    >>> len(pd.read_csv(path))
    250
    """
    n_samples = check_n_samples(n_samples)
    check_chunk_rows(chunk_rows)
    labels, columns = check_request(augmenter, n_samples, y, target, columns)
    rng = check_random_state(random_state)
    chunks = labelled_chunks(augmenter, n_samples, chunk_rows, labels, target, columns, rng)
    if os.fspath(path) == STDIO:
        write_chunks(chunks, sys.stdout, "csv", None, progress, date_formats)
        return None
    file_format, compression = table_format(path)
    if file_format == "parquet":
        require_pyarrow(path)
    with atomic_write(path, overwrite=overwrite) as temporary:
        write_chunks(chunks, temporary, file_format, compression, progress, date_formats)
    return Path(path)


def sample_frame(augmenter, n_samples: int, *, y=None, target: str | None = None,
                 columns: Sequence[str] | None = None, random_state=None) -> pd.DataFrame:
    """``n_samples`` synthetic rows as one DataFrame, with exactly the columns :func:`write_samples` writes.

    Parameters are those of :func:`write_samples`; the rows are ``augmenter.sample(n_samples, y=y,
    random_state=random_state)`` with the model's column names (x0, x1, ... for a model fitted on a
    numpy array) and, for a conditional model, the labels in column ``target``.
    """
    n_samples = check_n_samples(n_samples)
    labels, columns = check_request(augmenter, n_samples, y, target, columns)
    rng = check_random_state(random_state)
    return next(labelled_chunks(augmenter, n_samples, max(n_samples, 1), labels, target, columns, rng))


# --------------------------------------------------------------------------------------- checks
def check_request(augmenter, n_samples: int, y, target, columns):
    """The labels and the column order to write, checked before the first chunk is drawn."""
    check_is_fitted(augmenter, "generator_")
    if augmenter.kind_.name != TABLE:
        raise TypeError("write_samples writes table rows; this model generates images, use sample() instead.")
    capacity = augmenter.encoder_.identifier_capacity
    if capacity is not None and n_samples > capacity:
        raise ValueError(f"the model's identifier columns have room for {capacity:,} distinct new values; "
                         f"asked for {n_samples:,} rows")
    return _check_labels(augmenter, y, target, n_samples), _check_columns(augmenter, target, columns)


def _check_labels(augmenter, y, target, n_samples: int):
    """``y`` as ``augmenter.sample`` takes it: None, one label, or one label per row (sliced per chunk).

    Unknown labels are refused here, before the first chunk is drawn and written.
    """
    conditioning = augmenter.conditioning_
    if conditioning is not None and target is None:
        raise ValueError("The model was fitted with labels: pass target= to name the label column.")
    if conditioning is None and (target is not None or y is not None):
        given = f"target={target!r}" if target is not None else "y"
        raise ValueError(f"{given} was given, but the model was fitted without labels.")
    if y is None:
        return None
    conditioning.index_of(y, n_samples)
    return y if np.ndim(y) == 0 else np.asarray(y)


def _check_columns(augmenter, target, columns) -> list[str] | None:
    """The written columns in ``columns``' order (None: the model's order, then the label), checked up front."""
    model_columns = output_column_names(augmenter)
    if target is not None and target in model_columns:
        raise ValueError(f"target={target!r} is already the name of one of the model's columns.")
    if columns is None:
        return None
    written = written_column_names(augmenter, target)
    if sorted(map(str, columns)) != sorted(written):
        raise ValueError(f"columns must name the written columns {written} once each, got {list(columns)}.")
    return [str(column) for column in columns]


def written_column_names(augmenter, target) -> list[str]:
    """Every column a file of this model's rows holds: the model's own, then ``target`` (if any)."""
    return output_column_names(augmenter) + ([target] if target is not None else [])


def output_column_names(augmenter) -> list[str]:
    """Column names of written rows: a DataFrame's own (as text), x0, x1, ... for a numpy array's."""
    names = augmenter.encoder_.column_names_
    if augmenter.input_format_.is_frame:
        return [str(name) for name in names]
    # A model fitted on a numpy array answers with one; files need names (the evaluation's x0, x1...).
    return [f"x{index}" for index in range(len(names))]


# ------------------------------------------------------------------------------------- sampling
def labelled_chunks(augmenter, n_samples, chunk_rows, labels, target, columns, rng, **numbering):
    """The chunks of :func:`~wgan_augment.sampling.sample_chunks` as the DataFrames a file holds (see
    :func:`labelled_frame`); ``numbering`` (``first_identifier``, ``first_seed``, ``first_chunk``) is passed on."""
    names = output_column_names(augmenter)
    for rows in sample_chunks(augmenter, n_samples, chunk_rows, y=labels, random_state=rng, **numbering):
        yield labelled_frame(rows, names, target, columns)


def labelled_frame(rows, names, target, columns) -> pd.DataFrame:
    """Rows as written: the features under ``names``, labels (if any) in ``target``, in ``columns``' order.

    ``rows`` is what ``sample`` returns: features, or a (features, labels) pair. ``columns`` None keeps
    ``names`` with the label last. The one rule for the written columns, used by every writer.
    """
    features, labels = rows if isinstance(rows, tuple) else (rows, None)
    if isinstance(features, pd.DataFrame):
        frame = features.set_axis(names, axis="columns")
    else:
        frame = pd.DataFrame(features, columns=names)
    if labels is not None:
        frame[target] = labels
    return frame if columns is None else frame[columns]


# -------------------------------------------------------------------------------------- writing
def write_chunks(chunks, destination, file_format: str, compression, progress, date_formats=None) -> None:
    """Write ``chunks`` (DataFrames) one after another to ``destination`` as ``file_format`` ("csv", "tsv",
    "jsonl", "parquet"), calling ``progress`` with the rows written so far after each."""
    if file_format == "parquet":
        _write_parquet(chunks, destination, progress)
        return
    written = 0
    for index, chunk in enumerate(chunks):
        _append_text(datetimes_as_text(chunk, date_formats), destination, file_format, compression, header=index == 0)
        written += len(chunk)
        if progress is not None:
            progress(written)


def _append_text(chunk: pd.DataFrame, destination, file_format: str, compression, header: bool) -> None:
    if file_format == "jsonl":
        if len(chunk):
            chunk.to_json(destination, orient="records", lines=True, date_format="iso", mode="a",
                          compression=compression)
        return
    # Each append of a compressed file adds one more stream (gzip member, bz2/xz/zstd frame), which
    # every reader of those formats, pandas included, reads as one file.
    options = {} if destination is sys.stdout else {"mode": "a", "compression": compression}
    chunk.to_csv(destination, sep="," if file_format == "csv" else "\t", index=False, header=header, **options)


def _write_parquet(chunks, destination, progress) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer, written = None, 0
    try:
        for chunk in chunks:
            if writer is None:
                batch = pa.Table.from_pandas(chunk, preserve_index=False)
                writer = pq.ParquetWriter(destination, batch.schema)
            else:
                # The first chunk's schema holds for all: a column that chance left all-missing in a
                # later chunk must not be read as another type.
                batch = pa.Table.from_pandas(chunk, schema=writer.schema, preserve_index=False)
            writer.write_table(batch)
            written += len(chunk)
            if progress is not None:
                progress(written)
    finally:
        if writer is not None:
            writer.close()
