"""Columns of numbers with a few text markers: read as numbers with gaps, and said so; more text stays categories."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from test_cli import STEPS, invoke

from wgan_augment import WGANAugmenter
from wgan_augment.io._tables import read_table, read_table_and_layout
from wgan_augment.tabular import TableEncoder
from wgan_augment.tabular._mixed import MAX_MARKER_SHARE, MAX_MARKERS, numbers_in_mixed_columns, read_mixed

TINY = {"n_steps": 2, "batch_size": 8, "generator_dims": (8,), "critic_dims": (8,), "latent_dim": 4}


def doses(n_rows: int = 40, markers=(">100", "n/a", ">100"), dtype=None) -> pd.Series:
    values = [f"{value:.1f}" for value in np.random.default_rng(0).gamma(2.0, 10.0, n_rows)]
    values[:len(markers)] = markers
    return pd.Series(values, name="dose", dtype=dtype)


def notices(run) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run()
    return result, [str(warning.message) for warning in caught if issubclass(warning.category, UserWarning)]


@pytest.mark.parametrize("dtype", [None, object])
def test_numbers_with_a_few_markers_read_as_floats_with_the_markers_missing(dtype):
    column = doses(dtype=dtype)
    reading = read_mixed("dose", column)
    assert reading.notice == "column 'dose': text markers ['>100', 'n/a'] read as missing (3 cells)"
    assert reading.numbers.dtype == np.float64
    assert reading.numbers.isna().tolist()[:4] == [True, True, True, False]
    assert reading.numbers.iloc[3] == float(column.iloc[3])


def test_as_many_markers_as_the_threshold_are_read_as_missing_and_one_more_keeps_the_column_text():
    at_limit = [f"code{number}" for number in range(MAX_MARKERS)]
    assert read_mixed("dose", doses(markers=at_limit)).numbers.isna().sum() == MAX_MARKERS
    over = read_mixed("dose", doses(markers=[*at_limit, "code9"]))
    assert over.numbers is None
    assert over.notice == ("column 'dose': numbers mixed with more text than a few markers (6 of 40 cells, 6 distinct: "
                           "['code0', 'code1', 'code2', 'code3', 'code4', '...']); learned as categories")


def test_markers_in_at_most_a_fifth_of_the_cells_are_read_as_missing_and_more_keep_the_column_text():
    at_share = doses(n_rows=40, markers=["n/a"] * int(MAX_MARKER_SHARE * 40))  # 8 of 40
    assert read_mixed("dose", at_share).numbers.isna().sum() == 8
    over_share = doses(n_rows=40, markers=["n/a"] * 9)
    assert read_mixed("dose", over_share).numbers is None


def test_columns_of_only_numbers_or_only_text_are_not_mixed():
    assert read_mixed("code", pd.Series(["01", "02", "03"])) is None  # number strings on purpose: left as they are
    assert read_mixed("city", pd.Series(["Köln", "Malmö", None])) is None


def test_numbers_in_mixed_columns_keeps_the_input_frame_and_skips_named_columns():
    frame = pd.DataFrame({"dose": doses(), "city": ["a", "b"] * 20})
    before = frame.copy()
    converted = numbers_in_mixed_columns(frame, warn=False)
    assert converted["dose"].dtype == np.float64 and converted["city"].tolist() == before["city"].tolist()
    assert frame.equals(before)
    assert numbers_in_mixed_columns(frame, skip={"dose": "discrete"}, warn=False) is frame


# ------------------------------------------------------------------------------------ in-memory frames
def test_fit_on_a_frame_with_markers_warns_naming_them_and_samples_floats():
    frame = pd.DataFrame({"dose": doses(), "city": ["a", "b"] * 20})
    before = frame.copy()
    model, said = notices(lambda: WGANAugmenter(**TINY, random_state=0).fit(frame))
    assert "column 'dose': text markers ['>100', 'n/a'] read as missing (3 cells)" in said
    assert model.column_roles_["dose"] == "continuous"
    rows = model.sample(30)
    assert rows["dose"].dtype == np.float64
    assert frame.equals(before)


def test_the_markers_and_the_training_numbers_of_a_mixed_column_are_not_stored_as_categories():
    frame = pd.DataFrame({"dose": doses(), "city": ["a", "b"] * 20})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        encoder = TableEncoder(random_state=0).fit(frame)
    meta, _ = encoder.to_state()
    stored = json.dumps(meta)
    assert ">100" not in stored and frame["dose"].iloc[10] not in stored
    assert encoder.column_roles_ == {"dose": "continuous", "city": "discrete"}


def test_transform_reads_the_markers_of_a_mixed_column_as_missing():
    frame = pd.DataFrame({"dose": doses()})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        encoder = TableEncoder(random_state=0).fit(frame)
    matrix = encoder.transform(frame)
    # the [observed, missing] block after the value's columns: the three marker rows are missing
    assert matrix[:4, -1].tolist() == [1.0, 1.0, 1.0, 0.0]


def test_a_mixed_column_given_the_role_discrete_stays_categories_without_a_notice():
    frame = pd.DataFrame({"dose": doses(markers=(">100",)), "city": ["a", "b"] * 20})
    encoder, said = notices(lambda: TableEncoder(column_roles={"dose": "discrete"}, random_state=0).fit(frame))
    assert said == [] and encoder.column_roles_["dose"] == "discrete"


def test_a_column_of_numbers_and_much_text_is_announced_as_categories():
    values = ["low", "high", "mid", "none", "some", "lots", "1", "2"] * 5
    frame = pd.DataFrame({"level": values})
    encoder, said = notices(lambda: TableEncoder(random_state=0).fit(frame))
    assert said == ["column 'level': numbers mixed with more text than a few markers (30 of 40 cells, 6 distinct: "
                    "['high', 'lots', 'low', 'mid', 'none', '...']); learned as categories"]
    assert encoder.column_roles_["level"] == "discrete"


# ------------------------------------------------------------------------------------ files
def test_reading_a_csv_with_markers_warns_naming_the_file_column_and_markers(tmp_path):
    source = tmp_path / "lab.csv"
    pd.DataFrame({"dose": doses(markers=(">100", "<LOD", ">100"))}).to_csv(source, index=False)
    table, said = notices(lambda: read_table(source))
    assert said == [f"{source}: column 'dose': text markers ['<LOD', '>100'] read as missing (3 cells)"]
    assert table["dose"].dtype == np.float64 and int(table["dose"].isna().sum()) == 3


def test_markers_among_decimal_comma_numbers_of_a_semicolon_file_read_as_missing(tmp_path):
    source = tmp_path / "lab.csv"
    source.write_text("dose;site\n12,5;a\n>100;b\n7,25;a\n3;b\n8;a\n9,5;b\n", encoding="utf-8")
    (table, layout), said = notices(lambda: read_table_and_layout(source))
    assert said == [f"{source}: column 'dose': text markers ['>100'] read as missing (1 cell)"]
    assert table["dose"].tolist()[2:] == [7.25, 3.0, 8.0, 9.5] and np.isnan(table["dose"].iloc[1])


def test_the_command_line_prints_the_marker_notice_and_writes_numbers(tmp_path):
    source, output = tmp_path / "lab.csv", tmp_path / "out.csv"
    pd.DataFrame({"dose": doses(), "site": ["a", "b"] * 20}).to_csv(source, index=False)
    result = invoke(source, "--n", "20", "-o", output, *STEPS)
    assert result.exit_code == 0, result.output
    # pandas reads "n/a" as missing itself; ">100" is the marker left
    assert "Warning: " in result.output and "column 'dose': text markers ['>100'] read as missing (2 cells)" in \
        " ".join(result.output.split())
    written = pd.read_csv(output)
    assert pd.api.types.is_float_dtype(written["dose"]) and not written["dose"].astype(str).isin([">100"]).any()


def test_a_mixed_column_given_a_role_on_the_command_line_keeps_its_markers(tmp_path):
    source, output = tmp_path / "lab.csv", tmp_path / "out.csv"
    pd.DataFrame({"dose": doses(markers=[">100"] * 8), "site": ["a", "b"] * 20}).to_csv(source, index=False)
    result = invoke(source, "--role", "dose=discrete", "--n", "200", "-o", output, *STEPS)
    assert result.exit_code == 0, result.output
    assert "text markers" not in result.output
    assert ">100" in set(pd.read_csv(output, dtype=str)["dose"])


def test_fit_resample_returns_the_real_rows_as_given_and_synthetic_numbers_of_a_mixed_column_as_text():
    frame = pd.DataFrame({"dose": doses(), "city": ["a", "b"] * 20})
    labels = np.array([0] * 30 + [1] * 10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        resampled, _ = WGANAugmenter(**TINY, random_state=0).fit_resample(frame, labels)
    assert len(resampled) == 60
    assert resampled["dose"].iloc[:40].tolist() == frame["dose"].tolist()
    synthetic = resampled["dose"].iloc[40:].dropna()
    assert len(synthetic) > 10
    assert synthetic.map(type).eq(str).all() and synthetic.str.fullmatch(r"\d+(\.\d)?").all()
