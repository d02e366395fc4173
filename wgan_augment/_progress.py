"""A progress bar on stderr that shows the live Wasserstein estimate while a model trains."""

from __future__ import annotations

import sys

# Reading a number off the device forces a synchronisation, so the bar refreshes only every few steps.
_REFRESH_EVERY = 10


class TrainingProgress:
    """Context manager around a rich progress bar; does nothing when ``enabled`` is False."""

    def __init__(self, total_steps: int, enabled: bool):
        self.total_steps = total_steps
        self.enabled = enabled
        self._progress = None
        self._task = None

    def __enter__(self) -> "TrainingProgress":
        if self.enabled:
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
