"""Training progress on stderr with the live Wasserstein estimate: a bar on a terminal, lines in a log.

A bar redraws itself in place, which a file or a pipe cannot show: there rich prints it once, at the
end, and a log of a long fit stayed silent for minutes. When stderr is not a terminal, a line is
written every few seconds instead.
"""

from __future__ import annotations

import sys
import time

# Reading a number off the device forces a synchronisation, so the bar refreshes only every few steps.
_REFRESH_EVERY = 10
# Seconds between progress lines when stderr is not a terminal.
LINE_EVERY_SECONDS = 5.0


class TrainingProgress:
    """Context manager around a rich progress bar; does nothing when ``enabled`` is False."""

    def __init__(self, total_steps: int, enabled: bool):
        self.total_steps = total_steps
        self.enabled = enabled
        self._progress = None
        self._task = None
        self._lines = False
        self._started = self._last_line = 0.0

    def __enter__(self) -> "TrainingProgress":
        if self.enabled and not sys.stderr.isatty():
            self._lines = True
            self._started = self._last_line = time.monotonic()
        elif self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("training"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("W≈{task.fields[wasserstein]}"),
                TimeRemainingColumn(),
                console=Console(file=sys.stderr),
                transient=False,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("training", total=self.total_steps, wasserstein="-")
        return self

    def advance(self, records: list) -> None:
        """Called after each generator step with the per-step records so far."""
        if self._lines:
            self._maybe_line(records)
            return
        if self._progress is None:
            return
        done = len(records)
        if done % _REFRESH_EVERY == 0 or done == self.total_steps:
            # records[-1] is [critic_loss, wasserstein, penalty, generator_loss]
            estimate = f"{float(records[-1][1]):.4f}"
            self._progress.update(self._task, completed=done, wasserstein=estimate)

    def __exit__(self, *exc_info) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc_info)

    def _maybe_line(self, records: list) -> None:
        now = time.monotonic()
        done = len(records)
        if now - self._last_line < LINE_EVERY_SECONDS and done != self.total_steps:
            return
        self._last_line = now
        elapsed = now - self._started
        left = elapsed / done * (self.total_steps - done) if done else 0.0
        print(f"training: {done}/{self.total_steps} steps, W≈{float(records[-1][1]):.4f}, "
              f"{elapsed:.0f} s elapsed, about {left:.0f} s left", file=sys.stderr, flush=True)
