"""Independent random streams for the partitions of one large draw, all from one root seed.

A partition of a partitioned draw must be a pure function of (model, partition index, root seed), so
that any engine, any number of workers, any order and any retry writes the same bytes. numpy's
``SeedSequence`` gives each partition a stream of its own (``spawn_key=(index,)``), which is what it
was designed for; torch's CPU generator keeps only 32 bits of a seed, so its noise is seeded per
*chunk* with a bijective 32-bit mix of the chunk's global index: no two chunks below 2**32 share noise.
"""

from __future__ import annotations

import numpy as np

_MASK = np.uint64(0xFFFFFFFF)


def partition_random_state(root_seed: int, index: int) -> np.random.RandomState:
    """The RandomState partition ``index`` draws its classes and decoding from (spawned, never shared)."""
    sequence = np.random.SeedSequence(root_seed, spawn_key=(index,))
    return np.random.RandomState(np.random.MT19937(sequence))


def root_random_state(root_seed: int) -> np.random.RandomState:
    """The stream for draws made once for the whole output (where identifiers start numbering)."""
    return np.random.RandomState(np.random.MT19937(np.random.SeedSequence(root_seed)))


def chunk_noise_seeds(root_seed: int, chunk_indexes) -> np.ndarray:
    """torch seeds (uint32) for the given global chunk indexes; distinct for distinct indexes below 2**32.

    The index is offset by a root-dependent constant and passed through MurmurHash3's 32-bit finaliser,
    a bijection on 32-bit integers, so that neighbouring chunks get unrelated seeds.
    """
    offset = np.uint64(np.random.SeedSequence(root_seed).generate_state(1, np.uint32)[0])
    with np.errstate(over="ignore"):
        value = (np.asarray(chunk_indexes, dtype=np.uint64) + offset) & _MASK
        value ^= value >> np.uint64(16)
        value = (value * np.uint64(0x85EBCA6B)) & _MASK
        value ^= value >> np.uint64(13)
        value = (value * np.uint64(0xC2B2AE35)) & _MASK
        value ^= value >> np.uint64(16)
    return value.astype(np.uint32)


def fresh_root_seed() -> int:
    """A root seed from the operating system's entropy, for a draw asked for without one (it is recorded)."""
    return int(np.random.SeedSequence().generate_state(1, np.uint32)[0])
