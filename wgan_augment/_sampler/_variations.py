"""New rows or images near given ones: find each one's code in the generator's latent space, then decode codes
drawn around it.

Sampling a GAN trained on 20 images per class from its prior gives images that are recognisable but,
on a CPU budget, grainier than real ones; on the 28x28 benchmark adding them to the real images cost
an MLP 0.008 accuracy and moved the others by less than 0.003 (docs/measurements/images.md). Codes near a real
image's own code decode to variants of that image the generator has learned to draw -- a learned
counterpart of shifting or rotating it -- and those added to classic augmentation for every classifier.
On the ten scarce tables of ``benchmarks/information.py`` variants of real rows likewise helped
classifiers more than rows drawn from the prior (docs/measurements/when_rows_help.md). Nothing here
changes the model: the search optimises the codes only, and the codes are not kept.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import torch
from torch import nn

from ..conditioning import one_hot
from ..runtime import draw_seed, noise_generator
from ..sampling import decode_codes

# Adam on the codes, the squared error to the encoded targets. On 200 28x28 digits (2 CPU
# threads) 100 steps at 0.1 reached a mean squared error of 0.0026 on the [-1, 1] scale in 15 s; 300
# steps at 0.05 reached 0.0019 in 41 s, which a fit's 5-minute budget could not spare.
SEARCH_STEPS = 100
SEARCH_LR = 0.1
# Offsets from a training row's code for fit_resample's variants (the prior's standard deviation is 1):
# on the ten scarce tables of benchmarks/information.py, 0.5 helped classifiers more than 1.0 and as much
# as 0.25. (vary's default for images, 0.45, was chosen on digits by its own measurement.)
VARIANT_SPREAD = 0.5
# Targets searched for at once: bounds the memory of the backward pass through the generator.
SEARCH_BATCH = 256


def find_codes(generator: nn.Module, targets: torch.Tensor, condition: torch.Tensor | None, latent_dim: int,
               noise_source: torch.Generator, steps: int = SEARCH_STEPS) -> torch.Tensor:
    """The latent code from which ``generator`` draws each target most closely (squared error).

    ``targets`` are encoded images (NCHW, [-1, 1]) or encoded rows; ``condition`` their one-hot classes
    or None. The search descends on ``generator.smooth``, which gives a table's categories as
    probabilities rather than a draw. Starts from a random code per target, drawn from ``noise_source``.
    The generator's weights are not changed and gather no gradients.
    """
    codes = []
    for start in range(0, len(targets), SEARCH_BATCH):
        batch = targets[start : start + SEARCH_BATCH]
        batch_condition = None if condition is None else condition[start : start + SEARCH_BATCH]
        initial = torch.randn(len(batch), latent_dim, generator=noise_source, device=noise_source.device)
        codes.append(_descend(generator, batch, batch_condition, initial.to(batch.device), steps))
    return torch.cat(codes)


@torch.enable_grad()  # also inside a caller's no_grad block
def _descend(generator, targets, condition, code, steps: int) -> torch.Tensor:
    code = code.clone().requires_grad_(True)
    optimizer = torch.optim.Adam([code], lr=SEARCH_LR)
    for _ in range(steps):
        loss = ((generator.smooth(code, condition) - targets) ** 2).mean()
        (gradient,) = torch.autograd.grad(loss, code)  # the code's gradient only: the weights gather none
        code.grad = gradient
        optimizer.step()
    return code.detach()


def codes_around(codes: torch.Tensor, n_per_code: int, spread: float, noise_source: torch.Generator) -> torch.Tensor:
    """``n_per_code`` codes around each of ``codes`` (each code's together), offset by Gaussian noise of
    standard deviation ``spread``: the prior's own is 1."""
    return codes_near(codes, torch.arange(len(codes), device=codes.device).repeat_interleave(n_per_code), spread,
                      noise_source)


def codes_near(codes: torch.Tensor, sources: torch.Tensor, spread: float,
               noise_source: torch.Generator) -> torch.Tensor:
    """One code near ``codes[sources[i]]`` for each entry of ``sources``, offset by Gaussian noise of standard
    deviation ``spread``."""
    centres = codes[sources]
    noise = torch.randn(centres.shape, generator=noise_source, device=noise_source.device).to(centres.device)
    return centres + spread * noise


def image_variants(model, images: np.ndarray, y, n_per_image: int, spread: float, rng):
    """``vary``: ``n_per_image`` variants of each of ``images`` (checked), in the training images' format, with
    their labels for a model fitted with them."""
    if not isinstance(n_per_image, Integral) or isinstance(n_per_image, bool) or n_per_image < 1:
        raise ValueError(f"n_per_image must be a positive integer, got {n_per_image!r}.")
    if not isinstance(spread, Real) or not np.isfinite(spread) or spread <= 0:
        raise ValueError(f"spread must be a positive number, got {spread!r}.")
    targets = torch.from_numpy(model.encoder_.transform(images)).to(model.device_)
    condition = _given_classes(model, y, len(targets))
    noise_source = noise_generator(draw_seed(rng), model.device_)
    codes = find_codes(model.generator_, targets, condition, model.latent_dim, noise_source)
    around = codes_around(codes, n_per_image, float(spread), noise_source)
    repeated = None if condition is None else condition.repeat_interleave(n_per_image, dim=0)
    encoded = decode_codes(model, around, repeated, noise_source)
    variants = model.kind_.as_output(model.kind_.decode(model.encoder_, encoded, None, None), model.input_format_)
    if condition is None:
        return variants
    labels = model.conditioning_.classes[condition.argmax(dim=1).cpu().numpy()]  # as sample gives them
    return variants, np.repeat(labels, n_per_image)


def _given_classes(model, y, n_images: int) -> torch.Tensor | None:
    """The one-hot classes of the images ``vary`` is given, checked against the model."""
    if model.conditioning_ is None:
        if y is not None:
            raise ValueError("y was given to vary, but the model was fitted without labels; refit with fit(X, y).")
        return None
    if y is None:
        raise ValueError("vary needs y, the class of each image: the model was fitted with labels.")
    if np.shape(y) != (n_images,):
        raise ValueError(f"y must hold one label per image ({n_images}), got shape {np.shape(y)}.")
    class_index = torch.as_tensor(model.conditioning_.index_of(y, n_images), device=model.device_)
    return one_hot(class_index, model.conditioning_.n_classes).to(model.device_)
