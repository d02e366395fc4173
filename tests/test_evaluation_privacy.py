"""Privacy beyond whole rows: synthetic cells that repeat rare or identifying training values, and a
membership-inference attack, each on tables built by hand so the answer is an exact number."""

from __future__ import annotations

import json
import types

import numpy as np
import pandas as pd
import pytest

from wgan_augment.evaluation import evaluate, membership_inference_auc, render_html, value_copy_shares
from wgan_augment.evaluation._columns import make_encoder
from wgan_augment.evaluation.privacy import OK, WARNING, _status, privacy_metrics


def numbers(n, seed, shift=0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"x": rng.normal(shift, 1.0, n), "z": rng.normal(shift, 1.0, n)})


def keyed_orders(n, seed, first_key) -> pd.DataFrame:
    """Orders with an integer key (every other number from ``first_key``) and an amount."""
    return pd.DataFrame({"order_id": np.arange(first_key, first_key + 2 * n, 2), "amount": numbers(n, seed)["x"]})


# ------------------------------------------------------------------------------ rare values
def test_synthetic_cells_holding_a_value_few_training_rows_have_are_counted_per_categorical_column():
    training = pd.DataFrame({
        "city": ["Oslo"] * 6 + ["Bergen"] * 2 + ["Rome", None],
        "colour": ["red", "blue"] * 5,
        "x": np.arange(10.0),
    })
    # Bergen (2 rows) twice and Rome (1 row) once are rare; Paris no training row has; a missing cell is no value.
    synthetic = pd.DataFrame({
        "city": ["Oslo", "Bergen", "Bergen", "Rome", "Paris", "Oslo", "Oslo", None],
        "colour": ["red"] * 8,
        "x": np.arange(8.0),
    })
    shares = value_copy_shares(training, synthetic)
    assert shares["rare_value_shares"] == {"city": 3 / 8, "colour": 0.0}
    assert shares["rare_value_count"] == 5


def test_a_value_held_by_five_training_rows_is_not_rare_and_one_held_by_four_is():
    training = pd.DataFrame({"plan": ["basic"] * 5 + ["gold"] * 4 + ["free"] * 11})
    synthetic = pd.DataFrame({"plan": ["basic", "gold", "gold", "free"]})
    assert value_copy_shares(training, synthetic)["rare_value_shares"] == {"plan": 0.5}
    assert value_copy_shares(training, synthetic, min_count=6)["rare_value_shares"] == {"plan": 0.75}


@pytest.mark.parametrize(("synthetic", "min_count", "message"), [
    (pd.DataFrame({"plan": ["gold"]}), 0, "min_count must be a positive integer, got 0"),
    (pd.DataFrame({"plan": ["gold"]}), 2.5, "min_count must be a positive integer, got 2.5"),
    (pd.DataFrame({"tier": ["gold"]}), 5, "synthetic has no column 'plan'"),
])
def test_value_copy_shares_refuses_a_bad_threshold_or_a_missing_column_by_name(synthetic, min_count, message):
    with pytest.raises(ValueError, match=message):
        value_copy_shares(pd.DataFrame({"plan": ["gold", "free"]}), synthetic, min_count=min_count)


# ------------------------------------------------------------------------------ identifiers
def test_identifier_like_columns_are_found_from_their_values_and_their_copied_cells_counted():
    training = pd.DataFrame({
        "email": [f"person{index}@example.org" for index in range(30)],
        "order_id": np.arange(30),
        "plan": ["basic", "gold"] * 15,
    })
    synthetic = pd.DataFrame({
        "email": [f"person{index}@example.org" for index in (3, 7, 11, 29)]
        + [f"new{index}@example.org" for index in range(6)],
        "order_id": [4, 5] + list(range(100, 108)),
        "plan": ["gold"] * 10,
    })
    shares = value_copy_shares(training, synthetic)
    assert shares["identifier_columns"] == ["email", "order_id"]
    assert shares["identifier_copy_shares"] == {"email": 0.4, "order_id": 0.2}


def test_free_text_columns_count_as_identifier_like_and_their_copied_cells_are_counted():
    notes = [f"called on day {index} about invoice {index * 7}" for index in range(30)]
    training = pd.DataFrame({"note": notes})
    synthetic = pd.DataFrame({"note": notes[:3] + ["a fresh remark here"] * 2})
    shares = value_copy_shares(training, synthetic)
    assert shares["identifier_columns"] == ["note"] and shares["identifier_copy_shares"] == {"note": 0.6}


def test_declared_identifier_columns_are_checked_even_when_their_values_repeat():
    training = pd.DataFrame({"customer": ["ann", "bob", "cy", "dee"] * 5})  # repeats: not detected by its values
    synthetic = pd.DataFrame({"customer": ["ann", "eve", "eve", "bob", None]})
    assert value_copy_shares(training, synthetic)["identifier_columns"] == []
    declared = value_copy_shares(training, synthetic, identifier_columns=["customer"])
    assert declared["identifier_copy_shares"] == {"customer": 0.4}


