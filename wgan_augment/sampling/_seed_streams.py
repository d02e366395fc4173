"""Independent random streams for the partitions of one large draw, all from one root seed.

A partition of a partitioned draw must be a pure function of (model, partition index, root seed), so
that any engine, any number of workers, any order and any retry writes the same bytes. numpy's
``SeedSequence`` gives each partition a stream of its own (``spawn_key=(index,)``), which is what it
was designed for; torch's noise is seeded per *chunk* by the rule every writer follows: the root's first
chunk seed plus the chunk's global index, modulo 2**32, so no two chunks below 2**32 share noise.
"""

from __future__ import annotations

import numpy as np


def partition_random_state(root_seed: int, index: int) -> np.random.RandomState:
    """The RandomState partition ``index`` draws its classes and decoding from (spawned, never shared)."""
    sequence = np.random.SeedSequence(root_seed, spawn_key=(index,))
    return np.random.RandomState(np.random.MT19937(sequence))


def root_random_state(root_seed: int) -> np.random.RandomState:
    """The stream for draws made once for the whole output (where identifiers start numbering)."""
    return np.random.RandomState(np.random.MT19937(np.random.SeedSequence(root_seed)))


def first_noise_seed(root_seed: int) -> int:
    """Chunk 0's noise seed for a draw made from ``root_seed``; chunk ``k`` counts on from it
    (:func:`~wgan_augment.sampling.chunk_seed`), the rule every writer follows."""
    return int(np.random.SeedSequence(root_seed).generate_state(1, np.uint32)[0])


def fresh_root_seed() -> int:
    """A root seed from the operating system's entropy, for a draw asked for without one (it is recorded)."""
    return int(np.random.SeedSequence().generate_state(1, np.uint32)[0])
