"""Do synthetic digits help a classifier trained on 10 images per class? (the images issue's benchmark)

On scikit-learn's digits (8x8 grayscale, 0-16), for each seed: draw 10 training images per class, test on
the other 1,697, and score classifiers trained on
  - the real images alone,
  - real + classic augmentation (each image shifted one pixel up, down, left and right, and rotated
    by -10 and +10 degrees: 6 extra images per real one),
  - real + synthetic images from a class-conditional WGANAugmenter: as many as classic adds (6 per
    real image), and 1 per real image,
  - real + both.
It also reports the share of conditionally generated images that a classifier trained on all 1,797
real digits assigns to the requested class, and how close synthetic images sit to the training images
compared with unseen real ones (median nearest-training-image distance ratio; well below 1 means the
model is copying its training images).

Run:  python benchmarks/images.py [--seeds 5] [--quick] [WGANAugmenter parameters, e.g. --n-steps 500]
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import torch
from scipy import ndimage
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors
from sklearn.svm import SVC

from wgan_augment import WGANAugmenter

PER_CLASS = 10
EXTRA_PER_IMAGE = 6  # four one-pixel shifts and two rotations
CLASSIFIERS = {
    "logistic regression": lambda: LogisticRegression(max_iter=5000),
    "SVC (RBF)": lambda: SVC(gamma="scale"),
}


def classic_augmentation(images: np.ndarray) -> np.ndarray:
    """Six variants of each image: one-pixel shifts in four directions, rotations by -10 and +10 degrees."""
    shifts = [ndimage.shift(images, (0, dy, dx), order=0, mode="constant", cval=0.0)
              for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1))]
    rotations = [ndimage.rotate(images, angle, axes=(1, 2), reshape=False, order=1, mode="constant", cval=0.0)
                 for angle in (-10, 10)]
    return np.concatenate(shifts + rotations)


def split(labels: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    train = np.concatenate([rng.choice(np.flatnonzero(labels == c), PER_CLASS, replace=False) for c in range(10)])
    test = np.setdiff1d(np.arange(len(labels)), train)
    return train, test


def accuracy(make_classifier, images, labels, test_images, test_labels) -> float:
    classifier = make_classifier().fit(images.reshape(len(images), -1) / 16.0, labels)
    return float(classifier.score(test_images.reshape(len(test_images), -1) / 16.0, test_labels))


def nearest_distance(reference: np.ndarray, queries: np.ndarray) -> np.ndarray:
    index = NearestNeighbors(n_neighbors=1).fit(reference.reshape(len(reference), -1))
    return index.kneighbors(queries.reshape(len(queries), -1))[0][:, 0]


def run_seed(seed: int, images, labels, judge, params: dict) -> dict:
    train, test = split(labels, seed)
    X, y = images[train], labels[train]
    X_test, y_test = images[test], labels[test]
    classic_X = classic_augmentation(X)
    classic_y = np.tile(y, EXTRA_PER_IMAGE)

    started = time.perf_counter()
    augmenter = WGANAugmenter(random_state=seed, **params).fit(X, y)
    fit_seconds = time.perf_counter() - started
    synthetic_X, synthetic_y = augmenter.sample(len(classic_X), y=np.repeat(np.arange(10), len(classic_X) // 10),
                                                random_state=seed)
    one_each = np.concatenate([np.flatnonzero(synthetic_y == c)[:PER_CLASS] for c in range(10)])
    training_sets = {
        "real only": (X, y),
        "real + classic": (np.concatenate([X, classic_X]), np.concatenate([y, classic_y])),
        "real + synthetic": (np.concatenate([X, synthetic_X]), np.concatenate([y, synthetic_y])),
        "real + synthetic (1 per image)": (np.concatenate([X, synthetic_X[one_each]]),
                                           np.concatenate([y, synthetic_y[one_each]])),
        "real + classic + synthetic": (np.concatenate([X, classic_X, synthetic_X]),
                                       np.concatenate([y, classic_y, synthetic_y])),
    }
    result = {"fit_seconds": fit_seconds}
    for classifier_name, make_classifier in CLASSIFIERS.items():
        for set_name, (train_X, train_y) in training_sets.items():
            result[(classifier_name, set_name)] = accuracy(make_classifier, train_X, train_y, X_test, y_test)
    result["conditional accuracy"] = float(judge.score(synthetic_X.reshape(len(synthetic_X), -1) / 16.0, synthetic_y))
    synthetic_distance = np.median(nearest_distance(X, synthetic_X))
    unseen_distance = np.median(nearest_distance(X, X_test))
    result["distance ratio"] = float(synthetic_distance / unseen_distance)
    return result


def parse_args() -> tuple[argparse.Namespace, dict]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="one seed, 30 generator steps: checks the script runs")
    for name, kind in [("n-steps", int), ("batch-size", int), ("n-critic", int), ("conv-width", int),
                       ("latent-dim", int), ("diff-augment", str), ("ema-decay", float), ("generator-lr", float),
                       ("critic-lr", float), ("constraint", str)]:
        parser.add_argument(f"--{name}", type=kind, default=None, help="WGANAugmenter parameter (default: its default)")
    args = parser.parse_args()
    params = {name: value for name, value in vars(args).items()
              if name not in ("seeds", "quick") and value is not None}
    if args.quick:
        args.seeds = 1
        params.setdefault("n_steps", 30)
    return args, params


def main() -> None:
    args, params = parse_args()
    digits = load_digits()
    images, labels = digits.images, digits.target
    judge = SVC(gamma="scale").fit(images.reshape(len(images), -1) / 16.0, labels)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads")
    print(f"digits, {PER_CLASS} training images per class, {args.seeds} seeds; WGANAugmenter({params or 'defaults'})")
    results = [run_seed(seed, images, labels, judge, params) for seed in range(args.seeds)]

    def summary(key) -> str:
        values = np.array([result[key] for result in results])
        return f"{values.mean():.3f} ± {values.std():.3f}"

    print(f"\n{'classifier':<20} {'training images':<31} {'test accuracy':>15}")
    for classifier_name in CLASSIFIERS:
        for set_name in ("real only", "real + classic", "real + synthetic", "real + synthetic (1 per image)",
                         "real + classic + synthetic"):
            print(f"{classifier_name:<20} {set_name:<31} {summary((classifier_name, set_name)):>15}")
    print("\nconditional accuracy of synthetic images (SVC trained on all real digits): "
          f"{summary('conditional accuracy')}")
    print(f"median distance to the nearest training image, synthetic / unseen real: {summary('distance ratio')}")
    print(f"fit time per seed: {summary('fit_seconds')} s")


if __name__ == "__main__":
    main()
