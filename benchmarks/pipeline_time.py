"""How long the safety net takes: ``AugmentedClassifier`` with its defaults on a 100-row table, n_jobs 1 and 2.

The default search fits the GAN once per inner fold (3) and once more on all rows; with ``n_jobs=2``
the inner folds run two at a time, each with one torch thread. Both runs must choose the same amount
and predict the same labels. Run on an idle machine:

    python benchmarks/pipeline_time.py
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import torch
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from wgan_augment import AugmentedClassifier, WGANAugmenter


def main() -> None:
    data = load_breast_cancer()
    X, X_test, y, y_test = train_test_split(data.data, data.target, train_size=100, stratify=data.target,
                                            random_state=0)
    print(f"100 training rows x {X.shape[1]} columns (breast cancer), torch threads: {torch.get_num_threads()}")
    fitted = {}
    for n_jobs in (1, 2):
        model = AugmentedClassifier(make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)),
                                    WGANAugmenter(random_state=0), random_state=0, n_jobs=n_jobs)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(X, y)
        seconds = time.perf_counter() - start
        fitted[n_jobs] = model
        print(f"n_jobs={n_jobs}: fit {seconds:.1f} s, n_synthetic_={model.n_synthetic_}, "
              f"held-out accuracy {model.score(X_test, y_test):.3f}")
    same = np.array_equal(fitted[1].predict(X_test), fitted[2].predict(X_test))
    print(f"same n_synthetic_: {fitted[1].n_synthetic_ == fitted[2].n_synthetic_}, same predictions: {same}")


if __name__ == "__main__":
    main()
