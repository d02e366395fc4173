"""The command line on messy tables: identifiers, free text, separators, encodings, odd dates, silent no-ops."""

import io
import os
import re
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


def test_role_option_learns_a_column_as_categories_with_its_rare_values_pooled(orders_csv, tmp_path):
    output = tmp_path / "out.csv"
    result = invoke(orders_csv, "--n", "50", "--role", "note=discrete,order=discrete", "-o", output, *STEPS)
    assert result.exit_code == 0, result.output
    written, real = pd.read_csv(output), pd.read_csv(orders_csv)
    # every order number and note is held by one row: none is learned or written, and the run says so
    assert set(written["order"]) == {"<rare>"} and set(written["note"]) <= set(real["note"]) | {"<rare>"}
    assert f"pooled as <rare>: order ({real['order'].nunique()})" in result.output


def test_info_shows_an_identifier_column_and_its_format(orders_csv, tmp_path):
    model = tmp_path / "orders.wgan"
    assert invoke("fit", orders_csv, "--drop", "note", "-o", model, *STEPS).exit_code == 0
    result = invoke("info", model)
    assert result.exit_code == 0, result.output
    assert "order    identifier  str      not learned: new values, ORD-#####" in result.output
    assert ("Holds: the generator's weights; per continuous column, quantiles read between neighbouring values "
            "(never a value only one row has); categories held by at least 5 training rows") in result.output


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


# ------------------------------------------------------------------------------ silent no-ops, said
def test_balance_with_a_single_class_is_an_error_not_a_copy_of_the_input(tmp_path):
    source = tmp_path / "one.csv"
    people().assign(label="yes").to_csv(source, index=False)
    result = invoke(source, "--target", "label", "--balance", *STEPS)
    assert result.exit_code == 1
    assert "--balance: column 'label' holds the single class 'yes', so there is nothing to balance" in result.output
    assert not (tmp_path / "one_balanced.csv").exists()


def test_a_table_of_three_rows_trains_with_a_warning(tmp_path):
    source = tmp_path / "three.csv"
    people(3).to_csv(source, index=False)
    result = invoke(source, "--n", "2", "-o", tmp_path / "out.csv", *STEPS)
    assert result.exit_code == 0, result.output
    assert "Warning: 3 rows are too few for a GAN to learn from" in result.output


def test_renamed_header_names_are_announced(tmp_path):
    source = tmp_path / "headers.csv"
    frame = people()
    source.write_text("name,name,\n" + frame[["name", "height", "city"]].to_csv(index=False, header=False))
    result = invoke(source, "--n", "5", "-o", tmp_path / "out.csv", *STEPS)
    assert result.exit_code == 0, result.output
    assert "header names that were empty or repeated were renamed: 'name' -> 'name.1', '' -> 'Unnamed: 2'" in (
        " ".join(result.output.split()))


def test_threads_option_is_checked_and_leaves_the_process_as_it_was(plain_csv, tmp_path):
    import torch

    before = torch.get_num_threads()
    result = invoke(plain_csv, "--n", "5", "-o", tmp_path / "out.csv", "--threads", "1", *STEPS)
    assert result.exit_code == 0, result.output
    assert "Warning: the machine is busy" not in result.output  # one thread is never too many
    assert torch.get_num_threads() == before  # an in-process run leaves the process as it was
    bad = invoke(plain_csv, "--threads", "many", "--steps", "2")
    assert bad.exit_code == 2 and "--threads 'many': give a positive number or auto" in bad.output


@pytest.mark.parametrize(("threads", "expected"), [(["--threads", "2"], 2), ([], "auto")])
def test_the_threads_option_becomes_the_models_thread_count(plain_csv, tmp_path, threads, expected):
    from wgan_augment import load

    if threads and os.cpu_count() < 2:
        pytest.skip("needs two cores")
    model = tmp_path / "model.wgan"
    result = invoke("fit", plain_csv, "-o", model, "--steps", "2", "--seed", "0", "-q", *threads)
    assert result.exit_code == 0, result.output
    assert load(model).get_params()["n_threads"] == expected


def test_training_progress_is_written_as_lines_when_stderr_is_not_a_terminal(plain_csv, tmp_path):
    # CliRunner's stderr is not a terminal, like a log file's
    result = invoke(plain_csv, "--n", "5", "-o", tmp_path / "out.csv", "--steps", "3", "--seed", "0")
    assert result.exit_code == 0, result.output
    assert re.search(r"training: 3/3 steps, W≈-?\d+\.\d{4}, \d+ s elapsed, about 0 s left", result.output)


@pytest.mark.parametrize("threads, cores, load, expected", [
    (2, 2, 0.2, None),
    (2, 2, 1.3, "the machine is busy (load 1.3 on 2 cores) and training uses 2 threads, which can run many times "
                "slower on shared cores; --threads 1 avoids that (rows then differ from a run with 2 threads)"),
    (1, 2, 3.0, None),
    (8, 8, 2.0, "the machine is busy (load 2.0 on 8 cores) and training uses 8 threads, which can run many times "
                "slower on shared cores; --threads 6 avoids that (rows then differ from a run with 8 threads)"),
])
def test_busy_cores_get_a_warning_naming_the_thread_count_to_use(threads, cores, load, expected):
    from wgan_augment_cli._threads import busy_warning

    assert busy_warning(threads, cores, load) == expected


