"""Section 10, partitioned sampling: rows/s of ``write_partitioned`` with 2 joblib workers, 4-column table.

A model of the narrow table of section 4 (fitted briefly on 20,000 rows: speed does not depend on how
well it learned) is saved and sampled into Parquet parts by two worker processes, one torch thread
each. The time split is measured apart, in this process with one thread, on one part's rows: the
generator's forward passes (sampling), decoding to a DataFrame (encoding) and writing Parquet.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from wgan_augment import WGANAugmenter
from wgan_augment.distributed import write_partitioned
from wgan_augment.persistence import save
from wgan_augment.runtime import one_thread
from wgan_augment.sampling import generate_encoded

from ._measure import Figure, SectionResult, wall_time
from ._settings import Settings
from ._tables import narrow_table

TARGET_RATE = 100_000
WORKERS = 2


def run(settings: Settings) -> SectionResult:
    result = SectionResult()
    n_rows, n_parts = settings.partitioned_rows, 2 * WORKERS
    model = WGANAugmenter(n_steps=20, random_state=0).fit(narrow_table(20_000))
    with tempfile.TemporaryDirectory() as folder:
        model_path = save(model, Path(folder) / "model.wgan")
        write_partitioned(model_path, 20_000, Path(folder) / "warm-up", n_partitions=WORKERS, n_jobs=WORKERS,
                          random_state=0)
        seconds, _ = wall_time(lambda: write_partitioned(model_path, n_rows, Path(folder) / "parts",
                                                         n_partitions=n_parts, n_jobs=WORKERS, random_state=0))
        split = _time_split(model, n_rows // n_parts, Path(folder) / "split.parquet")
    rate = n_rows / seconds
    result.say(f"{n_rows:,} rows in {n_parts} Parquet parts by {WORKERS} joblib workers (one thread each): "
               f"{seconds:.1f} s, {rate:,.0f} rows/s")
    total = sum(split.values())
    result.say("One part's rows, measured apart with one thread: " + ", ".join(
        f"{name} {value:.2f} s ({value / total:.0%})" for name, value in split.items()))
    result.figures.append(Figure("10 partitioned", f"rows/s, {n_rows:,} rows of a 4-column table, {WORKERS} workers",
                                 rate, "rows/s", max_value=None, target_text=f"≥ {TARGET_RATE:,} rows/s"))
    result.figures[-1].met = rate >= TARGET_RATE
    return result


def _time_split(model, n_rows: int, path: Path) -> dict[str, float]:
    with one_thread():
        sampling, encoded = wall_time(lambda: generate_encoded(model, n_rows, None, 0))
        encoding, rows = wall_time(lambda: model.kind_.as_output(
            model.kind_.decode(model.encoder_, encoded, np.random.RandomState(0), None), model.input_format_))
        rows.head(10).to_parquet(path, index=False)  # warm-up: the first write loads pyarrow's writer
        started = time.perf_counter()
        rows.to_parquet(path, index=False)
        writing = time.perf_counter() - started
    return {"sampling": sampling, "encoding": encoding, "writing": writing}
