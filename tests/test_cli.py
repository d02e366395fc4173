"""The ``wgan-augment`` command line, in process (Typer's CliRunner) and as the installed console script.

Training budgets are a few generator steps: these tests check what the commands write and refuse,
not the quality of the rows.
"""

import io
import os
import re
import shutil
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

STEPS = ["--steps", "2", "--seed", "0", "--threads", "1"]  # one thread: no busy-machine warning
COLUMNS = ["age", "income", "city", "joined", "label"]


def make_table(n=40, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "age": rng.integers(18, 80, n),
            "income": rng.normal(50, 10, n).round(2),
            "city": rng.choice(["oslo", "rome", "lima"], n),
            "joined": (pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D"))
            .strftime("%Y-%m-%d"),
            "label": np.where(np.arange(n) < 30, "no", "yes"),
        }
    )




@pytest.fixture
def data_csv(tmp_path) -> Path:
    path = tmp_path / "data.csv"
    make_table().to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def model_file(tmp_path_factory) -> Path:
    """A conditional model trained once through ``fit`` and shared by the tests that only read it."""
    folder = tmp_path_factory.mktemp("model")
    make_table().to_csv(folder / "data.csv", index=False)
    result = invoke("fit", folder / "data.csv", "--target", "label", "-o", folder / "model.wgan", *STEPS)
    assert result.exit_code == 0, result.output
    return folder / "model.wgan"


def invoke(*args, input=None):
    return CliRunner().invoke(app, [str(arg) for arg in args], input=input)


def read_csv_text(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text))


