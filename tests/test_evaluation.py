"""Every metric of ``wgan_augment.evaluation`` on cases whose answer is known: identical tables, shifted
tables, copied rows, and histories shaped by hand; then the report, the JSON file and the command."""

from __future__ import annotations

import json
import sys
import types

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin

from wgan_augment import WGANAugmenter
from wgan_augment.evaluation import (
    association_matrix,
    augmentation_gain,
    column_distances,
    detection_auc,
    distances_to_closest_record,
    evaluate,
    exact_copy_share,
    train_synthetic_test_real,
    training_diagnostics,
    write_json,
    write_report,
)
from wgan_augment.evaluation.fidelity import (
    association_difference,
    correlation_ratio,
    cramers_v,
    marginals,
    sdmetrics_quality,
)
from wgan_augment.evaluation.privacy import privacy_metrics


def make_table(n=120, seed=0, shift=0.0) -> pd.DataFrame:
    """Correlated numbers, a category tied to them, a date, a bool, gaps, and a label that depends on x."""
    rng = np.random.default_rng(seed)
    x = rng.normal(shift, 1.0, n)
    return pd.DataFrame(
        {
            "x": x,
            "y": 0.8 * x + rng.normal(0, 0.5, n),
            "kind": np.where(x + rng.normal(0, 0.5, n) > shift, "high", "low"),
            "flag": rng.random(n) < 0.3,
            "when": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
            "gappy": np.where(rng.random(n) < 0.2, np.nan, rng.normal(0, 1, n)),
            "label": np.where(x + rng.normal(0, 0.7, n) > 0.3, "yes", "no"),
        }
    )




@pytest.fixture(scope="module")
def real():
    return make_table(seed=0)


@pytest.fixture(scope="module")
def fresh():
    """Another sample from the same distribution as ``real``."""
    return make_table(seed=1)


# ------------------------------------------------------------------------------------ fidelity
def test_identical_tables_have_zero_column_distances(real):
    distances = column_distances(real, real.sample(frac=1.0, random_state=3))
    assert distances["distance"].tolist() == [0.0] * real.shape[1]
    assert distances.loc["when", "metric"] == "ks" and distances.loc["kind", "metric"] == "tv"


def test_a_shifted_column_has_a_large_ks_and_disjoint_categories_a_tv_of_one(real):
    moved = real.assign(x=real["x"] + 5.0, kind=real["kind"].map({"high": "up", "low": "down"}))
    distances = column_distances(real, moved)["distance"]
    assert distances["x"] > 0.95
    assert distances["kind"] == pytest.approx(1.0)
    assert distances["y"] == 0.0


def test_dates_read_back_as_text_compare_equal_to_the_dates(real):
    from wgan_augment.evaluation._columns import conform

    as_text = real.assign(when=real["when"].dt.strftime("%Y-%m-%d"))
    assert column_distances(real, conform(as_text, real, "synthetic")).loc["when", "distance"] == 0.0


def test_cramers_v_is_one_for_a_category_that_determines_another_and_near_zero_for_independent_ones():
    rng = np.random.default_rng(0)
    first = pd.Series(rng.choice(list("abc"), 2000))
    assert cramers_v(first, first.map({"a": "x", "b": "y", "c": "z"})) == pytest.approx(1.0)
    assert cramers_v(first, pd.Series(rng.choice(list("pq"), 2000))) < 0.05
    assert np.isnan(cramers_v(first, pd.Series(["same"] * 2000)))


def test_correlation_ratio_is_one_for_constant_groups_and_near_zero_for_equal_means():
    rng = np.random.default_rng(0)
    groups = pd.Series(rng.choice(["a", "b"], 1000))
    assert correlation_ratio(groups, groups.map({"a": 1.0, "b": 5.0})) == pytest.approx(1.0)
    assert correlation_ratio(groups, pd.Series(rng.normal(size=1000))) < 0.1


