"""AugmentedClassifier / AugmentedRegressor in scikit-learn pipelines, and WGANAugmenter in imbalanced-learn's."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import get_scorer
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.utils._param_validation import InvalidParameterError

from wgan_augment import WGANAugmenter
from wgan_augment.pipeline import AugmentedClassifier, AugmentedRegressor


def tiny_augmenter(**params):
    """A WGAN small and short enough for a test: what is checked here is the plumbing, not fidelity."""
    settings = dict(
        n_steps=20, batch_size=32, n_critic=1, generator_dims=(32,), critic_dims=(32,), latent_dim=16,
        continuous_encoding="quantile", random_state=0,
    )
    return WGANAugmenter(**{**settings, **params})


def two_blobs(n_major=30, n_minor=10, seed=0):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(0.0, 1.0, (n_major, 3)), rng.normal(3.0, 1.0, (n_minor, 3))])
    y = np.array([0] * n_major + [1] * n_minor)
    return X, y


def people_frame(n_rows=60, seed=0):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 2, n_rows)
    X = pd.DataFrame(
        {
            "age": rng.normal(40 + 10 * y, 5),
            "income": rng.gamma(2.0, 1000.0 * (1 + y)),
            "city": np.where(rng.rand(n_rows) < 0.3 + 0.4 * y, "Lyon", "Paris"),
        }
    )
    return X, pd.Series(np.where(y == 1, "yes", "no"), name="label")


class CountingClassifier(LogisticRegression):
    """LogisticRegression that remembers how many rows of each class it was fitted on."""

    def fit(self, X, y, sample_weight=None):
        labels, counts = np.unique(y, return_counts=True)
        self.fit_counts_ = dict(zip(labels.tolist(), counts.tolist()))
        return super().fit(X, y, sample_weight=sample_weight)


class ShuffledLabelAugmenter(BaseEstimator):
    """A deliberately harmful augmenter: real rows of class c handed out as rows of another class.

    With ``wrong_share`` below 1, only that share of the rows is mislabelled and the rest are honest
    copies, which is what a label filter should sort out.
    """

    def __init__(self, wrong_share=1.0):
        self.wrong_share = wrong_share

    def fit(self, X, y):
        self.X_, self.y_ = np.asarray(X), np.asarray(y)
        self.classes_ = np.unique(self.y_)
        return self

    def sample(self, n_samples, y=None, random_state=None):
        rng = np.random.RandomState(random_state)
        labels = np.asarray(y)
        wrong = rng.rand(n_samples) < self.wrong_share
        shifted = self.classes_[(np.searchsorted(self.classes_, labels) + 1) % len(self.classes_)]
        source_class = np.where(wrong, shifted, labels)
        rows = np.array([rng.choice(np.flatnonzero(self.y_ == label)) for label in source_class], dtype=int)
        return self.X_[rows], labels


# -- imbalanced-learn ----------------------------------------------------------------------------------


def test_augmenter_is_a_sampler_step_of_imblearn_make_pipeline():
    imblearn_pipeline = pytest.importorskip("imblearn.pipeline")
    X, y = two_blobs()
    # Unfiltered, "auto" balances exactly: the classifier saw the minority raised to the majority's 30 rows
    # (a generator this weak gives the plausibility filter too few rows to keep; test_plausibility.py).
    pipe = imblearn_pipeline.make_pipeline(tiny_augmenter(filter_synthetic=False), CountingClassifier())
    pipe.fit(X, y)
    assert pipe[-1].fit_counts_ == {0: 30, 1: 30}
    assert pipe.predict(X[:7]).shape == (7,)
    assert not hasattr(WGANAugmenter(), "transform") and not hasattr(WGANAugmenter(), "fit_transform")


def test_augmenter_extra_samples_in_imblearn_pipeline_grow_balanced_data():
    imblearn_pipeline = pytest.importorskip("imblearn.pipeline")
    X, y = two_blobs(n_major=20, n_minor=20)
    pipe = imblearn_pipeline.make_pipeline(tiny_augmenter(extra_samples=1.0), CountingClassifier())
    pipe.fit(X, y)
    assert pipe[-1].fit_counts_ == {0: 40, 1: 40}


# -- how many rows, and of which class -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("n_synthetic", "expected_counts"),
    [(20, {0: 30, 1: 30}), (40, {0: 40, 1: 40}), (1.0, {0: 40, 1: 40}), (10, {0: 30, 1: 20}), (0, {0: 30, 1: 10})],
)
def test_fixed_amount_balances_first_then_grows_classes_evenly(n_synthetic, expected_counts):
    X, y = two_blobs()
    model = AugmentedClassifier(CountingClassifier(), tiny_augmenter(), n_synthetic=n_synthetic, filter_synthetic=False)
    model.fit(X, y)
    assert model.estimator_.fit_counts_ == expected_counts
    assert model.n_synthetic_ == sum(expected_counts.values()) - 40
    assert model.cv_results_ is None


def test_label_plan_prefixes_are_plans_for_smaller_amounts():
    y = np.array(["a"] * 7 + ["b"] * 3 + ["c"] * 5)
    model = AugmentedClassifier(LogisticRegression())
    longest = model._plan(y, 30)
    for n_rows in range(31):
        np.testing.assert_array_equal(model._plan(y, n_rows), longest[:n_rows])
    labels, counts = np.unique(np.concatenate([y, longest[:6]]), return_counts=True)
    assert dict(zip(labels, counts)) == {"a": 7, "b": 7, "c": 7}


def test_single_row_classes_get_no_synthetic_rows():
    X, y = two_blobs(n_major=30, n_minor=10)
    y = y.copy()
    y[0] = 2  # one row of a third class: the conditional GAN cannot learn it
    model = AugmentedClassifier(CountingClassifier(), tiny_augmenter(), n_synthetic=20, filter_synthetic=False)
    model.fit(X, y)
    # Class 1 is lifted from 10 to 29 rows, then the classes tie and take turns, class 0 first.
    assert model.estimator_.fit_counts_ == {0: 30, 1: 29, 2: 1}


# -- the safety net -------------------------------------------------------------------------------------


def test_auto_mode_records_candidates_scores_and_choice():
    X, y = two_blobs()
    model = AugmentedClassifier(LogisticRegression(), tiny_augmenter(), cv=2, filter_synthetic=False, random_state=0)
    results = model.fit(X, y).cv_results_
    # Candidates: zero, the balancing amount (20 of 40 rows) and the defaults 0.5, 1 and 2.
    np.testing.assert_allclose(results["synthetic_ratio"], [0.0, 0.5, 1.0, 2.0])
    np.testing.assert_array_equal(results["n_synthetic"], [0, 20, 40, 80])
    assert {"mean_test_score", "std_test_score", "rank_test_score", "split0_test_score", "split1_test_score"} <= set(
        results
    )
    split_mean = (results["split0_test_score"] + results["split1_test_score"]) / 2
    np.testing.assert_allclose(results["mean_test_score"], split_mean)
    best = np.argmax(results["mean_test_score"])
    threshold = results["mean_test_score"][best] - results["std_test_score"][best] / np.sqrt(2)
    chosen = np.flatnonzero(results["mean_test_score"] >= threshold)[0]
    assert model.synthetic_ratio_ == results["synthetic_ratio"][chosen]
    assert model.n_synthetic_ == results["n_synthetic"][chosen]


@pytest.mark.parametrize(
    ("means", "stds", "expected"),
    [
        # Threshold = best mean - its std / sqrt(3 folds); the first amount reaching it wins.
        ([0.91, 0.92, 0.91], [0.03, 0.03, 0.03], 0),  # 0.91 >= 0.903: the gain is within the noise
        ([0.85, 0.92, 0.91], [0.03, 0.03, 0.03], 1),  # zero is clearly worse
        ([0.85, 0.90, 0.93], [0.0, 0.0, 0.03], 2),  # 0.90 < 0.913: the largest amount earns its place
        ([0.80, 0.90, 0.95], [0.0, 0.0, 0.20], 1),  # the best is noisy: the steadier 0.90 is enough
        ([0.9, 0.9, 0.9], [0.0, 0.0, 0.0], 0),  # ties go to the smallest amount
    ],
)
def test_search_picks_the_smallest_amount_within_one_standard_error(means, stds, expected):
    from wgan_augment.pipeline import _smallest_within_one_standard_error

    assert _smallest_within_one_standard_error(np.array(means), np.array(stds), 3) == expected


def test_auto_mode_adds_balancing_amount_as_a_candidate():
    X, y = two_blobs(n_major=30, n_minor=6)
    model = AugmentedClassifier(LogisticRegression(), ShuffledLabelAugmenter(), cv=2, random_state=0).fit(X, y)
    np.testing.assert_allclose(model.cv_results_["synthetic_ratio"], [0.0, 0.5, 24 / 36, 1.0, 2.0])


def test_auto_mode_chooses_zero_rows_when_synthetic_rows_hurt():
    X, y = two_blobs(n_major=20, n_minor=20)
    model = AugmentedClassifier(
        CountingClassifier(), ShuffledLabelAugmenter(), candidates=(0.5, 1.0), filter_synthetic=False, random_state=0
    ).fit(X, y)
    scores = model.cv_results_["mean_test_score"]
    assert scores[0] == scores.max() > scores[-1]
    assert model.n_synthetic_ == 0 and model.augmenter_ is None
    assert model.estimator_.fit_counts_ == {0: 20, 1: 20}


def test_ties_go_to_the_smallest_amount():
    # Separable blobs: every amount scores 1.0, so the search keeps the real rows alone.
    X, y = two_blobs(n_major=20, n_minor=20)
    X[y == 1] += 20
    model = AugmentedClassifier(LogisticRegression(), tiny_augmenter(), cv=2, random_state=0).fit(X, y)
    assert np.all(model.cv_results_["mean_test_score"] == 1.0)
    assert model.n_synthetic_ == 0


def test_too_few_rows_to_search_add_no_rows_and_warn():
    X, y = two_blobs(n_major=3, n_minor=2)
    with pytest.warns(UserWarning, match="too few for a 3-fold inner cross-validation"):
        model = AugmentedClassifier(LogisticRegression(), tiny_augmenter()).fit(X, y)
    assert model.n_synthetic_ == 0 and model.cv_results_ is None


def test_filter_keeps_only_rows_the_real_data_model_agrees_with():
    X, y = two_blobs(n_major=20, n_minor=20)
    X[y == 1] += 5
    filtered = AugmentedClassifier(
        LogisticRegression(), ShuffledLabelAugmenter(wrong_share=0.5), n_synthetic=40, random_state=0
    ).fit(X, y)
    unfiltered = clone(filtered).set_params(filter_synthetic=False).fit(X, y)
    assert unfiltered.filter_acceptance_ is None
    assert filtered.n_synthetic_ == 40
    assert 0.3 < filtered.filter_acceptance_ < 0.7
    # Only honest copies were kept, so the final model fits its synthetic rows perfectly.
    judge = LogisticRegression().fit(X, y)
    X_syn, y_syn, _, _ = filtered._synthesize(X, y, 40, np.random.RandomState(1))
    np.testing.assert_array_equal(judge.predict(X_syn), y_syn)


def test_filter_that_rejects_every_draw_adds_no_rows():
    X, y = two_blobs(n_major=20, n_minor=20)
    X[y == 1] += 5
    model = AugmentedClassifier(CountingClassifier(), ShuffledLabelAugmenter(), n_synthetic=40, random_state=0)
    model.fit(X, y)
    assert model.filter_synthetic is True  # the default
    assert model.n_synthetic_ == 0 and model.filter_acceptance_ == 0.0
    assert model.estimator_.fit_counts_ == {0: 20, 1: 20}


def test_regressor_filter_drops_rows_with_far_off_targets():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 2))
    y = X @ [2.0, -1.0] + rng.normal(0, 0.1, 60)
    model = AugmentedRegressor(Ridge(), tiny_augmenter(n_steps=5), n_synthetic=30, filter_synthetic=True)
    model.set_params(random_state=0)
    model.fit(X, y)
    # An untrained GAN's targets rarely line up with its features: most rows are rejected.
    assert model.filter_acceptance_ < 0.5
    X_syn, y_syn, _, _ = model._synthesize(X, y, 30, np.random.RandomState(0))
    assert np.abs(y_syn - Ridge().fit(X, y).predict(X_syn)).max() < 1.0


# -- scikit-learn plumbing ------------------------------------------------------------------------------


def test_last_step_after_a_column_transformer():
    X, y = people_frame()
    encode = ColumnTransformer(
        [("numbers", StandardScaler(), ["age", "income"]), ("city", OneHotEncoder(sparse_output=False), ["city"])]
    )
    model = AugmentedClassifier(LogisticRegression(), tiny_augmenter(), n_synthetic=0.5, filter_synthetic=False)
    pipe = Pipeline([("encode", encode), ("model", model)])
    pipe.fit(X, y)
    assert pipe[-1].n_synthetic_ == 30
    assert set(pipe.predict(X)) <= {"yes", "no"}
    assert pipe.predict_proba(X).shape == (60, 2)


def test_augments_a_raw_mixed_type_frame_before_the_encoders():
    X, y = people_frame()
    encode = ColumnTransformer(
        [("numbers", StandardScaler(), ["age", "income"]), ("city", OneHotEncoder(handle_unknown="ignore"), ["city"])]
    )
    model = AugmentedClassifier(make_pipeline(encode, LogisticRegression()), tiny_augmenter(), n_synthetic=1.0)
    model.fit(X, y)
    assert 0 < model.n_synthetic_ <= 60
    assert list(model.feature_names_in_) == ["age", "income", "city"]
    # The augmenter learned the raw table, categories included.
    assert model.augmenter_.n_features_in_ == 3
    X_syn, _ = model.augmenter_.sample(50, random_state=0)
    assert set(X_syn["city"]) <= {"Lyon", "Paris"}
    assert model.score(X, y) > 0.5


def test_cross_val_score_and_grid_search_over_nested_augmenter_params():
    X, y = two_blobs(n_major=20, n_minor=20)
    model = AugmentedClassifier(LogisticRegression(), tiny_augmenter(), n_synthetic=0.5, random_state=0)
    scores = cross_val_score(model, X, y, cv=3)
    assert scores.shape == (3,) and np.all((0 <= scores) & (scores <= 1))
    search = GridSearchCV(model, {"augmenter__n_critic": [1, 2], "n_synthetic": [0, 0.5]}, cv=2).fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    assert search.best_estimator_.augmenter_ is None or search.best_estimator_.augmenter_.n_critic in (1, 2)


def test_clone_keeps_params_and_drops_fitted_state():
    model = AugmentedClassifier(LogisticRegression(C=0.5), tiny_augmenter(n_critic=3), n_synthetic=7)
    fitted = clone(model).fit(*two_blobs())
    copy = clone(fitted)
    assert copy.get_params()["augmenter__n_critic"] == 3 and copy.get_params()["estimator__C"] == 0.5
    assert not hasattr(copy, "estimator_")


def test_pickle_round_trip_predicts_the_same():
    X, y = two_blobs()
    model = AugmentedClassifier(LogisticRegression(), tiny_augmenter(), n_synthetic=1.0).fit(X, y)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict_proba(X), model.predict_proba(X))
    rows_before, rows_after = (fitted.augmenter_.sample(5, random_state=3)[0] for fitted in (model, restored))
    np.testing.assert_array_equal(rows_after, rows_before)


def test_random_state_makes_the_search_and_model_reproducible():
    X, y = two_blobs()
    model = AugmentedClassifier(LogisticRegression(), tiny_augmenter(random_state=None), cv=2, random_state=3)
    first, second = clone(model).fit(X, y), clone(model).fit(X, y)
    np.testing.assert_array_equal(first.cv_results_["mean_test_score"], second.cv_results_["mean_test_score"])
    np.testing.assert_array_equal(first.predict_proba(X), second.predict_proba(X))


def test_methods_are_offered_only_when_the_estimator_has_them():
    without_proba = AugmentedClassifier(SVC())
    assert not hasattr(without_proba, "predict_proba") and hasattr(without_proba, "decision_function")
    assert hasattr(AugmentedClassifier(SVC(probability=True)), "predict_proba")
    assert not hasattr(AugmentedRegressor(Ridge()), "predict_proba")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_synthetic": -1}, "n_synthetic"),
        ({"n_synthetic": "many"}, "n_synthetic"),
        ({"filter_synthetic": "yes"}, "filter_synthetic"),
        ({"augmenter": LogisticRegression()}, "augmenter"),
    ],
)
def test_invalid_parameters_are_named(params, message):
    with pytest.raises(InvalidParameterError, match=message):
        AugmentedClassifier(LogisticRegression(), **params).fit(*two_blobs())


def test_negative_candidates_are_rejected():
    with pytest.raises(ValueError, match=r"candidates must be non-negative.*-0\.5"):
        AugmentedClassifier(LogisticRegression(), tiny_augmenter(), candidates=(-0.5, 1.0)).fit(*two_blobs())


# -- the regressor ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_frame", [False, True])
def test_regressor_models_the_target_as_one_more_column(as_frame):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 3))
    y = X @ [1.0, 2.0, -1.0] + rng.normal(0, 0.1, 40)
    if as_frame:
        X = pd.DataFrame(X, columns=["a", "b", "target"])  # a feature already called "target"
    model = AugmentedRegressor(Ridge(), tiny_augmenter(), n_synthetic=0.5, random_state=0).fit(X, y)
    assert model.filter_synthetic is False  # the regressor's default, unlike the classifier's
    assert model.augmenter_.n_features_in_ == 4
    assert model.n_synthetic_ == 20
    assert model.predict(X).shape == (40,)
    if as_frame:
        assert list(model.augmenter_.feature_names_in_) == ["a", "b", "target", "_target"]


def test_regressor_auto_mode_searches_amounts():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(30, 2))
    y = X[:, 0] - X[:, 1]
    model = AugmentedRegressor(Ridge(), tiny_augmenter(), cv=2, random_state=0).fit(X, y)
    np.testing.assert_allclose(model.cv_results_["synthetic_ratio"], [0.0, 0.5, 1.0, 2.0])
    assert model.n_synthetic_ <= model.cv_results_["n_synthetic"].max()


# -- no leakage -------------------------------------------------------------------------------------------

EVENTS = []


class RecordingAugmenter(WGANAugmenter):
    """WGANAugmenter that logs the row ids (column 0) it is fitted on and every call to sample."""

    def fit(self, X, y=None):
        EVENTS.append(("fit", frozenset(np.asarray(X)[:, 0].astype(int).tolist())))
        return super().fit(X, y)

    def sample(self, n_samples, y=None, random_state=None):
        EVENTS.append(("sample", n_samples))
        return super().sample(n_samples, y=y, random_state=random_state)


def recording_accuracy(estimator, X, y):
    """The outer scorer: marks where predicting starts and which rows it validates on."""
    EVENTS.append(("predict", None))
    score = get_scorer("accuracy")(estimator, X, y)
    EVENTS.append(("validated", frozenset(np.asarray(X)[:, 0].astype(int).tolist())))
    return score


def test_cross_val_score_never_shows_validation_rows_to_the_augmenter():
    X, y = two_blobs(n_major=24, n_minor=24, seed=1)
    X = np.column_stack([np.arange(len(y)), X])  # column 0: the row id
    augmenter = RecordingAugmenter(**tiny_augmenter().get_params())
    model = AugmentedClassifier(LogisticRegression(), augmenter, candidates=(1.0,), cv=2, random_state=0)
    EVENTS.clear()
    outer = StratifiedKFold(3, shuffle=True, random_state=0)
    cross_val_score(model, X, y, cv=outer, scoring=recording_accuracy)

    validated = [rows for kind, rows in EVENTS if kind == "validated"]
    assert len(validated) == 3 and frozenset().union(*validated) == set(range(len(y)))
    fits_since_last_validation, n_fits = [], 0
    for position, (kind, rows) in enumerate(EVENTS):
        if kind == "fit":
            fits_since_last_validation.append(rows)
        elif kind == "predict":
            assert EVENTS[position + 1][0] == "validated", "the augmenter was called while predicting"
        elif kind == "validated":
            # Two inner fits (one per inner fold) plus, when rows were added, the final one.
            assert len(fits_since_last_validation) in (2, 3)
            for seen in fits_since_last_validation:
                assert seen.isdisjoint(rows)
            n_fits += len(fits_since_last_validation)
            fits_since_last_validation = []
    assert n_fits >= 6


def test_predict_never_calls_the_augmenter():
    X, y = two_blobs()
    X = np.column_stack([np.arange(len(y)), X])
    augmenter = RecordingAugmenter(**tiny_augmenter().get_params())
    model = AugmentedClassifier(LogisticRegression(), augmenter, n_synthetic=1.0)
    model.fit(X, y)
    EVENTS.clear()
    model.predict(X)
    model.predict_proba(X)
    model.decision_function(X)
    model.score(X, y)
    assert EVENTS == []


def test_parallel_inner_folds_choose_and_predict_as_one_after_another(capsys):
    X, y = people_frame(90, seed=3)
    estimator = make_pipeline(
        ColumnTransformer([("city", OneHotEncoder(), ["city"])], remainder=StandardScaler()), LogisticRegression()
    )
    fitted = {
        n_jobs: AugmentedClassifier(estimator, tiny_augmenter(), random_state=0, n_jobs=n_jobs, verbose=n_jobs == 2)
        .fit(X, y)
        for n_jobs in (1, 2)
    }
    assert fitted[1].n_synthetic_ == fitted[2].n_synthetic_
    np.testing.assert_array_equal(fitted[1].cv_results_["mean_test_score"], fitted[2].cv_results_["mean_test_score"])
    np.testing.assert_array_equal(fitted[1].predict_proba(X), fitted[2].predict_proba(X))
    progress = capsys.readouterr().err
    assert "[AugmentedClassifier] search: chose" in progress and "final fit: the augmenter on 90 rows" in progress


class ThreadRecordingAugmenter(WGANAugmenter):
    """Records the torch thread count each fit runs with."""

    seen_threads = []

    def fit(self, X, y=None):
        import torch

        ThreadRecordingAugmenter.seen_threads.append(torch.get_num_threads())
        return super().fit(X, y)


def test_inner_folds_run_with_one_torch_thread_and_the_final_fit_with_the_callers():
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        ThreadRecordingAugmenter.seen_threads.clear()
        X, y = two_blobs()
        augmenter = ThreadRecordingAugmenter(**tiny_augmenter().get_params())
        AugmentedClassifier(LogisticRegression(), augmenter, n_synthetic="auto", cv=3, random_state=0).fit(X, y)
        assert ThreadRecordingAugmenter.seen_threads[:3] == [1, 1, 1]
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(threads)


class SizeRecordingAugmenter(WGANAugmenter):
    """Records the batch size and layer widths each fit resolved."""

    seen_sizes = []

    def fit(self, X, y=None):
        super().fit(X, y)
        SizeRecordingAugmenter.seen_sizes.append((self.batch_size_, self.generator_dims_))
        return self


def test_inner_folds_train_the_network_sizes_the_final_fit_gets():
    # 1,200 rows of 2 columns get the large narrow table's sizes (batches of 256, 128-wide layers); inner
    # folds of 600 rows would get the scarce ones (batches of 64) unless the search fixes them from all
    # the training rows.
    SizeRecordingAugmenter.seen_sizes.clear()
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(1200, 2)), np.repeat([0, 1], 600)
    augmenter = SizeRecordingAugmenter(n_steps=1, n_critic=1, latent_dim=4, random_state=0)
    AugmentedClassifier(LogisticRegression(), augmenter, n_synthetic="auto", candidates=(0.1,), cv=2,
                        filter_synthetic=False, random_state=0).fit(X, y)
    assert SizeRecordingAugmenter.seen_sizes[:2] == [(256, (128, 128))] * 2
    assert augmenter.get_params()["batch_size"] == "auto"  # the caller's augmenter is left as it was


class FitCountingAugmenter(WGANAugmenter):
    fits = 0

    def fit(self, X, y=None):
        FitCountingAugmenter.fits += 1
        return super().fit(X, y)


def test_an_estimator_that_cannot_take_a_text_column_is_refused_before_any_gan_fit():
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"x": rng.normal(size=60), "city": rng.choice(["oslo", "rome"], 60)})
    y = rng.choice([0, 1], 60)
    FitCountingAugmenter.fits = 0
    with pytest.raises(ValueError, match=r"LogisticRegression cannot be fitted on this table: columns \['city'\] are "
                                         r"not numbers \(could not convert string to float.*OneHotEncoder.*"
                                         r"<your estimator>"):
        AugmentedClassifier(LogisticRegression(), FitCountingAugmenter(n_steps=2)).fit(X, y)
    assert FitCountingAugmenter.fits == 0


def test_an_estimator_with_its_own_encoder_takes_a_text_column():
    from sklearn.compose import make_column_transformer

    rng = np.random.default_rng(0)
    X = pd.DataFrame({"x": rng.normal(size=60), "city": rng.choice(["oslo", "rome"], 60)})
    y = (X["x"] > 0).astype(int).to_numpy()
    encoded = make_pipeline(make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["city"]),
                                                    remainder="passthrough"), LogisticRegression())
    model = AugmentedClassifier(encoded, WGANAugmenter(n_steps=2, random_state=0), n_synthetic=10,
                                filter_synthetic=False, random_state=0).fit(X, y)
    assert model.n_synthetic_ == 10 and model.score(X, y) > 0.9


def test_float_class_labels_do_not_make_the_column_check_refuse_a_working_pipeline():
    from sklearn.compose import make_column_transformer

    from wgan_augment._meta._estimator_check import check_estimator_takes

    rng = np.random.default_rng(0)
    X = pd.DataFrame({"x": rng.normal(size=100), "city": rng.choice(["oslo", "rome"], 100)})
    y = np.sort(rng.choice([0.0, 1.0], 100))  # the first 50 rows hold one class
    encoded = make_pipeline(make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["city"]),
                                                    remainder="passthrough"), LogisticRegression())
    check_estimator_takes(encoded, X, y)  # raises if refused
