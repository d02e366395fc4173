"""The command line under faults: signals, a closed pipe, outputs that cannot be written, requests that cannot fit.

The signal and pipe cases run the installed console script as a child process; the others run in
process with Typer's CliRunner.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner
from wgan_augment_cli import app

STEPS = ["--steps", "2", "--seed", "0", "--threads", "1"]
SCRIPT_ENV = {**os.environ, "OMP_NUM_THREADS": "1"}
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="signals and pipes to a child process are POSIX")


def invoke(*args, input=None):
    return CliRunner().invoke(app, [str(arg) for arg in args], input=input)


def console_script() -> str:
    beside_python = Path(sys.executable).with_name("wgan-augment")
    assert beside_python.exists(), "the wgan-augment console script is not installed; run: pip install -e ."
    return str(beside_python)


def start(*args, cwd, stdout=subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen([console_script(), *map(str, args)], cwd=cwd, stdout=stdout, stderr=subprocess.PIPE,
                            text=True, env=SCRIPT_ENV)


def make_table(n=40, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"age": rng.integers(18, 80, n), "city": rng.choice(["oslo", "rome"], n),
                         "label": np.where(np.arange(n) < 20, "no", "yes")})


@pytest.fixture(scope="module")
def model_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("model")
    make_table().to_csv(folder / "data.csv", index=False)
    result = invoke("fit", folder / "data.csv", "--target", "label", "-o", folder / "model.wgan", *STEPS)
    assert result.exit_code == 0, result.output
    return folder / "model.wgan"


def wait_for(condition, seconds=60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the child process never got there"
        time.sleep(0.02)


# ------------------------------------------------------------------------------------------ signals
@POSIX_ONLY
def test_sigterm_and_sighup_while_sampling_to_a_file_remove_the_temporary_file_and_exit_128_plus_the_signal(
        model_file, tmp_path):
    processes = {}
    for name in ("SIGTERM", "SIGHUP"):
        folder = tmp_path / name
        folder.mkdir()
        processes[name] = (folder, start("sample", model_file, "--n", "100000000", "-o", "big.csv", "--seed", "0",
                                         "--threads", "1", cwd=folder))
    for name, (folder, process) in processes.items():
        wait_for(lambda: any(path.stat().st_size > 0 for path in folder.glob(".big.csv.*.part")))
        process.send_signal(getattr(signal, name))
    for name, (folder, process) in processes.items():
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 128 + getattr(signal, name), stderr
        assert stderr.splitlines()[-1] == f"Interrupted by {name}; nothing half-written was left behind."
        assert list(folder.iterdir()) == []


@POSIX_ONLY
def test_sigint_while_streaming_to_stdout_says_how_many_rows_were_sent_and_that_the_output_is_incomplete(
        model_file):
    process = start("sample", model_file, "--n", "100000000", "-o", "-", "--seed", "0", "--threads", "1",
                    cwd=model_file.parent, stdout=subprocess.PIPE)
    for _ in range(40_000):  # past the first 16,384-row chunk
        process.stdout.readline()
    process.send_signal(signal.SIGINT)
    process.stdout.read()
    stderr = process.stderr.read()
    process.wait(timeout=60)
    assert process.returncode == 130
    last = stderr.splitlines()[-1]
    assert re.fullmatch(r"Interrupted; stdout got [\d,]+ of 100,000,000 rows \(and perhaps part of the next "
                        r"chunk\): that output is incomplete\.", last), last
    sent = int(re.search(r"got ([\d,]+)", last).group(1).replace(",", ""))
    assert sent >= 16_384 and sent % 16_384 == 0


# -------------------------------------------------------------------------------------- broken pipe
@POSIX_ONLY
def test_a_reader_that_closes_the_pipe_early_ends_the_command_quietly_with_exit_0(model_file):
    process = start("sample", model_file, "--n", "1000000", "-o", "-", "--seed", "0", "--threads", "1",
                    cwd=model_file.parent, stdout=subprocess.PIPE)
    header = process.stdout.readline()
    process.stdout.close()  # what `| head -1` does after its line
    stderr = process.stderr.read()
    process.wait(timeout=60)
    assert header.strip() == "age,city,label"
    assert process.returncode == 0, stderr
    assert "Error" not in stderr and "Broken pipe" not in stderr and "Exception" not in stderr