def test_association_matrix_uses_pearson_for_numbers():
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [2.0, 4.0, 6.0, 8.0], "c": [4.0, 3.0, 2.0, 1.0]})
    matrix = association_matrix(frame)
    assert matrix.loc["a", "b"] == pytest.approx(1.0)
    assert matrix.loc["a", "c"] == pytest.approx(-1.0)


def test_association_difference_is_zero_for_identical_tables_and_large_when_a_link_is_broken(real):
    assert association_difference(real, real)["mean_abs_difference"] == 0.0
    rng = np.random.default_rng(0)
    unlinked = real.assign(y=rng.permutation(real["y"].to_numpy()))
    result = association_difference(real, unlinked)
    x_to_y = result["difference"][0][1]
    assert x_to_y > 0.7
    assert result["max_abs_difference"] == pytest.approx(x_to_y)


def test_the_two_sample_test_gives_half_for_identical_rows_and_near_one_for_shifted_ones(real):
    assert detection_auc(real, real.sample(frac=1.0, random_state=1), cv=3)["auc"] == pytest.approx(0.5)
    assert detection_auc(real, make_table(seed=1, shift=4.0), cv=3)["auc"] > 0.95


def test_the_two_sample_test_is_near_half_for_another_sample_of_the_same_distribution(real, fresh):
    assert detection_auc(real, fresh, cv=3)["auc"] == pytest.approx(0.5, abs=0.15)


def test_marginal_shares_of_observed_values_sum_to_one_and_match_for_identical_tables(real):
    shown = marginals(real, real)
    for column, marginal in shown.items():
        assert marginal["real"] == marginal["synthetic"], column
        assert sum(marginal["real"]) == pytest.approx(1.0), column
    assert shown["gappy"]["missing_real"] == pytest.approx(real["gappy"].isna().mean())
    assert sorted(shown["kind"]["categories"]) == ["high", "low"]
    assert shown["when"]["unit"] == "days since 1970-01-01"


def test_sdmetrics_score_is_none_without_the_package_and_read_from_it_when_present(real, monkeypatch):
    class QualityReport:
        def generate(self, real_data, synthetic_data, metadata, verbose=True):
            self.sdtypes = {name: column["sdtype"] for name, column in metadata["columns"].items()}

        def get_score(self):
            return 0.875 if self.sdtypes["when"] == "datetime" and self.sdtypes["kind"] == "categorical" else 0.0

    names = ("sdmetrics", "sdmetrics.reports", "sdmetrics.reports.single_table")
    modules = {name: types.ModuleType(name) for name in names}
    modules["sdmetrics.reports.single_table"].QualityReport = QualityReport
    monkeypatch.setitem(sys.modules, "sdmetrics", None)
    assert sdmetrics_quality(real, real) is None
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    assert sdmetrics_quality(real, real) == {"score": 0.875, "error": None}


# ------------------------------------------------------------------------------------- privacy
def test_distance_to_closest_record_is_measured_on_standardised_numbers_and_one_hot_categories():
    reference = pd.DataFrame({"x": [0.0, 2.0], "c": ["a", "b"]})  # x standardises to -1 and 1
    query = pd.DataFrame({"x": [0.0, 1.0], "c": ["b", "a"]})
    # (0, b): x matches row 0, the category differs (one-hot distance sqrt 2); (1, a): x is 1 from row 0.
    assert distances_to_closest_record(reference, query).tolist() == pytest.approx([np.sqrt(2.0), 1.0])


def test_copied_training_rows_are_all_exact_copies_at_distance_zero_and_called_memorisation(real, fresh):
    copies = real.sample(frac=1.0, random_state=2)
    result = privacy_metrics(real, real, fresh, copies)
    assert result["exact_copy_share"] == 1.0
    assert result["holdout_exact_copy_share"] == 0.0
    assert result["dcr_synthetic"]["median"] == 0.0
    assert result["status"] == "memorisation"
    assert result["verdict"].startswith("Memorisation")


