"""Write the model files and samples that tests/test_model_files_from_0_1.py checks
(run once, before issue 13's refactor).
"""
import sys

import numpy as np
import torch

sys.path.insert(0, "tests")
from conftest import make_mixed_frame

from wgan_augment import WGANAugmenter

torch.set_num_threads(1)
tiny = dict(n_steps=3, n_critic=1, batch_size=16, latent_dim=8)
frame = make_mixed_frame(40, np.random.default_rng(0))
labels = np.where(np.arange(40) % 3 == 0, "yes", "no")
table = WGANAugmenter(generator_dims=(16,), critic_dims=(16,), random_state=0, **tiny).fit(frame, labels)
table.save("tests/data/table_v0_1.wgan", overwrite=True)
rows, y = table.sample(6, random_state=5)
open("tests/data/table_v0_1_rows.csv", "w").write(rows.assign(label=y).to_csv(index=False))
array = np.random.default_rng(1).normal(size=(30, 3)).astype(np.float32)
numpy_model = WGANAugmenter(generator_dims=(16,), critic_dims=(16,), random_state=0, **tiny).fit(array)
numpy_model.save("tests/data/array_v0_1.wgan", overwrite=True)
np.save("tests/data/array_v0_1_rows.npy", numpy_model.sample(6, random_state=5))
images = (np.random.default_rng(2).random((12, 8, 8)) * 255).astype(np.uint8)
image_model = WGANAugmenter(conv_width=4, random_state=0, **{**tiny, "batch_size": 8}).fit(images, np.arange(12) % 2)
image_model.save("tests/data/images_v0_1.wgan", overwrite=True)
sampled, sampled_labels = image_model.sample(4, random_state=5)
np.savez("tests/data/images_v0_1_rows.npz", images=sampled, labels=sampled_labels)