def test_evaluate_checks_the_identifier_columns_a_fitted_augmenter_chose():
    real = pd.DataFrame({"customer": ["ann", "bob", "cy", "dee"] * 5, "x": np.arange(20.0)})
    synthetic = pd.DataFrame({"customer": ["ann", "eve", "eve", "bob", "zed"], "x": np.arange(5.0) + 0.5})
    augmenter = types.SimpleNamespace(column_roles_={"customer": "identifier", "x": "continuous"})
    results = evaluate(real, synthetic, augmenter=augmenter, cv=2)
    assert results["privacy"]["identifier_copy_shares"] == {"customer": 0.4}
    assert results["privacy"]["status"] == "memorisation"
    json.dumps(results, allow_nan=False)


# ------------------------------------------------------------------------ membership inference
def test_membership_auc_is_one_when_the_synthetic_rows_are_the_training_rows_and_the_holdout_is_far():
    training, far_holdout = numbers(60, seed=0), numbers(60, seed=1, shift=100.0)
    result = privacy_metrics(training, training, far_holdout, training.sample(frac=1.0, random_state=1))
    assert result["membership_auc"] == 1.0
    assert result["membership_rows"] == 60


def test_membership_auc_is_near_one_half_when_the_synthetic_rows_are_drawn_independently_of_both():
    rng = np.random.default_rng(0)
    training, holdout, synthetic = (pd.DataFrame({"x": rng.normal(size=n), "z": rng.normal(size=n)})
                                    for n in (60, 60, 200))
    result = privacy_metrics(training, training, holdout, synthetic)
    assert result["membership_auc"] == pytest.approx(1861 / 3600, abs=1e-12)  # 0.517 for this seed
    assert result["status"] == OK


def test_a_membership_auc_far_below_one_half_is_explained_as_a_holdout_unlike_the_training_rows():
    training, holdout = numbers(40, seed=0, shift=100.0), numbers(40, seed=1)
    result = privacy_metrics(training, training, holdout, holdout.sample(frac=1.0, random_state=1))
    assert result["membership_auc"] == 0.0
    assert "AUC 0.000 (0.5: no better than chance; below 0.5: the held-out rows sit closer to the synthetic " \
           "ones than the training rows do; 40 of each)" in result["verdict"]


def test_the_membership_attack_draws_as_many_training_rows_as_held_out_rows():
    training, holdout = numbers(60, seed=0), numbers(25, seed=1)
    encoder = make_encoder().fit(training)
    result = membership_inference_auc(training, holdout, training, encoder, random_state=0)
    # 25 of the 60 training rows, each at distance 0 from its synthetic copy, against 25 fresh rows.
    assert result["membership_rows"] == 25 and result["membership_auc"] == 1.0


def test_membership_inference_is_not_measured_when_the_holdout_was_split_from_the_training_rows():
    real = numbers(80, seed=0)
    results = evaluate(real, real.sample(frac=1.0, random_state=1), cv=2)
    privacy = results["privacy"]
    assert privacy["membership_auc"] is None and privacy["membership_rows"] == 0
    assert "pass a holdout it never saw for a stronger test and a membership-inference figure" in privacy["verdict"]


def test_a_significant_membership_auc_turns_an_ok_verdict_into_a_warning():
    no_copies = {"identifier_copy_shares": {}, "rare_value_shares": {"city": 0.0}}
    assert _status(OK, no_copies, {"membership_auc": 0.7, "membership_p": 0.001}) == WARNING
    assert _status(OK, no_copies, {"membership_auc": 0.7, "membership_p": 0.2}) == OK
    assert _status(OK, no_copies, {"membership_auc": 0.55, "membership_p": 0.001}) == OK


# --------------------------------------------------------------------------------- verdicts
def test_the_verdict_does_not_say_no_sign_of_memorisation_when_identifier_cells_are_copied():
    training = keyed_orders(60, seed=0, first_key=0)
    holdout = keyed_orders(60, seed=1, first_key=1)  # fresh keys between the training ones
    # Fresh amounts under keys that are all training keys: whole rows look new, the keys are real.
    synthetic = keyed_orders(60, seed=2, first_key=0).assign(order_id=training["order_id"].to_numpy()[::-1])
    result = privacy_metrics(training, training, holdout, synthetic)
    assert result["exact_copy_share"] == 0.0
    assert result["identifier_copy_shares"] == {"order_id": 1.0}
    assert result["status"] == "memorisation"
    assert "No sign of memorisation" not in result["verdict"]
    assert result["verdict"].startswith("Whole rows look fresh")
    assert "identifier-like columns: 'order_id' 100.0%" in result["verdict"]


