"""Section 7, start-up: wall time of ``wgan-augment --help``, which must not import torch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ._measure import REPOSITORY, Figure, SectionResult, wall_time

TARGET_SECONDS = 1.0


def run(settings) -> SectionResult:
    result = SectionResult()
    command = _help_command()
    interpreter = [sys.executable, "-c", "pass"]
    help_seconds = _median_seconds(command, settings.startup_runs)
    bare_seconds = _median_seconds(interpreter, settings.startup_runs)
    loaded = subprocess.run(
        [sys.executable, "-c", ("import sys, wgan_augment_cli.app; "
                                "print(' '.join(m for m in ('torch', 'pandas', 'sklearn') if m in sys.modules))")],
        capture_output=True, text=True, check=True, cwd=REPOSITORY).stdout.strip()
    result.say(f"`{' '.join(command)}`: median of {settings.startup_runs} runs {help_seconds:.3f} s; "
               f"a bare `python -c pass` takes {bare_seconds:.3f} s. Heavy modules loaded by the CLI's import: "
               f"{loaded or 'none'}.")
    result.figures.append(Figure("7 start-up", "wall time of wgan-augment --help", help_seconds, "s",
                                 max_value=TARGET_SECONDS,
                                 note=f"torch imported: {'yes' if 'torch' in loaded else 'no'}"))
    return result


def _help_command() -> list[str]:
    """The console script a user runs: beside this interpreter, in its base installation, or on PATH."""
    for folder in (Path(sys.executable).parent, Path(sys.base_prefix) / "bin"):
        script = folder / "wgan-augment"
        if script.exists():
            return [str(script), "--help"]
    found = shutil.which("wgan-augment")
    return [found, "--help"] if found else [sys.executable, "-m", "wgan_augment_cli", "--help"]


def _median_seconds(command: list[str], runs: int) -> float:
    """Median wall time after one unmeasured run (which fills the file cache)."""

    def run_once():
        return subprocess.run(command, capture_output=True, check=True, cwd=REPOSITORY)

    run_once()
    times = sorted(wall_time(run_once)[0] for _ in range(runs))
    return times[len(times) // 2]
