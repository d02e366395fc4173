"""The one way a fitted model's rows (or images) are drawn: in chunks, seeded and numbered by one rule.

``WGANAugmenter.sample`` is one chunk; :func:`~wgan_augment.sampling.write_samples` writes many to a
file; :mod:`wgan_augment.distributed` writes a partition's chunks where each partition gets its own
random state. The rule they share: chunk ``k``'s noise is seeded ``first_seed + k`` (modulo 2**32), where
the first chunk draws ``first_seed`` from the random state after its classes unless it is given; fresh
identifiers go on numbering from ``first_identifier`` by row, so no two rows of one output share one.
"""

from __future__ import annotations

from collections.abc import Iterator
from numbers import Integral

import numpy as np
import torch
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from .._validation import check_n_samples
from ..conditioning import one_hot
from ..kinds import TABLE
from ..runtime import draw_seed, noise_generator

# Rows generated per forward pass. A GPU wants large batches to stay busy; on a CPU the activations of
# 65,536 rows (~170 MB per layer) fall out of cache and the forward pass ran at half the speed it has at
# 2,048 rows (benchmarks/README.md, section 4).
SAMPLE_BATCH_ROWS = {"cuda": 65_536, "cpu": 2_048}
# Values (rows x encoded width, or images x pixels) per sampling batch: caps memory for images.
SAMPLE_BATCH_VALUES = 1 << 24

_DRAWN = object()  # the default first identifier: drawn from the random state

IDENTIFIER_BOUND = 2**62
"""Fresh identifiers of one output are numbered from a draw below this bound (room for 2**62 more)."""


def sample_chunks(model, n_samples: int, chunk_rows: int, *, y=None, random_state=None,
                  first_identifier=_DRAWN, first_seed: int | None = None, first_chunk: int = 0) -> Iterator:
    """Yield a fitted model's synthetic rows (or images) in chunks of at most ``chunk_rows``.

    Each chunk is rows, or ``(rows, labels)`` for a model fitted with labels, as ``model.sample`` returns
    them; all chunks draw from ``rng = check_random_state(random_state)``, so one chunk of ``n_samples``
    rows is exactly ``model.sample(n_samples, random_state=random_state)``, and later chunks go on from
    the first's noise seed and identifiers. ``n_samples`` 0 yields one empty chunk.

    Parameters
    ----------
    model : WGANAugmenter
        A fitted model.
    n_samples : int
        Rows or images in all.
    chunk_rows : int
        Most rows per chunk.
    y : label or array-like of shape (n_samples,), default=None
        Classes, as ``sample`` takes them (one label per row is sliced per chunk).
    random_state : int, RandomState instance or None, default=None
        Draws the classes, the categories and the first chunk's noise seed.
    first_identifier : int or None, optional
        Where this run's fresh identifiers are numbered from (row ``i`` of the run gets
        ``first_identifier + i``); drawn from ``random_state`` when not given. A writer of several runs
        that make one output gives each run the same value, offset by the rows before it.
    first_seed : int, optional
        The noise seed of chunk 0 of the whole output; drawn by the first chunk when not given.
    first_chunk : int, default=0
        This run's first chunk's index in the whole output: chunk ``k`` of the run is seeded
        ``first_seed + first_chunk + k``, modulo 2**32.

    Yields
    ------
    rows : DataFrame, ndarray, or (rows, labels)
        As ``model.sample`` returns them.
    """
    check_is_fitted(model, "generator_")
    n_samples = check_n_samples(n_samples)
    check_chunk_rows(chunk_rows)
    if y is not None and model.conditioning_ is not None:
        model.conditioning_.index_of(y, n_samples)  # one label or one per row, all known: refused before chunk 0
        y = y if np.ndim(y) == 0 else np.asarray(y)
    rng = check_random_state(random_state)
    if first_identifier is _DRAWN:
        first_identifier = draw_first_identifier(model, rng)
    starts = range(0, n_samples, chunk_rows) if n_samples else [0]
    for index, start in enumerate(starts):
        size = min(chunk_rows, n_samples - start)
        requested = y if y is None or np.ndim(y) == 0 else y[start : start + size]
        class_index = sample_classes(model, size, requested, rng)
        if first_seed is None:
            first_seed = draw_seed(rng)  # after the first chunk's classes, as sample has always drawn it
        encoded = generate_encoded(model, size, class_index, chunk_seed(first_seed, first_chunk + index))
        numbered_from = None if first_identifier is None else first_identifier + start
        decoded = model.kind_.decode(model.encoder_, encoded, rng, numbered_from)
        rows = model.kind_.as_output(decoded, model.input_format_)
        yield rows if class_index is None else (rows, model.conditioning_.classes[class_index])


