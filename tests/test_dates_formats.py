"""Dates in more written forms, declared dates (``dates=``, ``--role COL=date``), and compressed inputs sniffed."""

import bz2
import gzip
import lzma
import sys

import numpy as np
import pandas as pd
import pytest
import zstandard
from test_cli import STEPS, invoke

from wgan_augment.io._dates import date_format, parse_dates
from wgan_augment.io._tables import read_table, read_table_and_layout, write_table

# Each form: values as a person writes them (zero-padded, so the written-back text is the same), the format
# found, and the first value as a datetime.
FORMS = [
    (["31/12/24", "01/02/24", "15/07/99"], "%d/%m/%y", "2024-12-31"),
    (["31.12.24", "01.02.24", "15.07.99"], "%d.%m.%y", "2024-12-31"),
    (["12/31/24", "01/02/24", "07/15/68"], "%m/%d/%y", "2024-12-31"),
    (["31-Dec-2024", "01-Jan-2023", "15-May-2020"], "%d-%b-%Y", "2024-12-31"),
    (["31-Dec-24", "01-Jan-23", "15-May-70"], "%d-%b-%y", "2024-12-31"),
    (["Dec 31, 2024", "Jan 01, 2023", "May 15, 2020"], "%b %d, %Y", "2024-12-31"),
    (["31 December 2024", "01 January 2023", "15 May 2020"], "%d %B %Y", "2024-12-31"),
    (["12/31/2024 11:59 PM", "01/02/2024 01:05 AM", "07/15/2024 12:00 PM"], "%m/%d/%Y %I:%M %p",
     "2024-12-31 23:59"),
    (["31.12.2024 23h59", "01.02.2024 00h05", "15.07.2024 12h00"], "%d.%m.%Y %Hh%M", "2024-12-31 23:59"),
    (["31/12/2024 23:59:58", "01/02/2024 00:05:00", "15/07/2024 12:00:00"], "%d/%m/%Y %H:%M:%S",
     "2024-12-31 23:59:58"),
]


@pytest.mark.parametrize("values, expected_format, first", FORMS)
def test_each_written_form_of_a_date_is_found_parsed_and_written_back_as_it_was(values, expected_format, first):
    column = pd.Series(values)
    assert date_format(column) == expected_format
    parsed = parse_dates(column, expected_format)
    assert parsed.iloc[0] == pd.Timestamp(first)
    assert parsed.dt.strftime(expected_format).tolist() == values


@pytest.mark.parametrize("values, expected_year", [(["01/02/69"], 1969), (["01/02/99"], 1999), (["01/02/00"], 2000),
                                                   (["01/02/68"], 2068)])
def test_two_digit_years_follow_the_strptime_window_69_to_68(values, expected_year):
    column = pd.Series(values)
    assert parse_dates(column, date_format(column)).dt.year.tolist() == [expected_year]


@pytest.mark.parametrize("values", [
    ["31-Dec-2024", "31-Dez-2024"],  # a German month name
    ["31/12/24", "31/12/2024"],  # two- and four-digit years in one column
    ["12/31/2024 11:59 PM", "12/31/2024 23:59"],  # AM/PM on some values only
    ["31.12.2024 23h59", "31.12.2024 23:59"],  # two clocks
    ["13/31/2024 01:00 PM", "01/01/2024 01:00 PM"],  # no order of day and month fits both
    ["1.2.10", "1.10.12"],  # version numbers: dotted two-digit years need two-digit days and months
])
def test_a_column_whose_values_disagree_on_the_form_is_not_taken_for_dates(values):
    assert date_format(pd.Series(values)) is None


def test_twelve_hour_times_past_twelve_do_not_parse():
    assert parse_dates(pd.Series(["12/31/2024 13:59 PM"]), "%m/%d/%Y %I:%M %p") is None


@pytest.mark.parametrize("values, text_format, _first", FORMS)
def test_a_csv_of_each_form_round_trips_through_read_and_write_table_unchanged(tmp_path, values, text_format, _first):
    source, output = tmp_path / "dates.csv", tmp_path / "out.csv"
    pd.DataFrame({"when": values, "n": [1, 2, 3]}).to_csv(source, index=False)
    table, layout = read_table_and_layout(source)
    assert layout.date_formats == (("when", text_format),)
    assert pd.api.types.is_datetime64_dtype(table["when"].dtype)
    write_table(table, output, date_formats=dict(layout.date_formats))
    assert pd.read_csv(output, dtype=str)["when"].tolist() == values


