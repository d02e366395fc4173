"""How a delimited text table is written: its encoding and separator, read off its first bytes.

A CSV from a spreadsheet in much of Europe is separated by ``;`` and encoded in cp1252; read as
comma-separated UTF-8 it becomes one column (whose "synthetic" values are input lines copied whole)
or fails on the first accented letter. Both are found here from a sample of the file; either can be
forced.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import lzma
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SEPARATORS = (",", ";", "\t", "|")
"""Separators a text table is sniffed for."""
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")
"""Encodings a text table is sniffed for, in the order they are tried (latin-1 decodes any bytes)."""

# Bytes read to sniff: enough for a few hundred lines of a wide table.
SAMPLE_BYTES = 1 << 20
# Lines of the sample whose field counts decide the separator.
_SNIFF_LINES = 200
_OPENERS = {None: open, "gzip": gzip.open, "bz2": bz2.open, "xz": lzma.open}


@dataclass(frozen=True)
class TextLayout:
    """A text table's encoding and separator, and the strftime format of each column of non-ISO dates."""

    encoding: str
    sep: str
    date_formats: tuple[tuple[str, str], ...] = ()
    decimal_comma: tuple[str, ...] = ()

    def describe(self) -> str:
        """``"';'-separated, cp1252"``, for messages."""
        name = {"\t": "tab"}.get(self.sep, repr(self.sep))
        commas = f", decimal commas in {', '.join(self.decimal_comma)}" if self.decimal_comma else ""
        return f"{name}-separated, {self.encoding}{commas}"


def read_sample(path: Path, compression: str | None) -> bytes:
    """The first ``SAMPLE_BYTES`` bytes of the (decompressed) file.

    Raises
    ------
    ImportError
        For a ``.zst`` file without the zstandard package, naming the install command.
    ValueError
        If the file is not in the compression its name says, naming the file.
    """
    opener, errors = _opener(path, compression)
    try:
        with opener(path, "rb") as stream:
            return stream.read(SAMPLE_BYTES)
    except errors as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise ValueError(f"{path}: not a valid {compression} file ({error})") from None


def _opener(path: Path, compression: str | None):
    """The function that opens the file decompressed, and the errors it raises on bytes in another format."""
    if compression != "zstd":
        return _OPENERS[compression], (OSError, EOFError, lzma.LZMAError)
    # pandas reads .zst with the same package; asking for it here gives one clear message before any reading.
    try:
        import zstandard
    except ImportError:
        raise ImportError(f"{path}: .zst files need the zstandard package; install it with "
                          "pip install 'wgan-augment[zstd]' (or pip install zstandard)") from None
    return zstandard.open, (OSError, EOFError, zstandard.ZstdError)


def sniff_layout(sample: bytes, default_sep: str, *, sep: str | None = None, encoding: str | None = None,
                 name: str = "the file") -> TextLayout:
    """The layout of a text table from the first bytes of it; ``sep``/``encoding`` when given win.

    Raises
    ------
    ValueError
        If the sample holds binary data (NUL bytes outside UTF-16), naming ``name``.
    """
    chosen_encoding = encoding or _sniff_encoding(sample, name)
    text = _decode_prefix(sample, chosen_encoding)
    return TextLayout(chosen_encoding, sep or _sniff_separator(text, default_sep))


def _sniff_encoding(sample: bytes, name: str) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise ValueError(f"{name}: not a text table (it holds binary data); save it as CSV, TSV, Parquet or "
                         "JSON Lines")
    try:
        # Incremental, so a character cut in two by the end of the sample is not an error.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined (0x81, 0x8d, ...)
        return "latin-1"


def _decode_prefix(sample: bytes, encoding: str) -> str:
    try:
        return codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None


def _sniff_separator(text: str, default_sep: str) -> str:
    """The separator that splits the first lines into the same number (two or more) of fields most often.

    Each candidate is tried with the csv module, so separators inside quotes do not count. Ties go to
    the format's own separator, then to the one giving more fields.
    """
    lines = text.splitlines()[:_SNIFF_LINES]
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end inside a line
    best, best_score = default_sep, (0.0, 0, 0)
    for candidate in SEPARATORS:
        counts = [len(fields) for fields in csv.reader(io.StringIO("\n".join(lines)), delimiter=candidate) if fields]
        if not counts:
            continue
        modal = max(set(counts), key=counts.count)
        if modal < 2:
            continue
        score = (counts.count(modal) / len(counts), candidate == default_sep, modal)
        if score > best_score:
            best, best_score = candidate, score
    return best


def renamed_columns(sample: bytes, layout: TextLayout, columns) -> list[tuple[str, str]]:
    """``(as written, as read)`` for each header name pandas changed: empty ones become ``Unnamed: N``,
    repeated ones get ``.1``, ``.2``..."""
    text = _decode_prefix(sample, layout.encoding)
    header = next(csv.reader(io.StringIO(text), delimiter=layout.sep), [])
    if len(header) != len(columns):
        return []
    return [(written, str(read)) for written, read in zip(header, columns) if written != str(read)]


# 1.234,56 or 1234,56 or -0,5: a number written with a decimal comma (and optional dots between thousands).
_DECIMAL_COMMA = r"[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?"
# What tells a decimal comma from a thousands comma (1,234): a comma not followed by exactly three
# digits, or dots between thousands.
_SURELY_DECIMAL = r",(?:[0-9]{1,2}|[0-9]{4,})$|\.[0-9]{3}"


def decimal_comma_numbers(values: pd.Series) -> pd.Series | None:
    """Text numbers written with a decimal comma as floats; None unless every value is one and some have a comma.

    Spreadsheets that separate fields with ``;`` write ``1234,56`` for 1234.56; read as text, such a
    column would be taken for categories or identifiers.
    """
    text = values.astype(str).str.strip()
    if not text.str.fullmatch(_DECIMAL_COMMA).all() or not text.str.contains(_SURELY_DECIMAL, regex=True).any():
        return None  # no comma, or only commas that could as well separate thousands (1,234)
    return pd.to_numeric(text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