def test_rows_copied_in_every_column_but_a_fresh_key_count_as_exact_copies():
    training, holdout = keyed_orders(60, seed=0, first_key=0), keyed_orders(60, seed=1, first_key=1)
    synthetic = training.assign(order_id=training["order_id"] + 1_000_000)  # fresh keys, copied amounts
    result = privacy_metrics(training, training, holdout, synthetic)
    assert result["identifier_copy_shares"] == {"order_id": 0.0}
    assert result["exact_copy_share"] == 1.0 and result["dcr_synthetic"]["median"] == 0.0
    assert result["status"] == "memorisation"
    assert "0 vs 0.024, leaving out the identifier-like 'order_id'; 100.0% of synthetic rows" in result["verdict"]


def test_a_table_of_identifiers_alone_is_still_compared_on_them():
    training = pd.DataFrame({"order_id": np.arange(30)})
    synthetic = pd.DataFrame({"order_id": np.arange(30) + 1_000})
    result = privacy_metrics(training, training, pd.DataFrame({"order_id": np.arange(30) + 50}), synthetic)
    assert result["exact_copy_share"] == 0.0 and result["identifier_copy_shares"] == {"order_id": 0.0}
    assert result["dcr_synthetic"]["min"] == pytest.approx(971 / training["order_id"].std(ddof=0))


def test_copied_rare_values_make_the_verdict_a_caution_that_names_the_column_and_share():
    training = numbers(100, seed=0).assign(city=["A"] * 50 + ["B"] * 48 + ["Z"] * 2)
    holdout = numbers(100, seed=1).assign(city=["A", "B"] * 50)
    synthetic = numbers(100, seed=2).assign(city=["A", "B"] * 48 + ["Z"] * 4)
    result = privacy_metrics(training, training, holdout, synthetic)
    assert result["rare_value_shares"] == {"city": 0.04}
    assert result["status"] == WARNING
    assert "No sign of memorisation" not in result["verdict"]
    assert "fewer than 5 training rows have: 'city' 4.0%" in result["verdict"]


def test_the_verdict_says_no_sign_of_memorisation_only_when_nothing_is_copied():
    training = numbers(60, seed=0).assign(city=["A", "B", "C"] * 20)
    holdout = numbers(60, seed=1).assign(city=["A", "B", "C"] * 20)
    synthetic = numbers(60, seed=2).assign(city=["C", "B", "A"] * 20)
    result = privacy_metrics(training, training, holdout, synthetic)
    assert result["rare_value_shares"] == {"city": 0.0} and result["identifier_copy_shares"] == {}
    assert result["verdict"].startswith("No sign of memorisation")


# ------------------------------------------------------------------------ report and command
@pytest.fixture(scope="module")
def copied_keys():
    """(training, holdout, synthetic) orders whose synthetic keys are all training keys."""
    training, holdout = keyed_orders(40, seed=0, first_key=0), keyed_orders(40, seed=1, first_key=1)
    synthetic = keyed_orders(40, seed=2, first_key=0)
    return training, holdout, synthetic


def test_the_html_report_shows_the_membership_auc_and_the_copied_values_per_column(copied_keys):
    training, holdout, synthetic = copied_keys
    page = render_html(evaluate(training, synthetic, holdout=holdout, cv=2))
    assert "Membership-inference AUC, training vs held-out rows (0.5 = no signal)" in page
    assert "Copied values, per column" in page
    assert "<td>order_id</td><td>yes</td><td>–</td><td>100.0%</td>" in page


def test_the_html_report_still_draws_results_saved_before_the_copy_and_membership_figures(copied_keys):
    training, holdout, synthetic = copied_keys
    results = evaluate(training, synthetic, holdout=holdout, cv=2)
    for key in ("rare_value_count", "rare_value_shares", "identifier_columns", "identifier_copy_shares",
                "membership_auc", "membership_p", "membership_rows"):
        del results["privacy"][key]
    page = render_html(results)
    assert "<td>not measured (it needs held-out rows the generator never saw)</td>" in page
    assert "Copied values, per column" not in page


def test_the_command_prints_the_copied_identifier_share_and_the_membership_auc(copied_keys, tmp_path):
    from typer.testing import CliRunner
    from wgan_augment_cli import app

    for name, table in zip(("real", "holdout", "synthetic"), copied_keys):
        table.to_csv(tmp_path / f"{name}.csv", index=False)
    outcome = CliRunner().invoke(app, ["evaluate", str(tmp_path / "real.csv"), str(tmp_path / "synthetic.csv"),
                                       "--holdout", str(tmp_path / "holdout.csv"), "--quiet"])
    assert outcome.exit_code == 0, outcome.output
    assert "identifier-like columns: 'order_id' 100.0%" in outcome.stdout
    assert "tells training rows from held-out ones with AUC" in outcome.stdout
