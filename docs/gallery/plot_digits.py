"""
Synthetic digits from 30 images per class
=========================================

Fit a class-conditional :class:`~wgan_augment.WGANAugmenter` on 30 of scikit-learn's 8×8 digits per
class, then draw new digits of each class with ``sample`` and variants of given digits with
``vary``. On 8×8 images the augmenter picks a conv generator and critic, 2 critic steps per generator
step and a moving average of the generator's weights, without DiffAugment ("auto" settings).

The GAN trains for 800 steps instead of the default 1,000, so that the example runs in half a minute.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import load_digits

from wgan_augment import WGANAugmenter
from wgan_augment.images import class_grid

torch.set_num_threads(1)  # images train with torch's own thread count: one, for this small example

digits = load_digits()
rng = np.random.default_rng(0)
chosen = np.concatenate([rng.choice(np.flatnonzero(digits.target == digit), 30, replace=False)
                         for digit in range(10)])
images, labels = digits.images[chosen], digits.target[chosen]  # (300, 8, 8), values 0-16

augmenter = WGANAugmenter(n_steps=800, random_state=0).fit(images, labels)
print(f"batch {augmenter.batch_size_}, {augmenter.n_critic_} critic steps per generator step, "
      f"weight average {augmenter.ema_decay_}, DiffAugment {augmenter.diff_augment_ or 'off'}")

# %%
# Eight new digits of every class, drawn with ``sample(n, y=...)``; ``sample`` answers in the
# training images' value range (0–16 here).
wanted = np.repeat(np.arange(10), 8)
synthetic, synthetic_labels = augmenter.sample(len(wanted), y=wanted, random_state=0)

fig, axes = plt.subplots(1, 2, figsize=(8, 7), layout="constrained")
for axis, shown, shown_labels, title in [(axes[0], images, labels, "real"),
                                         (axes[1], synthetic, synthetic_labels, "sampled")]:
    axis.imshow(class_grid(shown, shown_labels, np.arange(10), per_class=8), cmap="gray_r")
    axis.set_title(f"{title} (one row per digit)")
    axis.axis("off")

# %%
# Variants of given digits, from ``vary``: each image's code in the generator's latent space is found
# by gradient descent, and codes around it are decoded. Variants like these, not ``sample``'s draws,
# are what helped classifiers on the 28×28 digits benchmark.
given = np.array([np.flatnonzero(labels == digit)[0] for digit in range(10)])
variants, variant_labels = augmenter.vary(images[given], labels[given], n_per_image=4, random_state=0)

fig, axes = plt.subplots(10, 5, figsize=(4, 8), layout="constrained")
for row, index in enumerate(given):
    axes[row, 0].imshow(images[index], cmap="gray_r")
    for column, variant in enumerate(variants[variant_labels == labels[index]][:4], start=1):
        axes[row, column].imshow(variant, cmap="gray_r")
for axis in axes.ravel():
    axis.axis("off")
axes[0, 0].set_title("given", fontsize=9)
axes[0, 2].set_title("variants", fontsize=9)
plt.show()
