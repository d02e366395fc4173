"""
Balancing rows against class weights
=====================================

Do synthetic rows help a classifier more than telling it to weigh the classes equally? This example
cuts scikit-learn's breast cancer table to every benign tumour and 30 malignant ones (about 8%),
then cross-validates the same logistic regression four ways with
:func:`~wgan_augment.evaluation.augmentation_gain`:

- on the real rows alone;
- on the real rows plus the rows of :meth:`WGANAugmenter.fit_resample
  <wgan_augment.WGANAugmenter.fit_resample>`, which balances the classes with variants of real
  malignant rows (the augmenter is fitted again on each training fold, so no validation row shapes a
  synthetic one);
- on SMOTE-balanced training folds (when imbalanced-learn is installed);
- with ``class_weight="balanced"`` and no added rows: the free bar that synthetic rows must clear.

The GAN trains for 200 steps instead of the default 1,000, so that the example runs in seconds; three
folds of one table are an illustration, not a measurement. The measured answer, on ten tables, three
classifiers and five seeds, is in the user guide: :doc:`/user_guide/when_rows_help`.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import load_breast_cancer

from wgan_augment import WGANAugmenter
from wgan_augment.evaluation import augmentation_gain

# One torch thread: the networks are small, and on a busy machine a second thread only waits.
torch.set_num_threads(1)

data = load_breast_cancer(as_frame=True)
table = data.frame.assign(target=data.target_names[data.target])
rng = np.random.default_rng(0)
malignant = rng.choice(np.flatnonzero(table["target"] == "malignant"), 30, replace=False)
benign = np.flatnonzero(table["target"] == "benign")
table = table.iloc[np.sort(np.r_[benign, malignant])].reset_index(drop=True)
table["target"].value_counts()

# %%
# ``fit_resample`` returns the real rows followed by synthetic malignant ones, until the classes are
# even.
augmenter = WGANAugmenter(n_steps=200, random_state=0)
X_resampled, y_resampled = augmenter.fit_resample(table.drop(columns="target"), table["target"])
print(f"{len(table)} real rows -> {len(X_resampled)} rows")
print(f"classes: {y_resampled.value_counts().to_dict()}")
print(f"share of drawn rows the plausibility filter kept: {augmenter.filter_acceptance_:.2f}")

# %%
# Cross-validate the four ways. The augmenter passed here is cloned and refitted on every training
# fold.
result = augmentation_gain(table, "target", augmenter=augmenter, cv=3, random_state=0)
for variant, scores in result["scores"].items():
    print(f"{variant:<20} balanced accuracy {scores['mean']:.3f} ± {scores['std']:.3f}")
print(f"gain over real rows alone:  {result['gain']:+.3f}")
print(f"gain over class weights:    {result['gain_vs_class_weights']:+.3f}")

# %%
# Each fold's score, per variant. With a linear model, class weights usually do the job the balancing
# rows do.
names = list(result["scores"])
fig, ax = plt.subplots(figsize=(6.4, 3.2), layout="constrained")
for position, name in enumerate(names):
    folds = result["scores"][name]["folds"]
    ax.scatter(np.full(len(folds), position), folds, color="0.6", zorder=2)
    ax.errorbar(position, result["scores"][name]["mean"], yerr=result["scores"][name]["std"], fmt="o",
                color="C1" if name == "real+synthetic" else "C0", capsize=4, zorder=3)
ax.set_xticks(range(len(names)), names)
ax.set_ylabel("balanced accuracy")
ax.set_title("Logistic regression, 3-fold cross-validation")
ax.grid(axis="y", alpha=0.3)