def test_rows_with_missing_values_count_as_copies_only_when_missing_in_the_same_places(real):
    assert exact_copy_share(real, real[real["gappy"].isna()]) == 1.0
    filled = real[real["gappy"].isna()].assign(gappy=0.0)
    assert exact_copy_share(real, filled) == 0.0


def test_a_fresh_sample_of_the_same_distribution_shows_no_memorisation(real, fresh):
    holdout = make_table(seed=2)
    result = privacy_metrics(real, real, holdout, fresh)
    assert result["exact_copy_share"] == 0.0
    assert result["status"] == "ok"
    assert result["median_dcr_ratio"] == pytest.approx(1.0, abs=0.3)
    assert result["verdict"].startswith("No sign of memorisation")


def test_near_copies_with_a_little_noise_are_called_memorisation(real, fresh):
    rng = np.random.default_rng(0)
    near = real.assign(x=real["x"] + rng.normal(0, 0.01, len(real)))
    result = privacy_metrics(real, real, fresh, near)
    assert result["exact_copy_share"] == 0.0
    assert result["median_dcr_ratio"] < 0.5
    assert result["status"] == "memorisation"


# ------------------------------------------------------------------------------------- utility
class RecordingClassifier(ClassifierMixin, BaseEstimator):
    """Predicts the majority class and records the x values it was fitted on and asked about."""

    fitted_on: list = []
    asked_about: list = []

    def fit(self, X, y):
        RecordingClassifier.fitted_on.append(X["x"].to_numpy())
        self.classes_, counts = np.unique(y, return_counts=True)
        self.majority_ = self.classes_[np.argmax(counts)]
        return self

    def predict(self, X):
        RecordingClassifier.asked_about.append(X["x"].to_numpy())
        return np.full(len(X), self.majority_)


def test_synthetic_rows_join_training_folds_and_never_validation_folds(real):
    marked = real.assign(x=1000.0)  # synthetic rows are recognisable by x
    RecordingClassifier.fitted_on, RecordingClassifier.asked_about = [], []
    result = augmentation_gain(real, "label", synthetic=marked, estimator=RecordingClassifier(), cv=3, smote=False)
    assert result["folds"] == 3 and result["synthetic_rows_per_fold"] == len(real)
    assert "class-weight comparison skipped: the estimator has no class_weight parameter" in result["notes"]
    assert not any((asked == 1000.0).any() for asked in RecordingClassifier.asked_about)
    assert sum((fitted == 1000.0).sum() for fitted in RecordingClassifier.fitted_on) == 3 * len(real)


def test_synthetic_rows_with_swapped_labels_hurt_and_a_fresh_sample_does_not(real, fresh):
    swapped = fresh.assign(label=fresh["label"].map({"yes": "no", "no": "yes"}))
    assert augmentation_gain(real, "label", synthetic=swapped, cv=3, smote=False)["gain"] < -0.1
    assert augmentation_gain(real, "label", synthetic=fresh, cv=3, smote=False)["gain"] > -0.05


def test_smote_is_compared_on_a_mixed_table_when_imbalanced_learn_is_installed(real):
    pytest.importorskip("imblearn")
    result = augmentation_gain(real, "label", synthetic=real, cv=3)
    assert set(result["scores"]) == {"real", "real+synthetic", "real+SMOTE", "real, class weights"}
    assert result["gain_vs_smote"] == pytest.approx(
        result["scores"]["real+synthetic"]["mean"] - result["scores"]["real+SMOTE"]["mean"])


