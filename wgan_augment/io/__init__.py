"""Tables in and out of files: formats chosen by extension, messy CSVs read as meant, dates kept in their
format, and writes that never leave half a file behind (:func:`atomic_write`).

Shared by the library (model files, checkpoints, reports, streamed samples) and the command line.
"""

from ._tables import (
    STDIO,
    NoSuchColumnError,
    atomic_write,
    datetimes_as_text,
    read_table,
    read_table_and_layout,
    require_pyarrow,
    table_format,
    write_table,
)

__all__ = [
    "NoSuchColumnError",
    "STDIO",
    "atomic_write",
    "datetimes_as_text",
    "read_table",
    "read_table_and_layout",
    "require_pyarrow",
    "table_format",
    "write_table",
]
