"""Do synthetic images help a classifier trained on a few dozen 28x28 images per class? (the images issues' benchmark)

The data: scikit-learn's 1,797 handwritten digits, upscaled from 8x8 to a 20x20 digit (cubic) and padded
to 28x28 like MNIST's (uint8, 0-255); no data set is downloaded. For each number of training images per
class (10 and 20) and each seed: draw that many training images per class, test on all the others, and
score three classifiers (logistic regression, an RBF SVC, a small MLP) trained on
  - real only,
  - real + duplicates: every training image 4 more times,
  - real + classic: 4 randomly rotated (up to 15 degrees), shifted (up to 2 pixels) and rescaled (up to
    10%) variants of every training image,
  - real + synthetic: 4 variants of every training image from WGANAugmenter with its defaults, fitted
    on the training images: ``vary(X, y)``, which decodes codes near each image's own latent code,
  - real + classic + synthetic: both,
  - real + sampled, real + classic + sampled: the same with 4 images per training image drawn by
    ``sample`` (from the prior, with the training labels) instead.
Each adds 4 images per real one, so the rows compare what is added, not how much. For the synthetic
and the sampled images it also reports:
  - conditional accuracy: the share an SVC trained on the test images reads as their requested class,
  - near-copies: the share whose nearest training image is less than a third as far as the second
    nearest (the ratio test of Yoon et al. 2023: such an image is a copy of one training image, not a
    new one),
  - a 1-NN two-sample test (Lopez-Paz & Oquab 2017): the leave-one-out accuracy of a 1-nearest-neighbour
    classifier telling them from as many unseen real images (0.5: indistinguishable, 1: apart),
  - the median distance to the nearest training image, theirs over unseen real images',
  - the time to fit, sample and vary, with the torch threads stated.
Paired differences (per seed, then mean and standard deviation over seeds) answer the issue's questions:
does real + classic + synthetic beat real + classic, and real + synthetic beat real + duplicates, by
more than the seed-to-seed standard deviation?

Run:  python benchmarks/images.py [--seeds 5] [--per-class 10 20] [--json results.json] [--quick]
      [WGANAugmenter parameters, e.g. --n-steps 500]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import numpy as np
import torch
from scipy import ndimage
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors
from sklearn.neural_network import MLPClassifier
from sklearn.svm import SVC

from wgan_augment import WGANAugmenter
from wgan_augment.images import random_affine

EXTRA_PER_IMAGE = 4
SIDE, DIGIT_SIDE = 28, 20
NEAR_COPY_RATIO = 1 / 3
CLASSIFIERS = {
    "logistic regression": lambda seed: LogisticRegression(max_iter=2000),
    "SVC (RBF)": lambda seed: SVC(gamma="scale"),
    "MLP (128)": lambda seed: MLPClassifier((128,), max_iter=300, random_state=seed),
}
TRAINING_SETS = ("real only", "real + duplicates", "real + classic", "real + synthetic", "real + classic + synthetic",
                 "real + sampled", "real + classic + sampled")
GENERATED = ("synthetic", "sampled")
COMPARISONS = (("real + classic + synthetic", "real + classic"), ("real + synthetic", "real + duplicates"))


def digits_28x28() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's digits as 28x28 uint8 images: the 8x8 digit upscaled to 20x20 (cubic) and padded by 4."""
    digits = load_digits()
    upscaled = ndimage.zoom(digits.images, (1, DIGIT_SIDE / 8, DIGIT_SIDE / 8), order=3)
    margin = (SIDE - DIGIT_SIDE) // 2
    padded = np.pad(np.clip(upscaled, 0, 16) / 16, ((0, 0), (margin, margin), (margin, margin)))
    return np.round(padded * 255).astype(np.uint8), digits.target


def classic_augmentation(images: np.ndarray, seed: int) -> np.ndarray:
    """``EXTRA_PER_IMAGE`` random rotations, shifts and rescalings of every image (uint8 in, uint8 out)."""
    stacked = torch.from_numpy(np.tile(images, (EXTRA_PER_IMAGE, 1, 1))[:, None] / 255.0).float()
    varied = random_affine(stacked, torch.Generator().manual_seed(seed), fill=0.0)
    return np.round(varied[:, 0].numpy() * 255).clip(0, 255).astype(np.uint8)