def test_class_weights_are_the_free_baseline_scored_beside_the_synthetic_rows(real):
    from sklearn.metrics import balanced_accuracy_score
    from sklearn.model_selection import StratifiedKFold

    from wgan_augment.evaluation.utility import make_default_estimator

    result = augmentation_gain(real, "label", synthetic=real, cv=3, smote=False)
    weighted = make_default_estimator().set_params(model__class_weight="balanced")
    X, y = real.drop(columns="label"), np.asarray(real["label"])
    expected = np.array([
        balanced_accuracy_score(y[test], weighted.fit(X.iloc[train], y[train]).predict(X.iloc[test]))
        for train, test in StratifiedKFold(3, shuffle=True, random_state=0).split(X, y)])
    assert result["scores"]["real, class weights"]["folds"] == pytest.approx(expected.tolist())
    assert result["gain_vs_class_weights"] == pytest.approx(
        result["scores"]["real+synthetic"]["mean"] - expected.mean())
    without = augmentation_gain(real, "label", synthetic=real, cv=3, smote=False, class_weights=False)
    assert "real, class weights" not in without["scores"] and without["gain_vs_class_weights"] is None


def test_training_on_a_copy_of_the_real_rows_scores_like_training_on_them(real, fresh):
    result = train_synthetic_test_real(real, real.copy(), fresh, "label")
    assert result["train_on_synthetic"] == pytest.approx(result["train_on_real"])
    assert result["scoring"] == "balanced_accuracy"


def test_synthetic_rows_of_a_single_class_give_no_tstr_score_and_say_why(real, fresh):
    one_class = real[real["label"] == "yes"]
    result = train_synthetic_test_real(real, one_class, fresh, "label")
    assert result["train_on_synthetic"] is None and "single class" in result["note"]


def test_a_numeric_target_with_many_values_is_a_regression_scored_by_r2(real, fresh):
    result = evaluate(real, fresh, target="y", cv=3)
    assert result["utility"]["task"] == "regression"
    assert result["utility"]["augmentation"]["scoring"] == "r2"
    assert "real+SMOTE" not in result["utility"]["augmentation"]["scores"]
    assert result["utility"]["tstr"]["train_on_synthetic"] > 0.5


# --------------------------------------------------------------------------------- diagnostics
def test_diagnostics_summarise_tenths_and_call_a_levelled_curve_healthy():
    wasserstein = [1.0] * 10 + [0.5] * 80 + [0.2] * 10
    result = training_diagnostics({"wasserstein": wasserstein, "penalty": [0.1] * 100})
    assert result["summary"]["wasserstein"] == {"first": 1.0, "last": 0.2, "min": 0.2, "max": 1.0}
    assert result["status"] == "warning"  # the last tenth drops from 0.5 to 0.2: still falling
    assert "still falling" in result["findings"][0]
    flat = training_diagnostics({"wasserstein": [1.0] * 10 + [0.3] * 90, "penalty": [0.1] * 100})
    assert flat["status"] == "ok"


def test_diagnostics_flag_divergence_a_negative_estimate_and_a_large_penalty():
    findings = training_diagnostics({"wasserstein": [0.5] * 30 + [np.nan] * 10})["findings"]
    assert any("step 31" in finding and "diverged" in finding for finding in findings)
    assert any("negative" in finding for finding in training_diagnostics({"wasserstein": [-0.2] * 50})["findings"])
    assert any("penalty" in finding for finding in
               training_diagnostics({"wasserstein": [0.3] * 50, "penalty": [3.0] * 50})["findings"])


def test_diagnostic_curves_are_block_means_of_at_most_max_points():
    result = training_diagnostics({"wasserstein": list(range(1000))}, max_points=100)
    assert len(result["curves"]["step"]) == 100
    assert result["curves"]["wasserstein"][0] == pytest.approx(4.5)
    assert result["curves"]["step"][-1] == 1000


# ------------------------------------------------------------------------------------ evaluate
@pytest.fixture(scope="module")
def tiny_augmenter(real):
    augmenter = WGANAugmenter(n_steps=8, batch_size=32, generator_dims=(32,), critic_dims=(32,), latent_dim=8,
                              random_state=0)
    return augmenter.fit(real.drop(columns="label"), real["label"])


@pytest.fixture(scope="module")
def results(real, tiny_augmenter):
    """Rows generated by the augmenter itself, evaluated against the rows it learned."""
    return evaluate(real, target="label", augmenter=tiny_augmenter, cv=3)


