"""Scarce images end to end: learn 10 digits per class, generate more, evaluate them, write the pictures.

scikit-learn's digits (8x8 grayscale, values 0-16) stand in for a small labelled image set. The
generator learns 10 images per class; 300 other digits stay unseen, so the report can tell whether
synthetic images copy their training images and whether they help a classifier on images it never met.

Run from the repository root::

    python examples/scarce_images.py            # 1000 steps: a few minutes on a laptop CPU
    python examples/scarce_images.py --quick    # tiny budget, seconds: checks the plumbing only

Written to the current folder: scarce_images_report.html (needs matplotlib), scarce_images_metrics.json,
and scarce_images/ with one folder of PNG files per class and grid.png (needs Pillow).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

from wgan_augment import WGANAugmenter
from wgan_augment.evaluation import evaluate, write_json, write_report

PER_CLASS = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 training steps and small networks: a smoke test")
    parser.add_argument("--steps", type=int, default=None, help="generator steps (default 1000, 10 with --quick)")
    parser.add_argument("--output", type=Path, default=Path("scarce_images"), help="folder for the PNG files")
    parser.add_argument("--force", action="store_true", help="replace the --output folder if it holds files")
    args = parser.parse_args()
    if args.output.exists() and any(args.output.iterdir()) and not args.force:
        parser.error(f"{args.output} exists and is not empty; pass --force to replace it")

    digits = load_digits()
    rng = np.random.default_rng(0)
    order = rng.permutation(len(digits.target))
    train = np.concatenate([order[digits.target[order] == digit][:PER_CLASS] for digit in range(10)])
    holdout = np.setdiff1d(order, train)[:300]
    images, labels = digits.images[train], digits.target[train]
    print(f"{len(images)} training images ({PER_CLASS} per class), {len(holdout)} held out")

    augmenter = make_augmenter(args.quick, args.steps)
    started = time.perf_counter()
    augmenter.fit(images, labels)
    print(f"Trained {len(augmenter.history_['wasserstein'])} steps in {time.perf_counter() - started:.1f} s")
    synthetic = augmenter.sample(300, y=np.repeat(np.arange(10), 30), random_state=0)  # (images, labels)

    results = evaluate((images, labels), synthetic, holdout=(digits.images[holdout], digits.target[holdout]),
                       augmenter=augmenter, cv=3)
    for question, section in (("Look like digits?", "fidelity"), ("Copies?", "privacy"),
                              ("Help a classifier?", "utility")):
        print(f"\n{question}\n  {results[section]['verdict']}")

    # The example replaces its own metrics and report files; the image folder only with --force.
    write_json(results, "scarce_images_metrics.json", overwrite=True)
    print("\nMetrics: scarce_images_metrics.json")
    try:
        write_report(results, "scarce_images_report.html", overwrite=True, title="Synthetic digits")
        print("Report:  scarce_images_report.html")
    except ImportError as error:
        print(f"No report: {error}")
    try:
        from wgan_augment.images import save_image_folder

        save_image_folder(synthetic[0], args.output, labels=synthetic[1], value_range=(0, 16), overwrite=args.force,
                          grid=True)
        print(f"Images:  {args.output}/ (overview: {args.output / 'grid.png'})")
    except ImportError as error:
        print(f"No image files: {error}")


def make_augmenter(quick: bool, steps: int | None) -> WGANAugmenter:
    if quick:
        return WGANAugmenter(n_steps=steps or 10, n_critic=1, conv_width=8, latent_dim=16, random_state=0)
    return WGANAugmenter(n_steps=steps or 1000, random_state=0)


if __name__ == "__main__":
    main()