def split(labels: np.ndarray, per_class: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    train = np.concatenate([rng.choice(np.flatnonzero(labels == c), per_class, replace=False) for c in range(10)])
    return train, np.setdiff1d(np.arange(len(labels)), train)


def rows(images: np.ndarray) -> np.ndarray:
    return images.reshape(len(images), -1) / 255.0


def two_nearest_distances(reference: np.ndarray, queries: np.ndarray) -> np.ndarray:
    index = NearestNeighbors(n_neighbors=2).fit(rows(reference))
    return index.kneighbors(rows(queries))[0]


def one_nn_two_sample_accuracy(real: np.ndarray, synthetic: np.ndarray) -> float:
    """Leave-one-out accuracy of 1-NN telling the two sets apart (equal sizes)."""
    pooled = np.concatenate([rows(real), rows(synthetic)])
    origin = np.repeat([0, 1], [len(real), len(synthetic)])
    _, nearest = NearestNeighbors(n_neighbors=2).fit(pooled).kneighbors(pooled)
    return float(np.mean(origin[nearest[:, 1]] == origin))  # neighbour 0 is the image itself


def run_seed(seed: int, per_class: int, images, labels, params: dict) -> dict:
    train, test = split(labels, per_class, seed)
    X, y = images[train], labels[train]
    X_test, y_test = images[test], labels[test]
    extra_y = np.tile(y, EXTRA_PER_IMAGE)
    classic_X = classic_augmentation(X, seed)

    started = time.perf_counter()
    augmenter = WGANAugmenter(random_state=seed, **params).fit(X, y)
    generated = {"sampled": augmenter.sample(len(extra_y), y=extra_y, random_state=seed)[0],
                 "synthetic": augmenter.vary(X, y, n_per_image=EXTRA_PER_IMAGE, random_state=seed)[0]}
    seconds = time.perf_counter() - started
    generated_y = {"sampled": extra_y, "synthetic": np.repeat(y, EXTRA_PER_IMAGE)}

    training_sets = {
        "real only": (X, y),
        "real + duplicates": (np.tile(X, (1 + EXTRA_PER_IMAGE, 1, 1)), np.tile(y, 1 + EXTRA_PER_IMAGE)),
        "real + classic": (np.concatenate([X, classic_X]), np.concatenate([y, extra_y])),
    }
    for name in GENERATED:
        training_sets[f"real + {name}"] = (np.concatenate([X, generated[name]]), np.concatenate([y, generated_y[name]]))
        training_sets[f"real + classic + {name}"] = (np.concatenate([X, classic_X, generated[name]]),
                                                     np.concatenate([y, extra_y, generated_y[name]]))
    result = {"fit, sample and vary seconds": seconds}
    for classifier_name, make_classifier in CLASSIFIERS.items():
        for set_name in TRAINING_SETS:
            train_X, train_y = training_sets[set_name]
            classifier = make_classifier(seed).fit(rows(train_X), train_y)
            result[f"{classifier_name} | {set_name}"] = float(classifier.score(rows(X_test), y_test))

    judge = SVC(gamma="scale").fit(rows(X_test), y_test)
    unseen_nearest = two_nearest_distances(X, X_test)[:, 0]
    for name in GENERATED:
        images = generated[name]
        nearest_two = two_nearest_distances(X, images)
        unseen = np.random.default_rng(seed).choice(len(X_test), len(images), replace=False)
        result[f"{name}: conditional accuracy"] = float(judge.score(rows(images), generated_y[name]))
        result[f"{name}: near-copies"] = float(np.mean(nearest_two[:, 0] < NEAR_COPY_RATIO * nearest_two[:, 1]))
        result[f"{name}: 1-NN two-sample accuracy"] = one_nn_two_sample_accuracy(X_test[unseen], images)
        result[f"{name}: distance ratio"] = float(np.median(nearest_two[:, 0]) / np.median(unseen_nearest))
    return result


def parse_args() -> tuple[argparse.Namespace, dict]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--per-class", type=int, nargs="+", default=[10, 20])
    parser.add_argument("--json", help="write every per-seed figure to this file")
    parser.add_argument("--quick", action="store_true", help="one seed, 10 per class, 30 steps: checks that it runs")
    for name, kind in [("n-steps", int), ("batch-size", int), ("n-critic", int), ("gp-interval", int),
                       ("conv-width", int), ("latent-dim", int), ("diff-augment", str),
                       ("ema-decay", float), ("generator-lr", float), ("critic-lr", float)]:
        parser.add_argument(f"--{name}", type=kind, default=None, help="WGANAugmenter parameter (default: its default)")
    args = parser.parse_args()
    params = {name: value for name, value in vars(args).items()
              if name not in ("seeds", "per_class", "json", "quick") and value is not None}
    if args.quick:
        args.seeds, args.per_class = 1, [10]
        params.setdefault("n_steps", 30)
    return args, params


def summary(values) -> str:
    values = np.asarray(values)
    return f"{values.mean():.3f} ± {values.std():.3f}"


def report(per_class: int, results: list[dict]) -> None:
    def column(key):
        return [result[key] for result in results]

    print(f"\n{per_class} training images per class, {len(results)} seeds")
    print(f"{'classifier':<20} {'training images':<28} {'test accuracy':>15}")
    for classifier_name in CLASSIFIERS:
        for set_name in TRAINING_SETS:
            print(f"{classifier_name:<20} {set_name:<28} {summary(column(f'{classifier_name} | {set_name}')):>15}")
    print("\npaired differences (mean ± standard deviation over seeds; 'yes' when the mean exceeds the standard "
          "deviation of either row and of the difference)")
    for classifier_name in CLASSIFIERS:
        for better, baseline in COMPARISONS:
            ours = np.array(column(f"{classifier_name} | {better}"))
            theirs = np.array(column(f"{classifier_name} | {baseline}"))
            difference = ours - theirs
            clear = difference.mean() > max(difference.std(), ours.std(), theirs.std())
            print(f"{classifier_name:<20} {better} − {baseline}: {difference.mean():+.3f} ± {difference.std():.3f}"
                  f"  {'yes' if clear else 'no'}")
    print()
    for name in GENERATED:
        for measure in ("conditional accuracy", "near-copies", "1-NN two-sample accuracy", "distance ratio"):
            print(f"{name + ': ' + measure:<36} {summary(column(f'{name}: {measure}'))}")
    print(f"{'fit, sample and vary seconds':<36} {summary(column('fit, sample and vary seconds'))}")


def main() -> None:
    args, params = parse_args()
    images, labels = digits_28x28()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads")
    print(f"28x28 digits (scikit-learn's, upscaled), {args.seeds} seeds; WGANAugmenter({params or 'defaults'})")
    everything = {}
    for per_class in args.per_class:
        results = []
        for seed in range(args.seeds):
            results.append(run_seed(seed, per_class, images, labels, params))
            seconds = results[-1]["fit, sample and vary seconds"]
            print(f"  {per_class} per class, seed {seed}: fit, sample and vary {seconds:.0f} s", flush=True)
        report(per_class, results)
        everything[per_class] = results
    if args.json:
        with open(args.json, "w") as file:
            json.dump({"params": params, "results": everything}, file, indent=1)


if __name__ == "__main__":
    main()
