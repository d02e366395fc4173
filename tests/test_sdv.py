"""``WGANSynthesizer`` inside SDV's own workflow (the ``sdv`` extra).

SDV pins pandas<3, so CI runs this file in a second environment (``.ci/run``), with
``WGAN_REQUIRE_SDV=1``: there a missing SDV fails the run instead of skipping these tests.
"""

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

if os.environ.get("WGAN_REQUIRE_SDV") != "1":
    pytest.importorskip("sdv")

from sdv.cag import Inequality  # noqa: E402
from sdv.evaluation import evaluate_quality, run_diagnostic  # noqa: E402
from sdv.metadata import Metadata  # noqa: E402
from sdv.sampling import Condition, DataFrameCondition  # noqa: E402
from sdv.utils import load_synthesizer  # noqa: E402

from wgan_augment.sdv import WGANSynthesizer, _SeededModel  # noqa: E402

TABLE = "patients"
ROWS = 200


def make_table(n_rows=ROWS) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    low = rng.normal(50, 10, n_rows).round(2)
    return pd.DataFrame({
        "patient_id": np.arange(n_rows),
        "age": rng.integers(18, 80, n_rows),
        "low": low,
        "high": (low + rng.gamma(2.0, 3.0, n_rows)).round(2),
        "colour": rng.choice(["red", "green", "blue"], n_rows),
        "smoker": rng.random(n_rows) < 0.3,
        "email": [f"person{index}@example.org" for index in range(n_rows)],
        "visited": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, n_rows), unit="D"),
        "discharged": (pd.Timestamp("2024-06-01") + pd.to_timedelta(rng.integers(0, 90, n_rows), unit="D"))
        .strftime("%d/%m/%Y"),
        "outcome": np.where(np.arange(n_rows) % 34 == 0, "relapse", "recovered"),  # 6 of 200 rows: 3%
    })


@pytest.fixture(scope="module")
def table():
    return make_table()


@pytest.fixture(scope="module")
def metadata(table):
    return Metadata.detect_from_dataframes({TABLE: table})


@pytest.fixture(scope="module")
def fitted(table, metadata):
    synthesizer = WGANSynthesizer(metadata, label_column="outcome", n_steps=150, random_state=0)
    synthesizer.fit({TABLE: table})
    return synthesizer


def test_import_wgan_augment_never_imports_sdv():
    script = ("import sys, wgan_augment, wgan_augment.persistence, wgan_augment.distributed, wgan_augment_cli\n"
              "from wgan_augment import WGANAugmenter, AugmentedClassifier\n"
              "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('sdv', 'ctgan', 'rdt', 'copulas', "
              "'sdmetrics'))\n"
              "assert not loaded, loaded")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_sampled_rows_keep_the_columns_and_satisfy_the_metadata(fitted, table, metadata):
    synthetic = fitted.sample(300)[TABLE]
    assert list(synthetic.columns) == list(table.columns)
    assert len(synthetic) == 300
    metadata.validate_data({TABLE: synthetic})  # raises on a column of the wrong sdtype
    assert synthetic["visited"].dtype.kind == "M" and synthetic["smoker"].dtype == bool
    assert synthetic["patient_id"].is_unique
    assert not set(synthetic["email"]) & set(table["email"])  # PII anonymised by SDV
    assert set(synthetic["outcome"]) <= {"relapse", "recovered"}
    assert synthetic["age"].between(table["age"].min(), table["age"].max()).all()  # enforce_min_max_values
    assert (synthetic["low"].round(2) == synthetic["low"]).all()  # enforce_rounding
    assert pd.to_datetime(synthetic["discharged"], format="%d/%m/%Y").notna().all()  # the metadata's format


def test_conditions_on_the_label_give_exactly_the_rows_asked_for_in_one_draw_each(fitted, monkeypatch):
    draws = []
    original = _SeededModel.sample
    monkeypatch.setattr(_SeededModel, "sample", lambda model, *args: draws.append(args) or original(model, *args))
    rows = fitted.sample_from_conditions([Condition({"outcome": "relapse"}, num_rows=120),
                                          Condition({"outcome": "recovered"}, num_rows=30)])[TABLE]
    assert rows["outcome"].value_counts().to_dict() == {"relapse": 120, "recovered": 30}
    assert sorted((size, label) for size, label, _ in draws) == [(30, "recovered"), (120, "relapse")]  # no retry


def test_conditions_on_another_column_go_through_sdvs_standard_path(fitted):
    rows = fitted.sample_from_conditions([Condition({"colour": "green"}, num_rows=40)])[TABLE]
    assert rows["colour"].tolist() == ["green"] * 40


def test_save_then_load_samples_the_same_rows(fitted, tmp_path):
    fitted.save(tmp_path / "synthesizer.pkl")
    loaded = load_synthesizer(tmp_path / "synthesizer.pkl")
    fitted.reset_sampling()
    loaded.reset_sampling()
    pd.testing.assert_frame_equal(loaded.sample(50)[TABLE], fitted.sample(50)[TABLE])


