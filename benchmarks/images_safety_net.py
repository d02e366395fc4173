"""AugmentedClassifier on image stacks: does its safety net keep an SVC at least as good as without it?

On the 28x28 digits of ``benchmarks/images.py`` (20 training images per class, the other 1,597 for
testing), for each seed: an RBF SVC on the real images alone, and ``AugmentedClassifier`` around the same
SVC (``make_pipeline(FlattenImages(divide_by=255), SVC())``) with its defaults -- an inner 3-fold
search over 0, 0.5x, 1x and 2x synthetic images (variants of the training images, filtered by the SVC
trained on the real ones), then a final fit. Reports test accuracy, the amount chosen, the share of
variants the filter kept and the wall time; ``--jobs 2`` runs two inner folds at a time, one torch
thread each.

Run:  python benchmarks/images_safety_net.py [--seeds 2] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import warnings

import torch
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC

from benchmarks.images import digits_28x28, rows, split
from wgan_augment import AugmentedClassifier, WGANAugmenter
from wgan_augment.images import FlattenImages

PER_CLASS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--n-steps", type=int, default=None, help="WGANAugmenter's n_steps (default: its default)")
    args = parser.parse_args()
    images, labels = digits_28x28()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}; "
          f"AugmentedClassifier(n_jobs={args.jobs}), {PER_CLASS} images per class")
    augmenter = WGANAugmenter() if args.n_steps is None else WGANAugmenter(n_steps=args.n_steps)
    for seed in range(args.seeds):
        train, test = split(labels, PER_CLASS, seed)
        alone = SVC(gamma="scale").fit(rows(images[train]), labels[train]).score(rows(images[test]), labels[test])
        started = time.perf_counter()
        model = AugmentedClassifier(make_pipeline(FlattenImages(divide_by=255), SVC(gamma="scale")), augmenter,
                                    random_state=seed, n_jobs=args.jobs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            model.fit(images[train], labels[train])
        seconds = time.perf_counter() - started
        searched = ", ".join(f"{amount}: {score:.3f}" for amount, score in
                             zip(model.cv_results_["n_synthetic"], model.cv_results_["mean_test_score"]))
        print(f"seed {seed}: SVC alone {alone:.3f}, AugmentedClassifier {model.score(images[test], labels[test]):.3f} "
              f"with {model.n_synthetic_} synthetic images (ratio {model.synthetic_ratio_:g}; inner scores {searched}; "
              f"filter kept {model.filter_acceptance_ if model.filter_acceptance_ is not None else float('nan'):.2f}), "
              f"{seconds:.0f} s", flush=True)


if __name__ == "__main__":
    main()
