"""``wgan-augment sample --partitions``: a folder of Parquet parts and a manifest, or one clear error."""

import json

import pandas as pd
import pytest
from test_cli import STEPS, invoke, make_table


@pytest.fixture(scope="module")
def model_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("model")
    make_table().to_csv(folder / "data.csv", index=False)
    result = invoke("fit", folder / "data.csv", "--target", "label", "-o", folder / "model.wgan", *STEPS)
    assert result.exit_code == 0, result.output
    return folder / "model.wgan"


def test_partitions_write_parts_in_the_training_tables_column_order_and_a_manifest(model_file, tmp_path):
    result = invoke("sample", model_file, "--n", "3000", "-o", tmp_path / "out", "--partitions", "3", "--jobs", "2",
                    "--seed", "4")
    assert result.exit_code == 0, result.output
    assert "part 3 of 3 written (3,000 rows)" in result.output
    rows = pd.read_parquet(tmp_path / "out")
    assert list(rows.columns) == ["age", "income", "city", "joined", "label"]
    assert len(rows) == 3000
    manifest = json.loads((tmp_path / "out" / "_manifest.json").read_text())
    assert (manifest["root_seed"], manifest["n_partitions"]) == (4, 3)


def test_the_same_seed_writes_the_same_parts_with_one_or_two_jobs(model_file, tmp_path):
    for jobs in ("1", "2"):
        result = invoke("sample", model_file, "--n", "900", "-o", tmp_path / jobs, "--partitions", "2", "--jobs", jobs,
                        "--seed", "9", "--quiet")
        assert result.exit_code == 0, result.output
    for name in ("part-000000.parquet", "part-000001.parquet"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_a_condition_is_written_in_every_part(model_file, tmp_path):
    result = invoke("sample", model_file, "--n", "500", "-o", tmp_path / "out", "--partitions", "2",
                    "--condition", "label=yes", "--seed", "0")
    assert result.exit_code == 0, result.output
    assert set(pd.read_parquet(tmp_path / "out")["label"]) == {"yes"}


@pytest.mark.parametrize("options, message", [
    (["--partitions", "0"], "Invalid value for '--partitions'"),
    (["--partitions", "2", "--engine", "ray"], "--engine must be joblib or dask, got 'ray'"),
    (["--partitions", "2", "--threads", "1"], "--threads does not apply with --partitions"),
    (["--partitions", "2", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler is a Dask scheduler's address"),
    (["--jobs", "2"], "--jobs needs --partitions P"),
    (["--partitions", "2", "--jobs", "0"], "--jobs must be a positive number of workers or -1"),
])
def test_bad_partition_options_exit_2_naming_the_fix_and_write_nothing(model_file, tmp_path, options, message):
    result = invoke("sample", model_file, "--n", "100", "-o", tmp_path / "out", *options)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "out").exists()


def test_a_non_empty_folder_needs_force(model_file, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    result = invoke("sample", model_file, "--n", "100", "-o", tmp_path / "out", "--partitions", "2")
    assert result.exit_code == 2
    assert "already exists and is not empty; pass --force to replace it" in result.output
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["notes.txt"]
    forced = invoke("sample", model_file, "--n", "100", "-o", tmp_path / "out", "--partitions", "2", "--force")
    assert forced.exit_code == 0, forced.output
    assert len(list((tmp_path / "out").glob("part-*.parquet"))) == 2


def test_a_model_file_that_is_not_one_exits_1_and_writes_nothing(tmp_path):
    (tmp_path / "model.wgan").write_text("a,b\n1,2\n")
    result = invoke("sample", tmp_path / "model.wgan", "--n", "100", "-o", tmp_path / "out", "--partitions", "2")
    assert result.exit_code == 1
    assert "not a wgan-augment model file" in result.output
    assert not (tmp_path / "out").exists()


def test_a_missing_model_file_exits_1_and_writes_nothing(tmp_path):
    result = invoke("sample", tmp_path / "absent.wgan", "--n", "100", "-o", tmp_path / "out", "--partitions", "2")
    assert result.exit_code == 1
    assert "absent.wgan: no such file" in result.output
    assert not (tmp_path / "out").exists()


def test_the_dask_engine_not_installed_names_the_extra_to_install(model_file, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    result = invoke("sample", model_file, "--n", "100", "-o", tmp_path / "out", "--partitions", "2",
                    "--engine", "dask")
    assert result.exit_code == 1
    assert "pip install 'wgan-augment[dask]'" in result.output
    assert not (tmp_path / "out").exists()
