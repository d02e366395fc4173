"""Does WGAN augmentation help a classifier on a small table? A cross-validated comparison.

Two tables shipped with scikit-learn, each cut to 100 rows (stratified): breast cancer (2 classes,
30 features) and wine (3 classes, 13 features). Every method is the same scaled logistic regression,
trained on:

- the real rows alone;
- SMOTE-balanced rows, in an imbalanced-learn pipeline (when imbalanced-learn is installed);
- real plus synthetic rows from ``AugmentedClassifier`` with a fixed amount: as many (filtered)
  synthetic rows as real ones, no safety net;
- ``AugmentedClassifier`` in its default mode, which picks the amount -- zero included -- by an inner
  cross-validation on each training fold.

The outer cross-validation is the same for all, and synthetic rows come from training folds only.

Run::

    python examples/pipeline_comparison.py            # full budget: several minutes on a laptop CPU
    python examples/pipeline_comparison.py --quick    # tiny budget, seconds: checks the plumbing only
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from wgan_augment import AugmentedClassifier, WGANAugmenter

N_ROWS = 100


def small_table(load, n_rows=N_ROWS, seed=0):
    X, y = load(return_X_y=True, as_frame=True)
    X_small, _, y_small, _ = train_test_split(X, y, train_size=n_rows, stratify=y, random_state=seed)
    return X_small.reset_index(drop=True), y_small.reset_index(drop=True)


def classifier():
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))


def augmenter(quick):
    if quick:
        return WGANAugmenter(
            n_steps=10, batch_size=32, n_critic=1, generator_dims=(16,), critic_dims=(16,), latent_dim=8,
            continuous_encoding="quantile", random_state=0,
        )
    # Sized to run the whole comparison (50 GAN fits) in minutes on a laptop CPU: half the default
    # steps, narrower networks, smaller batches. On a GPU, WGANAugmenter(random_state=0) works as well.
    return WGANAugmenter(n_steps=500, batch_size=64, generator_dims=(128, 128), critic_dims=(128, 128), random_state=0)


def methods(quick):
    """Name -> estimator; every one is cross-validated as a whole, augmentation inside the folds."""
    candidates = {"classifier alone": classifier()}
    try:
        from imblearn.over_sampling import SMOTE
        from imblearn.pipeline import make_pipeline as make_imblearn_pipeline
    except ImportError:
        print("imbalanced-learn is not installed: no SMOTE row.")
    else:
        candidates["SMOTE"] = make_imblearn_pipeline(
            StandardScaler(), SMOTE(k_neighbors=3, random_state=0), LogisticRegression(max_iter=5000)
        )
    candidates["AugmentedClassifier, 1x rows, no search"] = AugmentedClassifier(
        classifier(), augmenter(quick), n_synthetic=1.0, random_state=0
    )
    candidates["AugmentedClassifier, default (search)"] = AugmentedClassifier(
        classifier(), augmenter(quick), random_state=0
    )
    return candidates


def synthetic_rows(fitted_models):
    """Rows each outer fold's fit added: AugmentedClassifier's n_synthetic_, or what SMOTE generated."""
    return [_rows_added(model) for model in fitted_models]


def _rows_added(model):
    if hasattr(model, "n_synthetic_"):
        return model.n_synthetic_
    # imbalanced-learn samplers record {class: rows generated} after fitting.
    steps = getattr(model, "steps", [])
    return sum(sum(step.sampling_strategy_.values()) for _, step in steps if hasattr(step, "sampling_strategy_"))


def compare(datasets, n_folds, quick):
    """One result per dataset and method, yielded as soon as its cross-validation is done."""
    for dataset, (X, y) in datasets.items():
        folds = StratifiedKFold(n_folds, shuffle=True, random_state=0)
        for name, model in methods(quick).items():
            start = time.perf_counter()
            result = cross_validate(model, X, y, cv=folds, scoring="accuracy", return_estimator=True)
            yield {
                "dataset": dataset,
                "method": name,
                "accuracy": result["test_score"],
                "synthetic": synthetic_rows(result["estimator"]),
                "seconds": time.perf_counter() - start,
            }


def print_table(rows):
    header = f"{'dataset':<14} {'method':<40} {'accuracy':>15}  {'synthetic rows per outer fold':<30} {'time':>6}"
    print(header)
    print("-" * len(header))
    for row in rows:
        accuracy = f"{row['accuracy'].mean():.3f} ± {row['accuracy'].std():.3f}"
        synthetic = ", ".join(str(count) for count in row["synthetic"])
        line = f"{row['dataset']:<14} {row['method']:<40} {accuracy:>15}  {synthetic:<30} {row['seconds']:>5.0f}s"
        print(line, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny GAN budget and 3 folds: a smoke test")
    parser.add_argument("--folds", type=int, default=None, help="outer folds (default 5; 3 with --quick)")
    args = parser.parse_args(argv)
    n_folds = args.folds or (3 if args.quick else 5)
    datasets = {"breast_cancer": small_table(load_breast_cancer), "wine": small_table(load_wine)}
    if args.quick:
        datasets = {"wine": small_table(load_wine, n_rows=45)}
    for dataset, (X, y) in datasets.items():
        counts = np.bincount(y)
        print(f"{dataset}: {len(y)} rows, {X.shape[1]} features, class counts {counts.tolist()}")
    print(f"{n_folds}-fold stratified cross-validation, accuracy (mean ± std over folds)\n")
    print_table(compare(datasets, n_folds, args.quick))


if __name__ == "__main__":
    main()
