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
        wait_for(lambda folder=folder: any(path.stat().st_size > 0 for path in folder.glob(".big.csv.*.part")))
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


# ------------------------------------------------------------------------- outputs checked before training
@pytest.fixture
def data_csv(tmp_path) -> Path:
    path = tmp_path / "data.csv"
    make_table().to_csv(path, index=False)
    return path


@pytest.mark.parametrize("command, name", [(["generate", "--n", "5"], "out.csv"), (["fit"], "model.wgan")])
def test_an_output_whose_folder_is_a_file_is_refused_before_training_naming_the_path(data_csv, command, name):
    target = data_csv / name
    result = invoke(command[0], data_csv, *command[1:], "-o", target, *STEPS)
    assert result.exit_code == 2
    assert result.output == f"Error: --output {target}: {data_csv} is a file, not a folder\n"  # no "Learning ..."


def test_an_output_in_a_missing_folder_is_refused_before_training(data_csv):
    target = data_csv.parent / "missing" / "out.csv"
    result = invoke(data_csv, "--n", "5", "-o", target, *STEPS)
    assert (result.exit_code, result.output) == (2, f"Error: --output {target}: folder {target.parent} does not "
                                                    "exist\n")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes in read-only folders")
def test_an_output_in_a_read_only_folder_is_refused_before_training(data_csv, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = invoke("fit", data_csv, "-o", locked / "model.wgan", *STEPS)
    assert (result.exit_code, result.output) == (1, f"Error: --output {locked / 'model.wgan'}: cannot write in "
                                                    f"folder {locked} (Permission denied)\n")


def test_the_writability_probe_refuses_a_folder_where_creating_a_file_fails(data_csv, monkeypatch):
    import cli._tables as tables

    def refuse(path, flags, mode=0o777):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(tables.os, "open", refuse)  # as on a read-only mount, which root cannot write either
    result = invoke("fit", data_csv, "-o", data_csv.parent / "model.wgan", *STEPS)
    assert (result.exit_code, result.output) == (1, f"Error: --output {data_csv.parent / 'model.wgan'}: cannot "
                                                    f"write in folder {data_csv.parent} (Permission denied)\n")
    assert sorted(path.name for path in data_csv.parent.iterdir()) == ["data.csv"]


def test_an_existing_output_without_force_is_refused_before_training(data_csv):
    (data_csv.parent / "out.csv").write_text("keep")
    result = invoke(data_csv, "--n", "5", "-o", data_csv.parent / "out.csv", *STEPS)
    assert (result.exit_code, result.output) == (2, f"Error: {data_csv.parent / 'out.csv'} already exists; pass "
                                                    "--force to replace it\n")
    assert (data_csv.parent / "out.csv").read_text() == "keep"


# --------------------------------------------------------------------------------------------- resume
def test_resume_from_a_missing_checkpoint_is_an_error_naming_the_file_before_training(data_csv):
    missing = data_csv.parent / "run.ckpt"
    result = invoke("fit", data_csv, "--resume", missing, "-o", data_csv.parent / "model.wgan", *STEPS)
    assert (result.exit_code, result.output) == (1, f"Error: --resume {missing}: no such checkpoint; --checkpoint "
                                                    f"{missing} starts one (and goes on from it when it exists)\n")
    assert sorted(path.name for path in data_csv.parent.iterdir()) == ["data.csv"]


def test_checkpoint_starts_a_checkpoint_that_resume_then_goes_on_from(data_csv):
    checkpoint, folder = data_csv.parent / "run.ckpt", data_csv.parent
    first = invoke("fit", data_csv, "--checkpoint", checkpoint, "--checkpoint-every", "1", "-o", folder / "a.wgan",
                   *STEPS)
    assert first.exit_code == 0 and checkpoint.is_file(), first.output
    resumed = invoke("fit", data_csv, "--resume", checkpoint, "--checkpoint-every", "1", "-o", folder / "b.wgan",
                     "--steps", "3", "--seed", "0", "--threads", "1")
    assert resumed.exit_code == 0, resumed.output
    assert f"Resuming from {checkpoint}." in resumed.output and "trained 3 steps" in resumed.output


# ------------------------------------------------------------------------------------------ disk room
def test_a_trillion_rows_are_refused_at_once_with_the_estimate_and_the_free_space(data_csv):
    import shutil

    from cli._space import bytes_per_row

    started = time.monotonic()
    result = invoke(data_csv, "--n", "1000000000000", "-o", data_csv.parent / "out.csv", *STEPS)
    assert time.monotonic() - started < 5 and result.exit_code == 2
    row_bytes = bytes_per_row(pd.read_csv(data_csv), "out.csv")
    assert row_bytes == pytest.approx(len("62,oslo,no\n"), abs=1)  # what one more row of data.csv costs
    match = re.fullmatch(r"Error: --n 1,000,000,000,000: the output would take about ([\d.,]+) TB \(([\d,]+) bytes "
                         r"a row\), more than the ([\d.,]+) ([KMGT]B) free in (.+); ask for fewer rows, or pass "
                         r"--force to write anyway\n", result.output)
    assert match, result.output
    assert float(match[1].replace(",", "")) == pytest.approx(row_bytes, abs=0.05)  # a trillion rows: TB = bytes/row
    assert match[2] == f"{row_bytes:,.0f}" and match[5] == str(data_csv.parent)
    unit = {"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}[match[4]]
    assert float(match[3].replace(",", "")) * unit == pytest.approx(shutil.disk_usage(data_csv.parent).free, rel=0.01)
    assert sorted(path.name for path in data_csv.parent.iterdir()) == ["data.csv"]


def test_sample_refuses_rows_past_the_free_disk_and_force_lets_them_through(model_file, monkeypatch, tmp_path):
    import shutil

    free = shutil.disk_usage(tmp_path)._replace(free=1000)  # room for about 100 rows of "age,city,label"
    monkeypatch.setattr(shutil, "disk_usage", lambda path: free)
    refused = invoke("sample", model_file, "--n", "500", "-o", tmp_path / "rows.csv", "--seed", "0")
    assert refused.exit_code == 2 and "more than the 1.0 KB free in" in refused.output
    assert not (tmp_path / "rows.csv").exists()
    forced = invoke("sample", model_file, "--n", "500", "-o", tmp_path / "rows.csv", "--seed", "0", "--force")
    assert forced.exit_code == 0 and len(pd.read_csv(tmp_path / "rows.csv")) == 500


def test_bytes_per_row_leaves_out_the_formats_fixed_cost():
    from cli._space import bytes_per_row

    rows = pd.DataFrame({"word": [f"w{index:04d}" for index in range(2000)]})  # 5 characters and a newline
    assert bytes_per_row(rows, "rows.csv") == 6.0
    assert bytes_per_row(rows, "rows.jsonl") == len('{"word":"w0000"}\n')


# ------------------------------------------------------------------------------- the smaller cases
@pytest.mark.parametrize("command", ["generate", "fit", "sample", "evaluate"])
def test_a_negative_seed_is_refused_naming_the_seed_option(data_csv, command):
    arguments = {"generate": [data_csv], "fit": [data_csv], "sample": [data_csv.parent / "m.wgan"],
                 "evaluate": [data_csv, data_csv]}[command]
    result = invoke(command, *arguments, "--seed", "-1")
    assert result.exit_code == 2
    assert result.output.startswith("Error: Invalid value for '--seed': Input should be greater than or equal to 0")
    assert "random_state" not in result.output


def test_more_threads_than_usable_cores_are_refused_with_the_limit(data_csv):
    from cli._threads import usable_cores

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert usable_cores() == cores
    result = invoke(data_csv, "--threads", "999", "--steps", "2")
    assert (result.exit_code, result.output) == (2, f"Error: --threads 999: this process may use {cores} cores, so "
                                                    f"give at most {cores} (or auto)\n")
    allowed = invoke(data_csv, "--threads", str(cores), "--steps", "2", "-q", "-o", data_csv.parent / "ok.csv")
    assert allowed.exit_code == 0, allowed.output


def test_partitions_into_an_output_named_like_a_table_file_are_refused_asking_for_a_folder(model_file, tmp_path):
    pytest.importorskip("pyarrow")
    result = invoke("sample", model_file, "--n", "8", "-o", tmp_path / "out.csv", "--partitions", "4")
    assert (result.exit_code, result.output) == (2, f"Error: --output {tmp_path / 'out.csv'} names a table file, but "
                                                    "--partitions writes a folder of Parquet parts; give a folder, "
                                                    f"such as {tmp_path / 'out'}/\n")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------- image folders
@pytest.fixture
def uneven_images(tmp_path) -> Path:
    """Class folders 'a' and 'b' of 8x8 grayscale PNG files, and one 10x10 file in 'b'."""
    pytest.importorskip("PIL")
    from PIL import Image

    from wgan_augment.images import save_image_folder

    rng = np.random.default_rng(0)
    save_image_folder(rng.integers(0, 255, (8, 8, 8), dtype=np.uint8), tmp_path / "shapes", labels=["a", "b"] * 4)
    Image.fromarray(rng.integers(0, 255, (10, 10), dtype=np.uint8)).save(tmp_path / "shapes" / "b" / "big.png")
    return tmp_path / "shapes"


def test_images_of_several_sizes_are_refused_with_the_image_size_option_as_the_fix(uneven_images):
    result = invoke(uneven_images, "--n", "4", *STEPS)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "or pass --image-size WxH to resize them" in result.output


@pytest.mark.parametrize("command", ["generate", "fit"])
def test_image_size_resizes_every_image_of_the_folder_before_training(uneven_images, command):
    output = uneven_images.with_name("out.wgan" if command == "fit" else "out")
    result = invoke(command, uneven_images, "--image-size", "12x9", "-o", output, *STEPS)
    assert result.exit_code == 0, result.output
    assert "Learning 9 grayscale images of 12x9 pixels in 2 classes" in result.output


@pytest.mark.parametrize("value", ["28", "0x4", "axb"])
def test_an_image_size_that_is_not_width_x_height_is_refused_naming_the_value(uneven_images, value):
    result = invoke(uneven_images, "--image-size", value, *STEPS)
    assert (result.exit_code, result.output) == (2, f"Error: --image-size {value!r}: give WIDTHxHEIGHT in pixels, "
                                                    "such as 28x28\n")


def test_image_size_with_a_table_is_refused(data_csv):
    result = invoke("fit", data_csv, "--image-size", "8x8", *STEPS)
    assert (result.exit_code, result.output) == (2, "Error: --image-size applies to a folder of images; DATA is a "
                                                    "table\n")


@pytest.fixture
def class_folders(tmp_path) -> Path:
    """'real' and 'synthetic' folders with class subfolders 'a' and 'b' of 8x8 grayscale PNG files."""
    pytest.importorskip("PIL")
    from wgan_augment.images import save_image_folder

    rng = np.random.default_rng(0)
    for name in ("real", "synthetic"):
        save_image_folder(rng.integers(0, 255, (12, 8, 8), dtype=np.uint8), tmp_path / name, labels=["a", "b"] * 6)
    return tmp_path


def test_evaluate_sees_the_class_subfolders_of_an_image_folder(class_folders):
    result = invoke("evaluate", class_folders / "real", class_folders / "synthetic", "--seed", "0")
    assert result.exit_code == 0, result.output
    assert "Evaluating synthetic images against 12 real images in 2 classes (a, b)..." in result.output
    assert re.search(r"assigns \d+% of synthetic images to their requested class", result.output)


def test_evaluate_refuses_an_image_folder_of_one_class_subfolder_naming_it(class_folders):
    import shutil

    shutil.rmtree(class_folders / "real" / "b")
    result = invoke("evaluate", class_folders / "real", class_folders / "synthetic")
    assert (result.exit_code, result.output) == (1, f"Error: {class_folders / 'real'}: one class subfolder (a); "
                                                    "evaluate needs two or more, or the images directly in the folder "
                                                    "(unlabelled)\n")


# --------------------------------------------------------------------------------------------- balance
def test_balance_on_classes_already_balanced_trains_nothing_and_writes_nothing(data_csv):
    result = invoke(data_csv, "--target", "label", "--balance", *STEPS)  # 20 "no" and 20 "yes"
    assert (result.exit_code, result.output) == (1, "Error: --balance: the 2 classes of column 'label' are already "
                                                    "balanced (20 rows each), so there is nothing to add and nothing "
                                                    "was written; --balance --n ROWS adds ROWS more, spread over the "
                                                    "classes\n")
    assert sorted(path.name for path in data_csv.parent.iterdir()) == ["data.csv"]


def test_balance_with_n_on_balanced_classes_adds_n_rows(data_csv):
    result = invoke(data_csv, "--target", "label", "--balance", "--n", "4", *STEPS, "-q")
    assert result.exit_code == 0, result.output
    written = pd.read_csv(data_csv.parent / "data_balanced.csv")
    assert len(written) == 44 and written["label"].value_counts().to_dict() == {"no": 22, "yes": 22}


def test_the_help_lists_the_exit_code_of_each_signal():
    text = " ".join(invoke("--help").output.replace("│", " ").split())
    assert "130 interrupted (Ctrl-C), 143 terminated (SIGTERM), 129 hung up (SIGHUP)" in text
