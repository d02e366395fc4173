"""The command line on a table of customers: what it announces before training, what the file holds, what
``--keep-rare`` changes, and that sampling works when an identifier format has little room."""

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner
from wgan_augment_cli import app

from tests.test_privacy_roles import IDENTIFYING, orders_table

STEPS = ["--steps", "2", "--seed", "0", "--threads", "1"]


def invoke(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


@pytest.fixture
def towns_csv(tmp_path):
    """40 rows: 36 in three towns held by 12 rows each, and four one-row hamlets."""
    towns = ["Aachen"] * 12 + ["Bonn"] * 12 + ["Celle"] * 12 + ["Xanten", "Yach", "Zell", "Zwota"]
    frame = pd.DataFrame({"town": towns, "value": np.linspace(0.0, 1.0, len(towns))})
    path = tmp_path / "towns.csv"
    frame.to_csv(path, index=False)
    return path


def test_fit_announces_the_pooled_values_before_training_and_the_file_holds_none_of_them(towns_csv):
    model = towns_csv.with_suffix(".wgan")
    result = invoke("fit", towns_csv, "-o", model, *STEPS)
    assert result.exit_code == 0, result.output
    announced = ("Values held by fewer than 5 rows, pooled and written as <rare> (--keep-rare COLUMN to keep them): "
                 "town (4)")
    assert announced in result.stderr
    assert result.stderr.index(announced) < result.stderr.index("Learning 40 rows")
    raw = model.read_bytes()
    assert [hamlet for hamlet in ("Xanten", "Yach", "Zell", "Zwota") if hamlet.encode() in raw] == []


def test_keep_rare_keeps_a_columns_rare_values_in_the_model_and_says_nothing_of_pooling(towns_csv):
    model = towns_csv.with_suffix(".wgan")
    result = invoke("fit", towns_csv, "-o", model, "--keep-rare", "town", *STEPS)
    assert result.exit_code == 0, result.output
    assert "pooled" not in result.stderr
    assert b"Xanten" in model.read_bytes()


def test_keep_rare_naming_a_column_that_is_not_there_is_a_usage_error(towns_csv):
    result = invoke("fit", towns_csv, "-o", towns_csv.with_suffix(".wgan"), "--keep-rare", "city", *STEPS)
    assert result.exit_code == 2
    assert "--keep-rare" in result.stderr and "city" in result.stderr


def test_an_orders_table_through_the_command_line_writes_no_customer_value(tmp_path):
    orders = orders_table()
    orders["customer_id"] = orders["customer_id"].str.replace("C0", "C")  # C1000 to C1131
    data, model, out = tmp_path / "orders.csv", tmp_path / "orders.wgan", tmp_path / "out.csv"
    orders.to_csv(data, index=False)
    assert invoke("fit", data, "-o", model, *STEPS).exit_code == 0
    # customer_id's format C#### has room for 1,000 new values: fewer than the size estimate's preview rows.
    result = invoke("sample", model, "--n", "900", "-o", out, "--seed", "0")
    assert result.exit_code == 0, result.output
    synthetic = pd.read_csv(out)
    assert len(synthetic) == 900
    assert {column: int(synthetic[column].isin(orders[column]).sum()) for column in IDENTIFYING} == dict.fromkeys(
        IDENTIFYING, 0)
