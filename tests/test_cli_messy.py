"""The command line on messy tables: identifier and free-text columns, roles chosen with --role."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_cli import STEPS, invoke, make_table


@pytest.fixture
def orders_csv(tmp_path) -> Path:
    rng = np.random.default_rng(0)
    n_rows = 120
    path = tmp_path / "orders.csv"
    pd.DataFrame({
        "order": [f"ORD-{number:05d}" for number in rng.permutation(n_rows)],
        "amount": rng.gamma(2.0, 30.0, n_rows).round(2),
        "channel": rng.choice(["web", "shop"], n_rows),
        "note": [f"customer {number} asked about a late parcel" for number in range(n_rows)],
    }).to_csv(path, index=False)
    return path


def test_free_text_stops_the_command_before_training_and_names_the_fixes(orders_csv):
    result = invoke(orders_csv, "--n", "5", *STEPS)
    assert result.exit_code == 1
    assert "column 'note' looks like free text" in result.output and "--drop note" in result.output
    assert "--role note=discrete" in result.output
    assert "Learning" not in result.output
    assert not orders_csv.with_name("orders_synthetic.csv").exists()


def test_identifier_columns_are_announced_and_written_fresh(orders_csv):
    result = invoke(orders_csv, "--n", "50", "--drop", "note", *STEPS)
    assert result.exit_code == 0, result.output
    assert "Identifier columns, not learned" in result.output and ": order" in result.output
    written = pd.read_csv(orders_csv.with_name("orders_synthetic.csv"))
    assert list(written.columns) == ["order", "amount", "channel"]
    assert written["order"].is_unique and not written["order"].isin(pd.read_csv(orders_csv)["order"]).any()
    assert written["order"].str.fullmatch(r"ORD-\d{5}").all()


def test_role_option_learns_a_column_as_categories(orders_csv, tmp_path):
    output = tmp_path / "out.csv"
    result = invoke(orders_csv, "--n", "50", "--role", "note=discrete,order=discrete", "-o", output, *STEPS)
    assert result.exit_code == 0, result.output
    written, real = pd.read_csv(output), pd.read_csv(orders_csv)
    assert written["order"].isin(real["order"]).all() and written["note"].isin(real["note"]).all()


def test_info_shows_an_identifier_column_and_its_format(orders_csv, tmp_path):
    model = tmp_path / "orders.wgan"
    assert invoke("fit", orders_csv, "--drop", "note", "-o", model, *STEPS).exit_code == 0
    result = invoke("info", model)
    assert result.exit_code == 0, result.output
    assert "order    identifier  str      not learned: new values, ORD-#####" in result.output


@pytest.mark.parametrize("role, message", [
    ("note", "--role 'note': write it as COLUMN=ROLE"),
    ("note=text", "--role 'note=text': ROLE must be one of continuous, discrete, identifier"),
    ("nope=discrete", "--role: no column 'nope'"),
])
def test_bad_role_options_are_usage_errors(orders_csv, role, message):
    result = invoke(orders_csv, "--role", role, *STEPS)
    assert result.exit_code == 2
    assert message in result.output


# ------------------------------------------------------------------------------ separators, encodings
def people(n_rows: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame({"name": rng.choice(["Müller", "Ødegård", "Zoë", "García"], n_rows),
                         "height": rng.normal(170, 9, n_rows).round(1), "city": rng.choice(["Köln", "Malmö"], n_rows)})


@pytest.mark.parametrize("sep, encoding, described", [
    (";", "latin-1", "';'-separated, cp1252"),
    ("|", "utf-8", "'|'-separated, utf-8"),
    (",", "utf-8-sig", "','-separated, utf-8-sig"),
    ("\t", "cp1252", "tab-separated, cp1252"),
])
def test_separator_and_encoding_are_sniffed_and_said(tmp_path, sep, encoding, described):
    source, output = tmp_path / "people.csv", tmp_path / "out.csv"
    people().to_csv(source, sep=sep, encoding=encoding, index=False)
    result = invoke(source, "--n", "30", "-o", output, *STEPS)
    assert result.exit_code == 0, result.output
    assert f"Read {source} as {described} (3 columns)." in result.output
    written = pd.read_csv(output)
    assert list(written.columns) == ["name", "height", "city"]
    assert set(written["name"]) <= {"Müller", "Ødegård", "Zoë", "García"} and set(written["city"]) <= {"Köln", "Malmö"}


@pytest.fixture
def plain_csv(tmp_path) -> Path:
    make_table().to_csv(tmp_path / "data.csv", index=False)
    return tmp_path / "data.csv"


def test_a_plain_csv_reads_without_a_word_about_its_layout(plain_csv):
    result = invoke(plain_csv, "--n", "5", "-o", "-", *STEPS)
    assert result.exit_code == 0 and "Read " not in result.output


def test_sep_and_encoding_options_force_the_layout(tmp_path):
    source = tmp_path / "people.csv"
    people().to_csv(source, sep=";", encoding="latin-1", index=False)
    forced = invoke(source, "--n", "5", "--sep", ",", "--encoding", "latin-1", *STEPS)
    # one column, "name;height;city", of nearly all-distinct values: nothing left to learn
    assert forced.exit_code == 1
    assert f"Read {source} as ','-separated, latin-1 (1 columns)." in forced.output
    assert "Error: nothing to learn: every column is an identifier or constant: 'name;height;city'" in forced.output


def test_a_binary_file_is_called_one(tmp_path):
    source = tmp_path / "table.csv"
    source.write_bytes(bytes(range(256)) * 4)
    result = invoke(source, "--n", "5", *STEPS)
    assert result.exit_code == 1
    assert f"Error: {source}: not a text table (it holds binary data)" in result.output


@pytest.mark.parametrize("option, message", [
    (["--sep", ";;"], "--sep ';;': give one character"),
    (["--encoding", "klingon"], "--encoding 'klingon': unknown encoding"),
])
def test_bad_layout_options_are_usage_errors(plain_csv, option, message):
    result = invoke(plain_csv, *option, *STEPS)
    assert result.exit_code == 2 and message in result.output
