"""Room for the output: ``--n`` rows are estimated in bytes and refused against the free disk unless ``--force``.

Without it, ``--n 1000000000000`` began writing about 49 TB onto 70 GB of free disk, to fail hours later
with a full disk. The estimate renders rows like the output's in its format and scales them up: the
difference between 2k and k rows, divided by k, so a format's fixed cost (a header, Parquet's schema and
footer) does not count as a row's.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ._errors import usage_error
from ._tables import is_stdio

if TYPE_CHECKING:
    import pandas as pd

SAMPLE_ROWS = 512
"""k above (at most): enough rows that the rounding of one row's size does not matter, few enough to render
at once. :data:`PREVIEW_ROWS` rows are rendered."""
PREVIEW_ROWS = 2 * SAMPLE_ROWS


def check_room_for(rows: "pd.DataFrame", n_rows: int, output: Path, *, force: bool, file_format: str = "") -> None:
    """Refuse ``n_rows`` rows like ``rows`` when their estimated size passes the free space at ``output``.

    ``file_format`` names the format when ``output`` is a folder (``"parquet"`` for partitions);
    otherwise the output's extension does. Standard output and ``force`` are never refused.
    """
    if force or is_stdio(output) or not len(rows):
        return
    folder = output if file_format else output.parent
    while not folder.exists():  # a folder of parts is made when writing starts: the room is its parent's
        folder = folder.parent
    try:
        row_bytes = bytes_per_row(rows, file_format or output.name)
    except ImportError:  # Parquet without pyarrow: the writer says so, naming the fix
        return
    estimate, free = row_bytes * n_rows, shutil.disk_usage(folder).free
    if estimate > free:
        raise usage_error(f"--n {n_rows:,}: the output would take about {_size(estimate)} ({row_bytes:,.0f} bytes a "
                          f"row), more than the {_size(free)} free in {folder}; ask for fewer rows, or pass --force "
                          "to write anyway")


def bytes_per_row(rows: "pd.DataFrame", name: str) -> float:
    """Bytes one more row like ``rows`` adds to a file named ``name`` (its extension picks the format)."""
    import numpy as np

    from wgan_augment.io import table_format

    file_format, compression = table_format(name if "." in name else f"rows.{name}")
    # Distinct rows only: repeated ones would compress (gzip, Parquet's dictionaries) to almost nothing.
    half = max(1, min(SAMPLE_ROWS, len(rows) // 2))
    rows = rows.iloc[np.arange(2 * half) % len(rows)].reset_index(drop=True)
    return (_rendered_size(rows, file_format, compression)
            - _rendered_size(rows.head(half), file_format, compression)) / half


def _rendered_size(rows: "pd.DataFrame", file_format: str, compression: Optional[str]) -> int:
    from wgan_augment.io import datetimes_as_text

    buffer = io.BytesIO()
    if file_format == "parquet":
        rows.to_parquet(buffer, index=False)
    elif file_format == "jsonl":
        rows.to_json(buffer, orient="records", lines=True, date_format="iso", compression=compression)
    else:
        datetimes_as_text(rows).to_csv(buffer, sep="," if file_format == "csv" else "\t", index=False,
                                       compression=compression)
    return buffer.tell()


def _size(n_bytes: float) -> str:
    """``49_000_000_000_000`` -> ``"49.0 TB"``."""
    units = ("bytes", "KB", "MB", "GB", "TB")
    power = 0
    while n_bytes >= 1000 and power < len(units) - 1:
        n_bytes, power = n_bytes / 1000, power + 1
    return f"{n_bytes:,.0f} bytes" if power == 0 else f"{n_bytes:,.1f} {units[power]}"
