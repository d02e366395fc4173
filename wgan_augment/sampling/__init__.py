"""Synthetic rows in chunks: to a file with flat memory (:func:`write_samples`), or in partitions that
any engine can write in any order (:mod:`wgan_augment.distributed`), every chunk seeded by one rule.
"""

from ._seed_streams import chunk_noise_seeds, fresh_root_seed, partition_random_state, root_random_state
from ._streaming import (
    DEFAULT_CHUNK_ROWS,
    check_chunk_rows,
    check_request,
    labelled_frame,
    sample_chunks,
    sample_frame,
    write_chunks,
    write_samples,
    written_column_names,
)

__all__ = [
    "DEFAULT_CHUNK_ROWS",
    "check_chunk_rows",
    "check_request",
    "chunk_noise_seeds",
    "fresh_root_seed",
    "labelled_frame",
    "partition_random_state",
    "root_random_state",
    "sample_chunks",
    "sample_frame",
    "write_chunks",
    "write_samples",
    "written_column_names",
]
