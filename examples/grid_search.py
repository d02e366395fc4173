"""Grid search over augmentation and classifier settings together, without leakage.

``AugmentedClassifier`` is a plain scikit-learn estimator, so ``GridSearchCV`` can tune the amount
of synthetic rows (``n_synthetic``, zero included), the GAN (``augmenter__...``) and the classifier
(``estimator__...``) in one search. Each candidate is fitted on the training folds only: the GAN
never sees a validation row, and the best setting is then scored once on rows kept out of the search.

The table is a stratified 150-row sample of scikit-learn's breast cancer data: 100 rows to search
on, 50 to test the chosen model.

Run::

    python examples/grid_search.py            # a few minutes on a laptop CPU
    python examples/grid_search.py --quick    # tiny budget, seconds: checks the plumbing only
"""

from __future__ import annotations

import argparse

import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from wgan_augment import AugmentedClassifier, WGANAugmenter


def augmenter(quick):
    if quick:
        return WGANAugmenter(n_steps=10, batch_size=32, n_critic=1, generator_dims=(16,), critic_dims=(16,),
                             latent_dim=8, random_state=0)
    # The budget of examples/pipeline_comparison.py: minutes on a laptop CPU for the whole search.
    return WGANAugmenter(n_steps=500, batch_size=64, generator_dims=(128, 128), critic_dims=(128, 128), random_state=0)


def search(quick):
    model = AugmentedClassifier(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)), augmenter(quick), random_state=0
    )
    grid = {
        "n_synthetic": [0, 1.0],  # 0: no synthetic rows, 1.0: as many as the training fold has
        "estimator__logisticregression__C": [0.1, 1.0],
    }
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    return GridSearchCV(model, grid, cv=folds, scoring="balanced_accuracy")


def print_results(searched):
    results = pd.DataFrame(searched.cv_results_)
    table = pd.DataFrame({
        "n_synthetic": results["param_n_synthetic"],
        "C": results["param_estimator__logisticregression__C"],
        "balanced accuracy": [f"{mean:.3f} ± {std:.3f}" for mean, std in
                              zip(results["mean_test_score"], results["std_test_score"])],
        "rank": results["rank_test_score"],
    })
    print(table.to_string(index=False))
    print(f"\nBest setting: {searched.best_params_}")
    print(f"Synthetic rows the refitted best model was trained with: {searched.best_estimator_.n_synthetic_}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny GAN budget: a smoke test")
    args = parser.parse_args(argv)
    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    X_small, _, y_small, _ = train_test_split(X, y, train_size=150, stratify=y, random_state=0)
    X_search, X_test, y_search, y_test = train_test_split(
        X_small, y_small, train_size=100, stratify=y_small, random_state=0
    )
    print(f"{len(y_search)} rows to search on, {len(y_test)} to test; 3-fold CV, balanced accuracy\n")
    searched = search(args.quick).fit(X_search, y_search)
    print_results(searched)
    print(f"Accuracy of the chosen model on the {len(y_test)} test rows: {searched.score(X_test, y_test):.3f}")


if __name__ == "__main__":
    main()
