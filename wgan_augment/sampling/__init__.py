"""Synthetic rows in chunks (:func:`sample_chunks`, the one primitive every writer uses): to a file with flat
memory (:func:`write_samples`), or in partitions that any engine can write in any order
(:mod:`wgan_augment.distributed`), every chunk seeded and its identifiers numbered by one rule.
"""

from ._chunks import (
    SAMPLE_BATCH_ROWS,
    SAMPLE_BATCH_VALUES,
    check_chunk_rows,
    chunk_seed,
    decode_codes,
    draw_first_identifier,
    generate_encoded,
    sample_chunks,
    sample_classes,
)
from ._seed_streams import first_noise_seed, fresh_root_seed, partition_random_state, root_random_state
from ._streaming import (
    DEFAULT_CHUNK_ROWS,
    check_request,
    labelled_chunks,
    labelled_frame,
    sample_frame,
    write_chunks,
    write_samples,
    written_column_names,
)

__all__ = [
    "DEFAULT_CHUNK_ROWS",
    "SAMPLE_BATCH_ROWS",
    "SAMPLE_BATCH_VALUES",
    "check_chunk_rows",
    "check_request",
    "chunk_seed",
    "decode_codes",
    "draw_first_identifier",
    "first_noise_seed",
    "fresh_root_seed",
    "generate_encoded",
    "labelled_chunks",
    "labelled_frame",
    "partition_random_state",
    "root_random_state",
    "sample_chunks",
    "sample_classes",
    "sample_frame",
    "write_chunks",
    "write_samples",
    "written_column_names",
]
