"""
Fidelity plots: do synthetic rows look like the data?
=====================================================

Fit a :class:`~wgan_augment.WGANAugmenter` on three quarters of scikit-learn's diabetes table (one
category, ten numbers), sample as many rows, and let :func:`~wgan_augment.evaluation.evaluate`
compare them with the real rows, keeping the last quarter as rows the generator never saw. The
pictures come from :mod:`wgan_augment.evaluation.plots`, the same ones the HTML report holds
(``write_report``).

The GAN trains for 500 steps instead of the default 1,000, so that the example runs in seconds.
"""

# %%
import textwrap

import torch
from sklearn.datasets import load_diabetes

from wgan_augment import WGANAugmenter
from wgan_augment.evaluation import evaluate, plots

torch.set_num_threads(1)  # small networks: a second thread buys nothing

table = load_diabetes(as_frame=True, scaled=False).frame
table["sex"] = table["sex"].map({1.0: "female", 2.0: "male"})
table = table.rename(columns={"s1": "cholesterol", "s2": "ldl", "s3": "hdl", "s4": "chol_hdl",
                              "s5": "triglycerides", "s6": "glucose", "target": "progression"})
train, unseen = table.iloc[:330], table.iloc[330:]

augmenter = WGANAugmenter(n_steps=500, random_state=0).fit(train)
synthetic = augmenter.sample(len(train), random_state=1)
results = evaluate(train, synthetic, holdout=unseen, augmenter=augmenter)
for question, answer in results["headline"].items():
    if answer:
        print(textwrap.fill(f"{question}: {answer}", width=90), end="\n\n")

# %%
# Each column's distribution, real against synthetic, with its distance: Kolmogorov–Smirnov for
# numbers, total variation for categories (0 = identical).
marginals = plots.marginals(results["fidelity"])

# %%
# Pairs of columns: association matrices of real and synthetic rows, and how far apart they are.
associations = plots.association_heatmaps(results["fidelity"]["association"])

# %%
# Did it copy rows? Distances from each synthetic row to its closest training row, against the same
# distances for real rows the generator never saw. Copies would pile up near zero.
distances = plots.distance_histogram(results["privacy"])

# %%
# How training went: the critic's estimate of the Wasserstein distance rises while the critic learns,
# then falls as the generator catches up.
curves = plots.training_curves(results["diagnostics"])
