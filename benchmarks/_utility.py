"""Section 5, utility: does augmentation help a classifier trained on a small sample?

For each dataset and seed, a stratified sample of a few dozen rows trains the classifier and the rest
tests it. The training rows are used as they are, or with rows added by SMOTE, by SDV's
GaussianCopula and CTGAN (each fitted on the training rows with the class as a column, then as many
rows drawn as there are training rows), by our class-conditional WGAN (as many rows, no search), and
by ``AugmentedClassifier`` with its defaults (it chooses how many rows to add, zero included, by an
inner cross-validation). Scores: balanced accuracy and ROC-AUC on the test rows; gains are differences
from "none" on the same split, averaged over the seeds.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from wgan_augment import AugmentedClassifier, WGANAugmenter

from ._measure import Figure, SectionResult
from ._peers import fit_ctgan, fit_gaussian_copula, sample_gaussian_copula, smote
from ._settings import Settings
from ._tables import LABEL, utility_datasets

# The augmenter of the README's pipeline example: small tables train well with a small, quick model.
AUGMENTER = WGANAugmenter(n_steps=500, batch_size=64, generator_dims=(128, 128), critic_dims=(128, 128))
CLASSIFIERS = {
    "logistic regression": make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)),
    "random forest": RandomForestClassifier(n_estimators=200, n_jobs=1),
}
OURS = "AugmentedClassifier (defaults)"


def run(settings: Settings) -> SectionResult:
    result = SectionResult()
    records = []
    for dataset, (X, y) in utility_datasets(settings.quick).items():
        for seed in range(settings.utility_seeds):
            records += _score_split(dataset, X, y, seed, settings)
            print(f"  {dataset}, seed {seed} done", flush=True)
    scores = pd.DataFrame.from_records(records)
    _report(scores, settings, result)
    return result


def _score_split(dataset: str, X: pd.DataFrame, y: np.ndarray, seed: int, settings: Settings) -> list[dict]:
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, train_size=settings.utility_train_rows, stratify=y, random_state=seed)
    X_train, X_test = X_train.reset_index(drop=True), X_test.reset_index(drop=True)
    added = _added_rows(X_train, y_train, seed)
    records = []
    for classifier_name in settings.utility_classifiers:
        classifier = clone(CLASSIFIERS[classifier_name])
        classifier.set_params(**_seed_params(classifier, seed))
        models = {method: (classifier, rows) for method, rows in added.items()}
        augmented = AugmentedClassifier(classifier, clone(AUGMENTER), random_state=seed)
        models[OURS] = (augmented, None)
        for method, (model, rows) in models.items():
            X_fit, y_fit = (X_train, y_train) if rows is None else (
                pd.concat([X_train, rows[0]], ignore_index=True), np.concatenate([y_train, rows[1]]))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fitted = clone(model).fit(X_fit, y_fit)
            records.append({"dataset": dataset, "classifier": classifier_name, "method": method, "seed": seed,
                            **_scores(fitted, X_test, y_test)})
    return records


def _added_rows(X: pd.DataFrame, y: np.ndarray, seed: int) -> dict:
    """Rows each classifier-independent method adds to the training rows (None: none added)."""
    n_rows = len(y)
    X_smote, y_smote = smote(seed).fit_resample(X, y)
    table = X.assign(**{LABEL: [f"class_{label}" for label in y]})
    copula = sample_gaussian_copula(fit_gaussian_copula(table), n_rows)
    ctgan, _, _, _ = fit_ctgan(table, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ctgan_rows = ctgan.sample(n_rows)
    wgan = clone(AUGMENTER).set_params(random_state=seed).fit(X, y)
    return {
        "none": None,
        "SMOTE": (X_smote.iloc[n_rows:].reset_index(drop=True), np.asarray(y_smote)[n_rows:]),
        "GaussianCopula": _split_label(copula, X.columns),
        "CTGAN (defaults)": _split_label(ctgan_rows, X.columns),
        "WGAN, 1× rows, no search": wgan.sample(n_rows, random_state=seed),
    }


def _split_label(table: pd.DataFrame, columns) -> tuple[pd.DataFrame, np.ndarray]:
    labels = table[LABEL].str.removeprefix("class_").astype(int).to_numpy()
    return table[list(columns)].reset_index(drop=True), labels


def _seed_params(estimator, seed: int) -> dict:
    return {name: seed for name in estimator.get_params() if name.endswith("random_state")}


def _scores(model, X_test: pd.DataFrame, y_test: np.ndarray) -> dict:
    probabilities = model.predict_proba(X_test)
    if probabilities.shape[1] == 2:
        auc = roc_auc_score(y_test, probabilities[:, 1])
    else:
        auc = roc_auc_score(y_test, probabilities, multi_class="ovr")
    return {"balanced_accuracy": balanced_accuracy_score(y_test, model.predict(X_test)), "roc_auc": auc}


def _report(scores: pd.DataFrame, settings: Settings, result: SectionResult) -> None:
    baseline = scores[scores["method"] == "none"].set_index(["dataset", "classifier", "seed"])
    keyed = scores.set_index(["dataset", "classifier", "seed"])
    for metric in ("balanced_accuracy", "roc_auc"):
        keyed[f"{metric}_gain"] = keyed[metric] - baseline[metric].reindex(keyed.index).to_numpy()
    summary = keyed.reset_index().groupby(["dataset", "classifier", "method"], sort=False).agg(
        ["mean", "std"])
    result.say(f"{settings.utility_train_rows} training rows per split, the rest for testing; mean ± std over "
               f"{settings.utility_seeds} seeds. Our augmenter: {_describe(AUGMENTER)}.")
    result.say("| dataset | classifier | method | balanced accuracy | gain | ROC-AUC | gain |")
    result.say("|---|---|---|---|---|---|---|")
    for (dataset, classifier, method), row in summary.iterrows():
        cells = [f"{row[(metric, 'mean')]:+.3f} ± {row[(metric, 'std')]:.3f}" if metric.endswith("gain") else
                 f"{row[(metric, 'mean')]:.3f} ± {row[(metric, 'std')]:.3f}"
                 for metric in ("balanced_accuracy", "balanced_accuracy_gain", "roc_auc", "roc_auc_gain")]
        result.say(f"| {dataset} | {classifier} | {method} | " + " | ".join(cells) + " |")
    for (dataset, classifier), group in summary.groupby(level=[0, 1], sort=False):
        gains = group[("balanced_accuracy_gain", "mean")].droplevel([0, 1])
        peers = gains.drop(["none", OURS, "WGAN, 1× rows, no search"])
        best_peer = peers.idxmax()
        result.figures.append(Figure(
            "5 utility", f"balanced-accuracy gain over no augmentation, {dataset}, {classifier}", gains[OURS], "",
            f"best peer ({best_peer})", peers[best_peer], comparable=False, note="reported, no target"))


def _describe(augmenter: WGANAugmenter) -> str:
    changed = {name: value for name, value in augmenter.get_params().items()
               if name in ("n_steps", "batch_size", "generator_dims", "critic_dims")}
    return ", ".join(f"{name}={value}" for name, value in changed.items())