def test_an_inequality_constraint_holds_on_every_sampled_row(table, metadata):
    synthesizer = WGANSynthesizer(metadata, n_steps=50, random_state=0)
    synthesizer.add_constraints([Inequality(low_column_name="low", high_column_name="high")])
    synthesizer.fit({TABLE: table})
    synthetic = synthesizer.sample(500)[TABLE]
    assert (synthetic["high"] >= synthetic["low"]).all()


def test_sdv_quality_report_and_diagnostic_score_the_rows(fitted, table, metadata):
    synthetic = fitted.sample(200)
    assert 0.5 < evaluate_quality({TABLE: table}, synthetic, metadata, verbose=False).get_score() <= 1.0
    assert run_diagnostic({TABLE: table}, synthetic, metadata, verbose=False).get_score() == 1.0


def test_get_parameters_lists_the_label_and_the_augmenter_settings(fitted):
    parameters = fitted.get_parameters()
    assert parameters["label_column"] == "outcome"
    assert parameters["n_steps"] == 150 and parameters["random_state"] == 0


@pytest.mark.parametrize("label_column, message", [
    ("diagnosis", "label_column='diagnosis' is not a column of the metadata"),
    ("age", "label_column=.age. is numerical in the metadata; a label column must be categorical, boolean or ordinal"),
])
def test_a_bad_label_column_is_named_at_construction(metadata, label_column, message):
    with pytest.raises(ValueError, match=message):
        WGANSynthesizer(metadata, label_column=label_column)


def test_a_label_never_seen_in_training_is_named(fitted):
    with pytest.raises(ValueError, match="outcome='unknown' was never seen in training"):
        fitted.sample_from_conditions([Condition({"outcome": "unknown"}, num_rows=5)])
    with pytest.raises(ValueError, match="outcome='unknown' was never seen in training"):
        fitted.sample_remaining_columns(pd.DataFrame({"outcome": ["relapse", "unknown"]}))


def test_remaining_columns_are_sampled_for_known_labels_row_by_row(fitted):
    known = pd.DataFrame({"outcome": ["relapse"] * 5 + ["recovered"] * 3})
    rows = fitted.sample_remaining_columns(known)[TABLE]
    assert rows["outcome"].tolist() == known["outcome"].tolist()


def test_a_condition_on_the_label_and_another_column_draws_the_label_and_lets_sdv_match_the_rest(fitted):
    rows = fitted.sample_from_conditions([Condition({"outcome": "relapse", "colour": "red"}, num_rows=20)])[TABLE]
    assert rows[["outcome", "colour"]].drop_duplicates().values.tolist() == [["relapse", "red"]]
    assert len(rows) == 20


def test_a_dataframe_condition_on_the_label_is_met_row_by_row(fitted):
    wanted = pd.DataFrame({"outcome": ["relapse", "recovered", "relapse"]})
    rows = fitted.sample_from_conditions([DataFrameCondition(wanted)])[TABLE]
    assert sorted(rows["outcome"]) == sorted(wanted["outcome"])


def test_a_string_id_column_that_is_not_the_key_gets_fresh_values_and_integer_labels_work(table):
    frame = table.assign(order_id=[f"ORD-{index:05d}" for index in range(len(table))],
                         grade=np.arange(len(table)) % 3)
    metadata = Metadata.detect_from_dataframes({TABLE: frame})
    synthesizer = WGANSynthesizer(metadata, label_column="grade", n_steps=20, random_state=0)
    synthesizer.fit({TABLE: frame})
    synthetic = synthesizer.sample(100)[TABLE]
    assert synthetic["order_id"].str.fullmatch(r"ORD-\d{5}").all()
    assert not set(synthetic["order_id"]) & set(frame["order_id"])
    assert set(synthetic["grade"]) <= {0, 1, 2}


@pytest.mark.parametrize("labels, message", [
    (["a", None] * (ROWS // 2), "label_column='outcome' has 100 missing values"),
    (["a"] * (ROWS - 1) + ["b"], "label_column='outcome': class 'b' has a single row"),
])
def test_missing_labels_and_single_row_classes_are_named_before_fitting(table, labels, message):
    frame = table.assign(outcome=labels)
    synthesizer = WGANSynthesizer(Metadata.detect_from_dataframes({TABLE: frame}), label_column="outcome")
    with pytest.raises(Exception, match=message):
        synthesizer.fit({TABLE: frame})


def test_the_parameters_rebuild_an_equal_synthesizer_and_a_locale_may_be_a_string(fitted, metadata):
    rebuilt = WGANSynthesizer(metadata, **{**fitted.get_parameters(), "locales": "fr_FR"})
    assert {**rebuilt.get_parameters(), "locales": None} == {**fitted.get_parameters(), "locales": None}
    assert rebuilt.get_parameters()["locales"] == ["fr_FR"]