# ------------------------------------------------------------------------------------ declared dates
def test_a_declared_date_column_with_one_odd_value_is_refused_naming_the_column_and_the_value(tmp_path):
    source = tmp_path / "visits.csv"
    pd.DataFrame({"seen": ["31-Dec-2024", "01-Jan-2025", "soon", "03-Jan-2025"]}).to_csv(source, index=False)
    assert read_table(source)["seen"].dtype != "datetime64[ns]"  # undeclared: stays text
    with pytest.raises(ValueError, match=r"column 'seen' is declared a date, but 'soon' is not a date"):
        read_table(source, dates=["seen"])


def test_a_declared_date_column_that_is_not_a_column_is_refused_naming_it(tmp_path):
    source = tmp_path / "visits.csv"
    pd.DataFrame({"seen": ["31-Dec-2024"]}).to_csv(source, index=False)
    with pytest.raises(ValueError, match=r"dates names 'sen', which is not a column \(columns: \['seen'\]\)"):
        read_table(source, dates=["sen"])
    with pytest.raises(TypeError, match=r"write dates=\['seen'\]"):
        read_table(source, dates="seen")


def test_a_declared_date_column_of_numbers_is_refused_naming_a_number(tmp_path):
    source = tmp_path / "visits.csv"
    pd.DataFrame({"seen": [20241231, 20250101]}).to_csv(source, index=False)
    with pytest.raises(ValueError, match=r"column 'seen' is declared a date, but 20241231 is not a date"):
        read_table(source, dates=["seen"])


def test_a_declared_date_column_that_parses_is_read_as_datetimes(tmp_path):
    source = tmp_path / "visits.csv"
    pd.DataFrame({"seen": ["12/31/2024 11:59 PM", "01/01/2025 08:00 AM"]}).to_csv(source, index=False)
    assert read_table(source, dates=["seen"])["seen"].tolist() == [pd.Timestamp("2024-12-31 23:59"),
                                                                   pd.Timestamp("2025-01-01 08:00")]


def dated_visits(tmp_path, odd_value=None):
    rng = np.random.default_rng(4)
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 400, 40), unit="D")
    seen = list(days.strftime("%d-%b-%Y"))
    if odd_value is not None:
        seen[5] = odd_value
    source = tmp_path / "visits.csv"
    pd.DataFrame({"seen": seen, "amount": rng.gamma(2.0, 20.0, 40).round(2)}).to_csv(source, index=False)
    return source


def test_role_date_on_the_command_line_learns_the_column_as_dates_written_in_its_format(tmp_path):
    output = tmp_path / "out.csv"
    result = invoke(dated_visits(tmp_path), "--role", "seen=date", "--n", "20", "-o", output, *STEPS)
    assert result.exit_code == 0, result.output
    assert "Read as dates, and written back in that format: seen (%d-%b-%Y)" in result.output
    written = pd.read_csv(output, dtype=str)["seen"]
    assert written.str.fullmatch(r"\d{2}-[A-Z][a-z]{2}-\d{4}").all()
    parsed = pd.to_datetime(written, format="%d-%b-%Y")
    assert parsed.between(pd.Timestamp("2024-01-01"), pd.Timestamp("2025-02-04")).all()


def test_role_date_on_the_command_line_errors_naming_the_column_and_the_value_that_does_not_parse(tmp_path):
    result = invoke(dated_visits(tmp_path, odd_value="31-Feb-2024"), "--role", "seen=date", "--n", "5", "-o",
                    tmp_path / "out.csv", *STEPS)
    assert result.exit_code != 0
    assert "column 'seen' is declared a date, but '31-Feb-2024' is not a date" in " ".join(result.output.split())
    assert not (tmp_path / "out.csv").exists()


def test_role_date_is_listed_among_the_roles_a_mistyped_role_names(tmp_path):
    result = invoke(dated_visits(tmp_path), "--role", "seen=dates", "--n", "5", *STEPS)
    assert result.exit_code == 2
    assert "ROLE must be one of continuous, discrete, identifier, date" in result.output


# ------------------------------------------------------------------------------------ compressed inputs
COMPRESSORS = {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress,
               "zst": lambda data: zstandard.ZstdCompressor().compress(data)}