# ------------------------------------------------------------------------------------ non-ISO dates
def dated(n_rows: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(2)
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 400, n_rows), unit="D")
    times = days + pd.to_timedelta(rng.integers(0, 1440, n_rows), unit="min")
    return pd.DataFrame({"born": days.strftime("%d/%m/%Y"), "seen": times.strftime("%d.%m.%Y %H:%M"),
                         "paid": days.strftime("%m-%d-%Y"), "amount": rng.gamma(2.0, 20.0, n_rows).round(2)})


def test_day_first_and_dotted_dates_are_learned_as_dates_and_written_back_alike(tmp_path):
    source, output = tmp_path / "dated.csv", tmp_path / "out.csv"
    dated().to_csv(source, index=False)
    result = invoke(source, "--n", "30", "-o", output, *STEPS)
    assert result.exit_code == 0, result.output
    assert ("Read as dates, and written back in that format: born (%d/%m/%Y), seen (%d.%m.%Y %H:%M), "
            "paid (%m-%d-%Y)") in result.output
    written = pd.read_csv(output, dtype=str)
    for column, text_format in (("born", "%d/%m/%Y"), ("seen", "%d.%m.%Y %H:%M"), ("paid", "%m-%d-%Y")):
        parsed = pd.to_datetime(written[column], format=text_format)  # raises if any value is not in the format
        assert parsed.between(pd.Timestamp("2023-12-01"), pd.Timestamp("2025-03-01")).all()
    assert written["born"].nunique() > 5  # dates, not a few copied categories


def test_a_saved_model_writes_dates_in_the_training_format(tmp_path):
    source, model = tmp_path / "dated.csv", tmp_path / "dated.wgan"
    dated().to_csv(source, index=False)
    assert invoke("fit", source, "-o", model, *STEPS).exit_code == 0
    result = invoke("sample", model, "--n", "5", "-o", "-", "-q", "--seed", "0", "--threads", "1")
    assert result.exit_code == 0, result.output
    written = pd.read_csv(io.StringIO(result.stdout), dtype=str)
    assert written["born"].str.fullmatch(r"\d{2}/\d{2}/\d{4}").all()
    assert written["seen"].str.fullmatch(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}").all()


@pytest.mark.parametrize("values, expected", [
    (["31/12/2024", "01/02/2024"], "%d/%m/%Y"),
    (["12/31/2024", "01/02/2024"], "%m/%d/%Y"),
    (["01/02/2024", "03/04/2024"], "%d/%m/%Y"),  # either way round: day first
    (["01.02.2024 10:30", "13.04.2024 23:59"], "%d.%m.%Y %H:%M"),
    (["01-02-2024 10:30:05", "13-04-2024 23:59:59"], "%d-%m-%Y %H:%M:%S"),
    (["2024/12/31", "2024/01/02"], "%Y/%m/%d"),
    (["31/12/2024", "31.12.2024"], None),  # two separators
    (["31/12/2024", "12/31/2024"], None),  # no order fits both
    (["31/12/2024", "31/12/2024 10:00"], None),  # time on some values only
    (["31/12/24", "01/02/24"], "%d/%m/%y"),  # two-digit years: strptime's window
])
def test_a_date_format_is_found_only_when_every_value_fits_it(values, expected):
    from wgan_augment.io._dates import date_format

    assert date_format(pd.Series(values)) == expected


def test_decimal_commas_of_a_semicolon_file_are_read_as_numbers(tmp_path):
    source, output = tmp_path / "eu.csv", tmp_path / "out.csv"
    rng = np.random.default_rng(3)
    amounts = [f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") for value in
               rng.gamma(2.0, 900.0, 60)]  # 1.234,56
    pd.DataFrame({"amount": amounts, "city": rng.choice(["Köln", "Malmö"], 60)}).to_csv(
        source, sep=";", index=False, encoding="cp1252")
    result = invoke(source, "--n", "40", "-o", output, *STEPS)
    assert result.exit_code == 0, result.output
    assert "';'-separated, cp1252, decimal commas in amount" in result.output
    written = pd.read_csv(output)
    assert pd.api.types.is_float_dtype(written["amount"]) and (written["amount"] > 0).all()


@pytest.mark.parametrize("values, expected", [
    (["1.234,56", "12,5", "-0,75", "3"], [1234.56, 12.5, -0.75, 3.0]),
    (["1,5", "abc"], None),
    (["12", "14"], None),  # no comma: not this module's business
])
def test_decimal_comma_numbers(values, expected):
    from wgan_augment.io._text_tables import decimal_comma_numbers

    result = decimal_comma_numbers(pd.Series(values))
    assert (result is None) if expected is None else result.tolist() == pytest.approx(expected)


def test_fit_resume_goes_on_from_the_checkpoint_and_ends_where_an_uninterrupted_fit_does(plain_csv, tmp_path):
    checkpoint = tmp_path / "run.ckpt"
    common = [plain_csv, "--seed", "0", "--threads", "1", "-q", "--target", "label"]
    first = invoke("fit", *common, "--steps", "20", "--checkpoint", checkpoint, "--checkpoint-every", "10",
                   "-o", tmp_path / "first.wgan")
    assert first.exit_code == 0 and checkpoint.exists()
    resumed = invoke("fit", *common, "--steps", "30", "--resume", checkpoint, "--checkpoint-every", "10",
                     "-o", tmp_path / "resumed.wgan")
    whole = invoke("fit", *common, "--steps", "30", "-o", tmp_path / "whole.wgan")
    assert resumed.exit_code == 0 and whole.exit_code == 0
    rows = [invoke("sample", tmp_path / name, "--n", "8", "-o", "-", "-q", "--seed", "1", "--threads", "1").stdout
            for name in ("resumed.wgan", "whole.wgan")]
    assert rows[0] == rows[1]