def test_evaluate_generates_from_a_fitted_augmenter_and_returns_plain_values(results, real):
    assert results["data"]["n_synthetic"] == len(real)
    assert results["data"]["holdout"] == "split from real" and results["data"]["n_holdout"] == 30
    assert results["diagnostics"]["n_steps"] == 8
    assert set(results["headline"]) == {"fidelity", "privacy", "utility"}
    json.dumps(results, allow_nan=False)  # plain values only: no numpy scalars, no NaN


def test_evaluate_takes_x_y_pairs_and_a_holdout(real, fresh, tiny_augmenter):
    synthetic = tiny_augmenter.sample(60, random_state=0)
    holdout = make_table(n=40, seed=5)
    results = evaluate(real, synthetic, target="label", holdout=holdout, cv=3)
    assert results["data"]["n_synthetic"] == 60 and results["data"]["holdout"] == "given"
    assert results["privacy"]["n_reference"] == len(real) and results["privacy"]["n_holdout"] == 40
    assert results["utility"]["tstr"]["test_rows"] == 40


def test_refit_per_fold_trains_a_fresh_augmenter_on_every_training_fold(real, tiny_augmenter):
    results = evaluate(real, real, target="label", augmenter=tiny_augmenter, refit_per_fold=True, cv=2)
    augmentation = results["utility"]["augmentation"]
    assert augmentation["synthetic_source"] == "refit per fold"
    assert augmentation["synthetic_rows_per_fold"] > 0  # "auto" balances the two classes of each fold


def test_evaluate_without_a_target_skips_utility(real, fresh):
    results = evaluate(real, fresh, cv=3)
    assert results["utility"] is None and results["headline"]["utility"] is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"synthetic": make_table(10).drop(columns="when")}, "synthetic has no column 'when'"),
        ({"synthetic": make_table(10), "target": "nope"}, "target='nope' is not a column"),
        ({"synthetic": make_table(10), "cv": 1}, "cv must be an integer of at least 2"),
        ({"synthetic": make_table(10), "refit_per_fold": True}, "refit_per_fold=True needs an augmenter"),
        ({}, "Give the synthetic rows"),
        ({"synthetic": np.zeros((2, 3, 4))}, "for images, pass the real images"),
    ],
)
def test_evaluate_names_the_bad_argument(real, kwargs, message):
    with pytest.raises(ValueError, match=message):
        evaluate(real, **kwargs)


# ------------------------------------------------------------------------------- JSON and HTML
def test_json_holds_every_number_turns_nan_into_null_and_refuses_to_overwrite(results, tmp_path):
    path = tmp_path / "metrics.json"
    write_json({**results, "odd": np.float64("nan"), "count": np.int64(3)}, path)
    loaded = json.loads(path.read_text())
    assert loaded["odd"] is None and loaded["count"] == 3
    assert loaded["fidelity"]["mean_column_distance"] == pytest.approx(results["fidelity"]["mean_column_distance"])
    with pytest.raises(FileExistsError):
        write_json(results, path)
    write_json({"replaced": True}, path, overwrite=True)
    assert json.loads(path.read_text()) == {"replaced": True}
    assert sorted(item.name for item in tmp_path.iterdir()) == ["metrics.json"]  # no temporary files left


def test_the_html_report_drawn_from_the_json_file_is_self_contained_with_every_section_and_picture(results, tmp_path):
    pytest.importorskip("matplotlib")
    write_json(results, tmp_path / "metrics.json")
    reloaded = json.loads((tmp_path / "metrics.json").read_text())
    path = write_report(reloaded, tmp_path / "report.html")
    page = path.read_text()
    for heading in ("Fidelity", "Privacy", "Utility", "Training diagnostics"):
        assert f"<h2>{heading}" in page
    assert page.count('src="data:image/png;base64,') == 4  # marginals, heatmaps, distances, training curves
    assert "http://" not in page and "https://" not in page
    with pytest.raises(FileExistsError):
        write_report(results, path)