def check_chunk_rows(chunk_rows) -> None:
    """Refuse a chunk size that is not a positive integer, naming it."""
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, Integral) or chunk_rows < 1:
        raise ValueError(f"chunk_rows must be a positive integer, got {chunk_rows!r}.")


def chunk_seed(first_seed: int, index: int) -> int:
    """The noise seed of chunk ``index``: the first chunk's, counted on modulo 2**32.

    torch's CPU generator keeps 32 bits of a seed. Drawn at random per chunk, two of a billion rows'
    61,000 chunks would share one (and so their rows) with a probability of about 58%; counted on from
    the first, no two chunks below 2**32 (70 trillion rows) share a seed.
    """
    return (first_seed + index) % 2**32


def draw_first_identifier(model, rng) -> int | None:
    """Where the fresh identifiers of a draw are numbered from; None for a model without identifier columns."""
    if model.kind_.name != TABLE or model.encoder_.identifier_capacity is None:
        return None
    return int(rng.randint(0, IDENTIFIER_BOUND, dtype=np.int64))


def sample_classes(model, n_samples: int, y, rng) -> np.ndarray | None:
    """Position in ``classes_`` of each row's class: as requested, or drawn; None for an unconditional model."""
    if model.conditioning_ is None:
        if y is not None:
            raise ValueError("y was given to sample, but the model was fitted without labels; refit with fit(X, y).")
        return None
    if y is None:
        return model.conditioning_.draw(n_samples, rng)
    return model.conditioning_.index_of(y, n_samples)


def generate_encoded(model, n_samples: int, class_index, seed: int) -> np.ndarray:
    """Encoded rows or images from the generator, batch by batch, without gradients; noise seeded ``seed``."""
    noise_source = noise_generator(seed, model.device_)

    def inputs(start: int, size: int):
        noise = torch.randn(size, model.latent_dim, device=model.device_, generator=noise_source)
        if class_index is None:
            return noise, None
        batch_classes = torch.as_tensor(class_index[start : start + size], device=model.device_)
        return noise, one_hot(batch_classes, model.conditioning_.n_classes)

    return _generator_output(model, n_samples, inputs, noise_source)


def decode_codes(model, codes: torch.Tensor, condition: torch.Tensor | None,
                 noise_source: torch.Generator) -> np.ndarray:
    """The generator's output for given latent codes, in sampling's batches, without gradients; a table's
    categories are drawn from ``noise_source``."""
    def inputs(start: int, size: int):
        return codes[start : start + size], None if condition is None else condition[start : start + size]

    return _generator_output(model, len(codes), inputs, noise_source)


def _generator_output(model, n_samples: int, inputs, noise_source: torch.Generator) -> np.ndarray:
    """The generator run on ``inputs(start, size)`` (latent codes, one-hot classes or None), batch by batch."""
    shape = model.kind_.encoded_shape(model.encoder_)
    batch_rows = _batch_rows(model, shape)
    # Filled batch by batch: a list of batches and their concatenation would touch twice the memory.
    encoded = np.empty((n_samples, *shape), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, n_samples, batch_rows):
            size = min(batch_rows, n_samples - start)
            latent, condition = inputs(start, size)
            encoded[start : start + size] = model.generator_(latent, condition, generator=noise_source).cpu().numpy()
    return encoded


def _batch_rows(model, shape: tuple[int, ...]) -> int:
    """Rows or images per generator call: bounded in count and in values."""
    device_rows = SAMPLE_BATCH_ROWS.get(model.device_.type, SAMPLE_BATCH_ROWS["cuda"])
    return max(1, min(device_rows, SAMPLE_BATCH_VALUES // int(np.prod(shape))))