@pytest.mark.parametrize("extension", sorted(COMPRESSORS))
def test_a_compressed_semicolon_cp1252_csv_is_read_as_its_columns(tmp_path, extension):
    text = "ville;montant;vu\nKöln;1.234,50;31/12/24\nMalmö;12,25;01/02/24\nKöln;3,5;15/07/24\n"
    source = tmp_path / f"eu.csv.{extension}"
    source.write_bytes(COMPRESSORS[extension](text.encode("cp1252")))
    table, layout = read_table_and_layout(source)
    assert (layout.sep, layout.encoding) == (";", "cp1252")
    assert list(table.columns) == ["ville", "montant", "vu"]
    assert table["ville"].tolist() == ["Köln", "Malmö", "Köln"]
    assert table["montant"].tolist() == [1234.5, 12.25, 3.5]
    assert table["vu"].tolist() == [pd.Timestamp("2024-12-31"), pd.Timestamp("2024-02-01"),
                                    pd.Timestamp("2024-07-15")]


def test_a_semicolon_zst_csv_is_learned_as_its_columns_on_the_command_line(tmp_path):
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"city": rng.choice(["Köln", "Malmö"], 40), "amount": rng.gamma(2.0, 20.0, 40).round(2)})
    source, output = tmp_path / "eu.csv.zst", tmp_path / "out.csv"
    source.write_bytes(zstandard.ZstdCompressor().compress(frame.to_csv(sep=";", index=False).encode()))
    result = invoke(source, "--n", "20", "-o", output, *STEPS)
    assert result.exit_code == 0, result.output
    assert "';'-separated, utf-8 (2 columns)" in result.output
    written = pd.read_csv(output)
    assert list(written.columns) == ["city", "amount"]
    assert set(written["city"]) <= {"Köln", "Malmö"}


def test_a_file_named_zst_that_is_not_zstd_is_refused_naming_the_file(tmp_path):
    source = tmp_path / "plain.csv.zst"
    source.write_bytes(b"a;b\n1;2\n")
    with pytest.raises(ValueError, match=r"plain\.csv\.zst: not a valid zstd file"):
        read_table(source)


def test_a_zst_file_without_zstandard_names_the_install_command(tmp_path, monkeypatch):
    source = tmp_path / "eu.csv.zst"
    source.write_bytes(zstandard.ZstdCompressor().compress(b"a;b\n1;2\n"))
    monkeypatch.setitem(sys.modules, "zstandard", None)  # import zstandard now raises ImportError
    with pytest.raises(ImportError, match=r"eu\.csv\.zst: \.zst files need the zstandard package; install it with "
                                          r"pip install 'wgan-augment\[zstd\]'"):
        read_table(source)


def test_read_table_is_public_and_takes_declared_dates(tmp_path):
    import wgan_augment

    source = tmp_path / "visits.csv"
    pd.DataFrame({"seen": ["31 December 2024", "01 May 2023"]}).to_csv(source, index=False)
    assert "read_table" in wgan_augment.__all__
    assert wgan_augment.read_table(source, dates=["seen"])["seen"].tolist() == [pd.Timestamp("2024-12-31"),
                                                                                pd.Timestamp("2023-05-01")]


def test_a_declared_date_column_that_is_empty_reads_without_an_error(tmp_path):
    source = tmp_path / "visits.csv"
    source.write_text("seen,n\n,1\n,2\n")
    assert read_table(source, dates=["seen"])["seen"].isna().tolist() == [True, True]


def test_a_declared_date_column_of_a_json_lines_file_that_holds_text_is_refused(tmp_path):
    source = tmp_path / "visits.jsonl"
    source.write_text('{"seen": "soon"}\n{"seen": "2024-12-31"}\n')
    with pytest.raises(ValueError, match=r"column 'seen' is declared a date, but 'soon' is not a date"):
        read_table(source, dates=["seen"])
    assert read_table(tmp_path / "visits.jsonl")["seen"].tolist() == ["soon", "2024-12-31"]


def test_role_date_naming_no_column_is_a_usage_error_like_the_other_roles(tmp_path):
    result = invoke(dated_visits(tmp_path), "--role", "sen=date", "--n", "5", *STEPS)
    assert result.exit_code == 2
    assert "--role: no column 'sen' in" in result.output and "(columns: seen, amount)" in result.output