def files_in(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


# ------------------------------------------------------------------------------------ help, version
@pytest.mark.parametrize("command", [[], ["generate"], ["fit"], ["sample"], ["info"], ["evaluate"]])
def test_help_of_every_command_shows_an_example(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"wgan-augment {command[0] if command and command[0] != 'generate' else 'data.csv'}" in result.stdout


def test_group_help_lists_the_commands_and_the_short_path():
    result = invoke("--help")
    for command in ("generate", "fit", "sample", "info", "evaluate"):
        assert command in result.stdout
    assert "wgan-augment data.csv --n 5000" in result.stdout


def test_default_step_count_in_help_is_the_library_default():
    from wgan_augment import WGANAugmenter

    assert f"Default: {WGANAugmenter().n_steps}." in " ".join(invoke("generate", "--help").stdout.split())


def test_version_prints_the_installed_version():
    from importlib.metadata import version

    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"wgan-augment {version('wgan-augment')}\n"


def test_help_does_not_import_torch():
    code = "import sys, wgan_augment_cli; assert 'torch' not in sys.modules and 'pandas' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------------------------ the default command
def test_short_path_writes_n_rows_beside_the_input(data_csv):
    result = invoke(data_csv, "--n", "7", *STEPS)
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(data_csv.with_name("data_synthetic.csv"))
    assert list(rows.columns) == COLUMNS and len(rows) == 7
    assert "Wrote 7 rows to" in result.stderr and result.stdout == ""


def test_rows_default_to_the_size_of_the_input(data_csv):
    assert invoke(data_csv, *STEPS, "-q").exit_code == 0
    assert len(pd.read_csv(data_csv.with_name("data_synthetic.csv"))) == 40


def test_output_dash_writes_only_csv_rows_to_stdout(data_csv):
    result = invoke(data_csv, "--n", "5", "-o", "-", *STEPS)
    assert result.exit_code == 0, result.output
    assert read_csv_text(result.stdout).shape == (5, 5)
    assert "Wrote 5 rows to stdout" in result.stderr
    assert files_in(data_csv.parent) == {"data.csv"}


def test_dash_reads_csv_from_stdin_and_writes_to_stdout(data_csv):
    result = invoke("-", "--n", "4", "-q", *STEPS, input=data_csv.read_text())
    assert result.exit_code == 0, result.output
    assert list(read_csv_text(result.stdout).columns) == COLUMNS
    assert result.stderr == ""


def test_same_seed_gives_the_same_rows(data_csv):
    first = invoke(data_csv, "--n", "6", "-o", "-", "-q", *STEPS).stdout
    assert invoke(data_csv, "--n", "6", "-o", "-", "-q", *STEPS).stdout == first


def test_condition_writes_only_the_requested_class(data_csv):
    result = invoke(data_csv, "--condition", "label=yes", "--n", "12", "-o", "-", "-q", *STEPS)
    assert result.exit_code == 0, result.output
    assert set(read_csv_text(result.stdout)["label"]) == {"yes"}


def test_balance_writes_real_rows_then_rows_that_balance_the_classes(data_csv):
    from wgan_augment.io._tables import read_table

    result = invoke(data_csv, "--target", "label", "--balance", *STEPS)
    assert result.exit_code == 0, result.output
    balanced = read_table(data_csv.with_name("data_balanced.csv"))
    assert balanced["label"].value_counts().to_dict() == {"no": 30, "yes": 30}
    pd.testing.assert_frame_equal(balanced.iloc[:40], read_table(data_csv))


def test_augment_writes_real_rows_followed_by_synthetic_ones(data_csv):
    from wgan_augment.io._tables import read_table

    result = invoke(data_csv, "--augment", "--n", "5", *STEPS)
    assert result.exit_code == 0, result.output
    augmented = read_table(data_csv.with_name("data_augmented.csv"))
    assert len(augmented) == 45
    pd.testing.assert_frame_equal(augmented.iloc[:40], read_table(data_csv))


def test_columns_and_drop_choose_what_is_learned(data_csv):
    kept = invoke(data_csv, "--columns", "age,city", "--target", "label", "--n", "3", "-o", "-", "-q", *STEPS)
    assert list(read_csv_text(kept.stdout).columns) == ["age", "city", "label"]
    dropped = invoke(data_csv, "--drop", "joined", "--drop", "income", "--n", "3", "-o", "-", "-q", *STEPS)
    assert list(read_csv_text(dropped.stdout).columns) == ["age", "city", "label"]


def test_clip_constraint_trains_and_writes(data_csv):
    result = invoke(data_csv, "--constraint", "clip", "--n", "3", "-o", "-", "-q", *STEPS)
    assert result.exit_code == 0, result.output
    assert len(read_csv_text(result.stdout)) == 3


def test_save_model_keeps_the_model_beside_the_rows(data_csv):
    model = data_csv.with_name("kept.wgan")
    result = invoke(data_csv, "--n", "3", "--target", "label", "--save-model", model, *STEPS)
    assert result.exit_code == 0, result.output
    assert files_in(data_csv.parent) == {"data.csv", "data_synthetic.csv", "kept.wgan"}
    assert invoke("info", model).exit_code == 0


# ------------------------------------------------------------------------------ fit, sample, info
def test_fit_writes_the_model_beside_the_input_by_default(data_csv):
    result = invoke("fit", data_csv, *STEPS)
    assert result.exit_code == 0, result.output
    assert "Saved the model to" in result.stderr
    assert files_in(data_csv.parent) == {"data.csv", "data.wgan"}


def test_sample_writes_rows_shaped_like_the_training_table(model_file, tmp_path):
    output = tmp_path / "rows.csv"
    result = invoke("sample", model_file, "--n", "9", "-o", output, "--seed", "1")
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(output)
    assert list(rows.columns) == COLUMNS and len(rows) == 9
    assert set(rows["label"]) <= {"no", "yes"} and set(rows["city"]) <= {"oslo", "rome", "lima"}


def test_sample_defaults_to_the_training_size_beside_the_model(model_file):
    output = model_file.with_name("model_synthetic.csv")
    result = invoke("sample", model_file, "-q")
    try:
        assert result.exit_code == 0, result.output
        assert len(pd.read_csv(output)) == 40
    finally:
        output.unlink(missing_ok=True)


def test_sample_condition_and_seed(model_file):
    first = invoke("sample", model_file, "--n", "8", "-o", "-", "--seed", "3", "-c", "label=no", "-q")
    assert set(read_csv_text(first.stdout)["label"]) == {"no"}
    again = invoke("sample", model_file, "--n", "8", "-o", "-", "--seed", "3", "-c", "label=no", "-q")
    assert again.stdout == first.stdout


@pytest.mark.parametrize("name", ["rows.csv", "rows.tsv", "rows.parquet", "rows.jsonl", "rows.csv.gz"])
def test_output_format_follows_the_extension(model_file, tmp_path, name):
    from wgan_augment.io._tables import read_table

    result = invoke("sample", model_file, "--n", "6", "-o", tmp_path / name, "--seed", "0", "-q")
    assert result.exit_code == 0, result.output
    rows = read_table(tmp_path / name)
    assert list(rows.columns) == COLUMNS and len(rows) == 6
    assert pd.api.types.is_datetime64_any_dtype(rows["joined"])
    assert pd.api.types.is_integer_dtype(rows["age"])


@pytest.mark.parametrize("name", ["data.tsv", "data.parquet", "data.jsonl"])
def test_input_format_follows_the_extension(tmp_path, name):
    from wgan_augment.io._tables import write_table

    write_table(make_table(), tmp_path / name)
    result = invoke(tmp_path / name, "--n", "3", "-q", *STEPS)
    assert result.exit_code == 0, result.output
    assert (tmp_path / name.replace("data", "data_synthetic")).exists()


def test_sample_streams_more_rows_than_one_chunk(tmp_path):
    from wgan_augment import WGANAugmenter
    from wgan_augment.persistence import save

    rng = np.random.default_rng(0)
    table = pd.DataFrame({"x": rng.normal(size=40), "kind": rng.choice(["a", "b"], 40)})
    augmenter = WGANAugmenter(n_steps=2, batch_size=16, random_state=0).fit(table[["x"]], table["kind"])
    model = save(augmenter, tmp_path / "model.wgan", metadata={"target": "kind", "columns": ["kind", "x"]})
    result = invoke("sample", model, "--n", "40000", "--condition", "kind=b", "-o", tmp_path / "rows.csv", "-q")
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(tmp_path / "rows.csv")
    assert list(rows.columns) == ["kind", "x"] and len(rows) == 40_000 and set(rows["kind"]) == {"b"}


def test_sample_from_a_model_saved_in_python_without_metadata(tmp_path):
    from wgan_augment import WGANAugmenter
    from wgan_augment.persistence import save

    rng = np.random.default_rng(0)
    augmenter = WGANAugmenter(n_steps=2, batch_size=16, random_state=0).fit(rng.normal(size=(30, 2)),
                                                                            rng.choice(["a", "b"], 30))
    model = save(augmenter, tmp_path / "python.wgan")
    result = invoke("sample", model, "--n", "5", "-o", "-", "-q")
    assert result.exit_code == 0, result.output
    rows = read_csv_text(result.stdout)
    # Array columns are named as the evaluation names them.
    assert list(rows.columns) == ["x0", "x1", "label"] and len(rows) == 5
    missing_n = invoke("sample", model)
    assert missing_n.exit_code == 2 and "--n is required" in missing_n.stderr


def test_info_shows_columns_types_classes_settings_and_version(model_file):
    result = invoke("info", model_file)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert f"written by wgan-augment {__import__('wgan_augment').__version__}" in text
    assert re.search(r"^  city +discrete +(str|object) +3 categories$", text, re.MULTILINE)  # str on pandas 3
    assert re.search(r"^  joined +continuous +datetime64\[\w+\]$", text, re.MULTILINE)
    assert "Target: label, 2 classes" in text and "no   30 rows" in text and "yes  10 rows" in text
    assert "n_steps=2" in text and "constraint=gp" in text
    assert "n_threads=1" in text  # STEPS asks for --threads 1, which the model keeps


def test_info_json_is_machine_readable(model_file):
    import json

    description = json.loads(invoke("info", model_file, "--json").stdout)
    assert description["metadata"] == {"target": "label", "columns": COLUMNS, "n_rows": 40, "date_formats": {}}
    assert [column["name"] for column in description["columns"]] == ["age", "income", "city", "joined"]


# ------------------------------------------------------------------------------------ never lose data
def test_existing_output_is_not_replaced_without_force(data_csv):
    output = data_csv.with_name("data_synthetic.csv")
    output.write_text("precious")
    result = invoke(data_csv, "--n", "3", *STEPS)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {output} already exists; pass --force to replace it\n"
    assert output.read_text() == "precious"
    assert invoke(data_csv, "--n", "3", "--force", "-q", *STEPS).exit_code == 0
    assert len(pd.read_csv(output)) == 3


def test_input_is_never_the_output_even_with_force(data_csv):
    before = data_csv.read_text()
    result = invoke(data_csv, "-o", data_csv, "--force", *STEPS)
    assert result.exit_code == 2 and "is also an input" in result.stderr
    assert data_csv.read_text() == before


def test_interrupt_while_writing_leaves_no_partial_file(data_csv, monkeypatch):
    real_to_csv = pd.DataFrame.to_csv

    def write_half_then_interrupt(frame, path, *args, **kwargs):
        real_to_csv(frame.iloc[: len(frame) // 2], path, *args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", write_half_then_interrupt)
    result = invoke(data_csv, "--n", "10", *STEPS)
    assert result.exit_code == 130
    assert "Interrupted" in result.stderr
    assert files_in(data_csv.parent) == {"data.csv"}


# ------------------------------------------------------------------------------------------- errors
def _single_row_class_csv(folder: Path) -> Path:
    path = folder / "lonely.csv"
    table = make_table()
    table.loc[0, "label"] = "maybe"
    table.to_csv(path, index=False)
    return path


def _garbage_parquet(folder: Path) -> Path:
    path = folder / "broken.parquet"
    path.write_text("not parquet at all")
    return path


def _corrupt_model(folder: Path) -> Path:
    path = folder / "corrupt.wgan"
    path.write_bytes(b"PK\x03\x04 this is not a model")
    return path


TRAIN = [*STEPS, "-q"]
# (arguments, exit code, part of the message); "{data}" is a good CSV, "{folder}" its folder.
ERRORS = [
    pytest.param(["{folder}/missing.csv", *TRAIN], 1, "DATA: no such file", id="missing file"),
    pytest.param(["sample", "{folder}/missing.wgan", "-q"], 1, "missing.wgan: no such file", id="missing model"),
    pytest.param(["{data}", "-o", "{folder}", *TRAIN], 2, "is a folder; give a file name", id="output is a folder"),
    pytest.param(["{data}", "--target", "nope", *TRAIN], 2, "--target: no column 'nope'", id="unknown target column"),
    pytest.param(["{data}", "--columns", "age,nope", *TRAIN], 2, "--columns: no column 'nope'", id="unknown column"),
    pytest.param(["{data}", "--condition", "label=maybe", *TRAIN], 2, "no class 'maybe'", id="unknown class"),
    pytest.param(["{folder}/data.xlsx", *TRAIN], 2, "unknown table format", id="unknown input format"),
    pytest.param(["{data}", "-o", "{folder}/out.xlsx", *TRAIN], 2, "unknown table format", id="unknown output format"),
    pytest.param([_garbage_parquet, *TRAIN], 1, "cannot read as Parquet", id="unreadable file"),
    pytest.param(["{data}", "--n", "0", *TRAIN], 2, "Invalid value for '--n'", id="n zero"),
    pytest.param(["{data}", "--n", "many", *TRAIN], 2, "Invalid value for '--n'", id="n not a number"),
    pytest.param(["{data}", "--balance", *TRAIN], 2, "--balance needs --target", id="balance without target"),
    pytest.param(["{data}", "--condition", "label", *TRAIN], 2, "write it as COLUMN=VALUE", id="malformed condition"),
    pytest.param(["{data}", "--device", "tpu", *TRAIN], 2, "--device 'tpu'", id="unknown device"),
    pytest.param(["{data}", "--bogus", *TRAIN], 2, "No such option: --bogus", id="unknown option"),
    pytest.param(["fitt", "{data}"], 2, "Did you mean 'fit'?", id="command typo"),
    pytest.param([_single_row_class_csv, "--target", "label", *TRAIN], 1, "has a single row", id="class with one row"),
    pytest.param(["sample", _corrupt_model, "-q"], 1, "corrupt.wgan: not a readable wgan-augment model file",
                 id="corrupt model"),
    pytest.param(["info", "{data}"], 1, "not a wgan-augment model file (it is text, perhaps a table",
                 id="data given as model"),
]


def _error_arguments(arguments, data_csv: Path) -> list[str]:
    return [
        str(argument(data_csv.parent)) if callable(argument)
        else argument.format(data=data_csv, folder=data_csv.parent)
        for argument in arguments
    ]


@pytest.mark.parametrize("arguments, exit_code, message", ERRORS)
def test_each_error_is_one_line_with_its_exit_code(data_csv, arguments, exit_code, message):
    result = invoke(*_error_arguments(arguments, data_csv))
    assert result.exit_code == exit_code, result.output
    assert message in result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert files_in(data_csv.parent) <= {"data.csv", "lonely.csv", "broken.parquet", "corrupt.wgan"}


def test_no_arguments_shows_help_and_exits_2():
    result = invoke()
    assert result.exit_code == 2
    assert "Usage: wgan-augment" in result.output


# ----------------------------------------------------------------------------- the console script
def console_script() -> str:
    beside_python = Path(sys.executable).with_name("wgan-augment")
    found = str(beside_python) if beside_python.exists() else shutil.which("wgan-augment")
    assert found, "the wgan-augment console script is not installed; run: pip install -e ."
    return found


# One torch thread in the child processes too, as conftest.py sets for this process.
SCRIPT_ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def run_script(*args, cwd, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run([console_script(), *map(str, args)], cwd=cwd, input=stdin, capture_output=True,
                          text=True, timeout=300, env=SCRIPT_ENV)


def test_console_script_trains_saves_describes_samples_and_pipes(tmp_path):
    make_table().to_csv(tmp_path / "data.csv", index=False)

    trained = run_script("data.csv", "--n", "6", "--target", "label", "--save-model", "model.wgan", *STEPS,
                         cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert len(pd.read_csv(tmp_path / "data_synthetic.csv")) == 6
    assert trained.stdout == "" and "Wrote 6 rows" in trained.stderr

    described = run_script("info", "model.wgan", cwd=tmp_path)
    assert described.returncode == 0 and "Target: label, 2 classes" in described.stdout

    piped = run_script("sample", "model.wgan", "--n", "4", "-o", "-", "--seed", "1", cwd=tmp_path)
    assert piped.returncode == 0
    assert read_csv_text(piped.stdout).shape == (4, 5) and "Wrote 4 rows to stdout" in piped.stderr

    before = (tmp_path / "data_synthetic.csv").read_text()
    refused = run_script("data.csv", "--n", "6", *STEPS, cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr == "Error: data_synthetic.csv already exists; pass --force to replace it\n"
    assert (tmp_path / "data_synthetic.csv").read_text() == before


# The errors the issue names; the console script pays for a Python start-up each, so they run side by side.
SCRIPT_ERRORS = [error for error in ERRORS if error.id in {
    "missing file", "unknown column", "unreadable file", "n zero", "class with one row", "corrupt model",
}]


def test_console_script_reports_each_error_with_its_exit_code(data_csv):
    processes = {
        error.id: subprocess.Popen(
            [console_script(), *_error_arguments(error.values[0], data_csv)], cwd=data_csv.parent,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=SCRIPT_ENV,
        )
        for error in SCRIPT_ERRORS
    }
    for error in SCRIPT_ERRORS:
        _, exit_code, message = error.values
        stdout, stderr = processes[error.id].communicate(timeout=300)
        assert (processes[error.id].returncode, stdout) == (exit_code, ""), f"{error.id}: {stderr}"
        assert message in stderr and stderr.startswith("Error: "), f"{error.id}: {stderr}"
        assert "Traceback" not in stderr and stderr.count("\n") == 1, f"{error.id}: {stderr}"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT delivery to a child process is POSIX")
def test_console_script_interrupted_while_training_leaves_no_output(data_csv):
    process = subprocess.Popen([console_script(), "data.csv", "--steps", "100000", "--threads", "1"],
                               cwd=data_csv.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=SCRIPT_ENV)
    assert process.stderr.readline().startswith("Learning 40 rows")
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "Interrupted" in stderr and "Traceback" not in stderr
    assert files_in(data_csv.parent) == {"data.csv"}


def test_info_shows_the_settings_of_the_models_kind_and_what_auto_resolved_to():
    data = Path(__file__).parent / "data"
    table_lines = invoke("info", data / "table_v0_1.wgan").stdout.splitlines()
    image_lines = invoke("info", data / "images_v0_1.wgan").stdout.splitlines()
    assert "conv_width" not in table_lines[-1] and "generator_dims=16" in table_lines[-1]
    assert "generator_dims" not in image_lines[-1] and "conv_width=4" in image_lines[-1]


def test_info_shows_resolved_settings_of_a_new_model(tmp_path):
    from wgan_augment import WGANAugmenter

    table = pd.DataFrame({"x": np.arange(40.0), "k": ["a", "b"] * 20})
    path = WGANAugmenter(n_steps=2, random_state=0).fit(table).save(tmp_path / "m.wgan")
    resolved = invoke("info", path).stdout.splitlines()[-1]
    assert resolved == ("Resolved: n_steps=2, batch_size=64, n_critic=5, generator_dims=128,128, critic_dims=128,128, "
                        "ema_decay=0.0, diff_augment=none")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_fit_resumes_from_its_checkpoint_to_the_model_an_uninterrupted_fit_makes(tmp_path):
    make_table().to_csv(tmp_path / "data.csv", index=False)
    common = ["fit", "data.csv", "--target", "label", "--seed", "0", "--threads", "1", "--steps", "200", "-q"]
    checkpointed = [*common, "--checkpoint", "run.ckpt", "--checkpoint-every", "5", "-o", "resumed.wgan"]
    process = subprocess.Popen([console_script(), *checkpointed], cwd=tmp_path, env=SCRIPT_ENV,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (tmp_path / "run.ckpt").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)  # no handler runs: only the last checkpoint is left
    process.wait(timeout=60)
    assert (tmp_path / "run.ckpt").exists()
    assert run_script(*checkpointed, "--force", cwd=tmp_path).returncode == 0  # a fast run may have finished
    assert run_script(*common, "-o", "whole.wgan", cwd=tmp_path).returncode == 0
    rows = [run_script("sample", name, "--n", "10", "-o", "-", "--seed", "1", "--threads", "1", cwd=tmp_path).stdout
            for name in ("resumed.wgan", "whole.wgan")]
    assert rows[0] and rows[0] == rows[1]
