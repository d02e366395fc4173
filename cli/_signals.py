"""SIGTERM and SIGHUP stop a command the way Ctrl-C does, so the same cleanup runs and no ``.part`` file stays.

Python turns only SIGINT into an exception; a SIGTERM (``kill``, a job scheduler, ``timeout``) or a SIGHUP
(a closed terminal) ends the process at once, without running the ``finally`` blocks that remove the
temporary files of :func:`wgan_augment.io.atomic_write` (a 28 MB ``.big.csv.xxxx.part`` was left). Here
they raise :class:`Terminated`, a ``KeyboardInterrupt``, through every path an interrupt already takes,
and the command exits with the shell's code for the signal: 128 + its number.
"""

from __future__ import annotations

import signal
from typing import Optional

HANDLED = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""The signals turned into :class:`Terminated` (SIGHUP does not exist on Windows)."""

_received: list[int] = []


class Terminated(KeyboardInterrupt):
    """Raised in the main thread when a handled signal arrives."""

    def __init__(self, signal_number: int):
        super().__init__(signal.Signals(signal_number).name)
        self.signal_number = signal_number


def _raise_terminated(signal_number: int, frame) -> None:
    _received.append(signal_number)
    raise Terminated(signal_number)


def handle_termination() -> dict:
    """Install the handlers; returns the previous ones for :func:`restore_handlers`."""
    _received.clear()
    previous = {}
    for signal_number in HANDLED:
        try:
            previous[signal_number] = signal.signal(signal_number, _raise_terminated)
        except ValueError:  # not the main thread (an in-process runner in a worker thread): leave them be
            return previous
    return previous


def restore_handlers(previous: dict) -> None:
    for signal_number, handler in previous.items():
        signal.signal(signal_number, handler)


def interrupt_exit_code() -> int:
    """128 + the signal that stopped the command: 143 for SIGTERM, 129 for SIGHUP, 130 for Ctrl-C (SIGINT).

    Read from the signals received, not from the exception: the library catches an interrupt during
    training and the command raises a plain ``KeyboardInterrupt`` afterwards."""
    return 128 + (_received[-1] if _received else signal.SIGINT)


def interrupt_name() -> Optional[str]:
    """The name of the handled signal that stopped the command, or None for Ctrl-C."""
    return signal.Signals(_received[-1]).name if _received else None
