"""Errors the user can act on, and the translation of library exceptions into them."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

USAGE = 2
"""Exit code when the command line is wrong: an option value, a column name, an output that exists."""
DATA = 1
"""Exit code when the data or a file's content is the problem, or a file cannot be read or written."""


class CommandError(Exception):
    """Printed as one line (``Error: ...``) before the process exits with ``exit_code``."""

    def __init__(self, message: str, exit_code: int = DATA):
        super().__init__(message)
        self.exit_code = exit_code


def usage_error(message: str) -> CommandError:
    return CommandError(message, USAGE)


@contextmanager
def reported_as_data_errors() -> Iterator[None]:
    """Turn what the library and the file system raise about data and files into :class:`CommandError`.

    The library raises ``ValueError``/``TypeError`` naming the column or argument at fault, and
    ``RuntimeError`` from torch (a device that cannot be used, memory); all are data errors here.
    """
    try:
        yield
    except FileExistsError as error:
        raise usage_error(f"{error.filename} already exists; pass --force to replace it") from None
    except BrokenPipeError:
        raise  # the reader of stdout left (``| head``): the command group ends quietly
    except FileNotFoundError as error:
        raise CommandError(f"{error.filename}: no such file") from None
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        raise CommandError(f"{where}{error.strerror or error}") from None
    except (ValueError, TypeError, ImportError, RuntimeError) as error:
        raise CommandError(str(error)) from None
