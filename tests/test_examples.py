"""Every script in ``examples/`` runs to the end on a tiny budget, as a user would start it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# Arguments that make each script quick; a script not listed here is run with --quick.
QUICK_ARGUMENTS = {
    "demo.py": ["--steps", "10"],
    "pipeline_comparison.py": ["--quick"],
    "scarce_table_report.py": ["--quick"],
    "imbalanced_resample.py": ["--quick"],
}
SCRIPTS = sorted(set(QUICK_ARGUMENTS) | {path.name for path in EXAMPLES.glob("*.py")})


def run_example(name: str, cwd: Path) -> subprocess.CompletedProcess:
    script = EXAMPLES / name
    if not script.exists():
        pytest.skip(f"examples/{name} is not written yet")
    # One torch and BLAS thread: the budgets are tiny, and on a busy 2-core machine the default
    # threads spend most of the time waiting on each other (an 8-step fit: 9 s instead of 0.5 s).
    environment = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, str(script), *QUICK_ARGUMENTS.get(name, ["--quick"])], cwd=cwd,
                          env=environment, capture_output=True, text=True, timeout=600)


def check_scarce_table_outputs(folder: Path, stdout: str) -> None:
    metrics = json.loads((folder / "scarce_table_metrics.json").read_text())
    expected = {"n_real": 225, "n_holdout": 75, "holdout": "given", "target": "outcome"}
    assert {key: metrics["data"][key] for key in expected} == expected
    if "No report:" not in stdout:  # matplotlib is optional
        assert "data:image/png;base64," in (folder / "scarce_table_report.html").read_text()


def check_scarce_images_outputs(folder: Path, stdout: str) -> None:
    metrics = json.loads((folder / "scarce_images_metrics.json").read_text())
    expected = {"kind": "images", "n_real": 100, "n_holdout": 300, "n_synthetic": 300, "image_shape": [8, 8]}
    assert {key: metrics["data"][key] for key in expected} == expected
    if "No image files:" not in stdout:  # Pillow is optional
        assert sorted(path.name for path in (folder / "scarce_images").iterdir()) == [*map(str, range(10)), "grid.png"]


def check_grid_search_outputs(folder: Path, stdout: str) -> None:
    # Two amounts of synthetic rows times two values of C, each one line of the results table.
    assert sum(line.split()[:2] in (["0.0", "0.1"], ["0.0", "1.0"], ["1.0", "0.1"], ["1.0", "1.0"])
               for line in stdout.splitlines() if line.strip()) == 4
    assert "Best setting: {" in stdout


OUTPUT_CHECKS = {
    "scarce_table_report.py": check_scarce_table_outputs,
    "scarce_images.py": check_scarce_images_outputs,
    "grid_search.py": check_grid_search_outputs,
}


@pytest.mark.parametrize("name", SCRIPTS)
def test_example_runs_to_the_end(name, tmp_path):
    finished = run_example(name, tmp_path)
    assert finished.returncode == 0, f"{name} failed:\n{finished.stdout[-2000:]}\n{finished.stderr[-4000:]}"
    assert finished.stdout.strip(), f"{name} printed nothing"
    if name in OUTPUT_CHECKS:
        OUTPUT_CHECKS[name](tmp_path, finished.stdout)