def test_without_matplotlib_the_report_says_how_to_install_it_and_writes_nothing(results, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"wgan-augment\[report\]"):
        write_report(results, tmp_path / "report.html")
    assert not (tmp_path / "report.html").exists()


# ------------------------------------------------------------------------------- the command
@pytest.fixture(scope="module")
def cli_app():
    """The installed app when it has the command; otherwise the command alone in a group of its own."""
    import typer
    from wgan_augment_cli import app
    from wgan_augment_cli._group import DefaultCommandGroup
    from wgan_augment_cli.evaluate import evaluate as evaluate_command

    if any(command.name == "evaluate" or getattr(command.callback, "__name__", "") == "evaluate"
           for command in app.registered_commands):
        return app
    standalone = typer.Typer(cls=DefaultCommandGroup)
    standalone.callback()(lambda: None)
    standalone.command("evaluate")(evaluate_command)
    return standalone


def run_command(app, *args):
    from typer.testing import CliRunner

    return CliRunner().invoke(app, ["evaluate", *map(str, args)])


def test_the_command_prints_the_verdicts_and_writes_the_json(cli_app, real, fresh, tmp_path):
    real.to_csv(tmp_path / "real.csv", index=False)
    fresh.to_csv(tmp_path / "synthetic.csv", index=False)
    outcome = run_command(cli_app, tmp_path / "real.csv", tmp_path / "synthetic.csv", "--target", "label",
                          "--json", tmp_path / "metrics.json", "--quiet")
    assert outcome.exit_code == 0, outcome.output
    assert "Looks like the data?" in outcome.stdout and "Helps a model?" in outcome.stdout
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["data"]["columns"]["when"] == "datetime"  # dates in the CSV were read back as dates
    assert metrics["fidelity"]["columns"]["when"]["metric"] == "ks"
    again = run_command(cli_app, tmp_path / "real.csv", tmp_path / "synthetic.csv", "--json", tmp_path / "metrics.json")
    assert again.exit_code == 2 and "--force" in again.stderr


def test_the_command_generates_from_a_saved_model(cli_app, real, tiny_augmenter, tmp_path):
    from wgan_augment import persistence

    real.to_csv(tmp_path / "real.csv", index=False)
    metadata = {"target": "label", "columns": list(real.columns)}
    persistence.save(tiny_augmenter, tmp_path / "model.wgan", metadata=metadata)
    outcome = run_command(cli_app, tmp_path / "real.csv", "--model", tmp_path / "model.wgan", "--n", 50,
                          "--json", tmp_path / "metrics.json", "--quiet")
    assert outcome.exit_code == 0, outcome.output
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["data"]["n_synthetic"] == 50 and metrics["data"]["target"] == "label"
    assert metrics["diagnostics"]["n_steps"] == 8


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "give SYNTHETIC"),
        (["{synthetic}", "--model", "{synthetic}"], "not both"),
        (["{synthetic}", "--n", "5"], "--n"),
    ],
)
def test_the_command_refuses_a_missing_or_doubled_source(cli_app, real, tmp_path, extra, message):
    real.to_csv(tmp_path / "real.csv", index=False)
    real.to_csv(tmp_path / "synthetic.csv", index=False)
    args = [argument.format(synthetic=tmp_path / "synthetic.csv") for argument in extra]
    outcome = run_command(cli_app, tmp_path / "real.csv", *args)
    assert outcome.exit_code == 2 and message in outcome.stderr


@pytest.mark.parametrize(
    ("shape", "hint"),
    [((4, 8, 8), "; for images, pass the real images (3-D or 4-D) as real too."), ((4, 2, 2, 2, 2), ".")],
)
def test_an_array_that_is_no_table_is_refused_with_the_image_hint_for_an_image_stack_only(shape, hint):
    from wgan_augment.evaluation._columns import as_frame

    with pytest.raises(ValueError) as error:
        as_frame(np.zeros(shape), None, "synthetic")
    assert str(error.value) == f"synthetic must be a 2-D table, got an array of shape {shape}{hint}"
