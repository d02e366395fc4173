"""Section 6, scale and memory: fit a large mixed table, stream many rows to Parquet, watch peak RSS.

Every job runs in a fresh interpreter (``benchmarks._scale_worker``), which reports the peak resident
memory of its own address space, so the suite's memory is not counted. The floor -- importing torch,
pandas and the library -- is measured the same way and shown beside it. The per-step cost is compared
between a 10,000-row and the large table: the training loop draws batches by index, so it should not
grow with the rows.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import torch

from wgan_augment.sampling._streaming import DEFAULT_CHUNK_ROWS

from ._measure import Figure, SectionResult, run_measured
from ._settings import Settings

WORKER = "benchmarks._scale_worker"
FIT_LIMIT_BYTES = 4 * 10**9
SAMPLE_LIMIT_BYTES = 1.5 * 10**9
SMALL_ROWS = 10_000
# Per-step cost counts as independent of the row count when the large table trains at no less than
# this share of the small table's steps per second (timings on a shared machine wander by ~10%).
STEP_RATE_FLOOR = 0.8


def run(settings: Settings) -> SectionResult:
    result = SectionResult()
    threads = str(torch.get_num_threads())
    columns, steps = settings.scale_columns, settings.scale_steps
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        _, floor = run_measured(WORKER, "baseline")
        small, _ = run_measured(WORKER, "fit", str(SMALL_ROWS), str(columns), str(steps), threads,
                                str(folder / "small.pkl"))
        large, fit_peak = run_measured(WORKER, "fit", str(settings.scale_fit_rows), str(columns), str(steps), threads,
                                       str(folder / "model.pkl"))
        samples = {}
        for n_rows in (settings.scale_sample_rows // 10, settings.scale_sample_rows):
            output = folder / f"rows_{n_rows}.parquet"
            samples[n_rows] = run_measured(WORKER, "sample", str(folder / "model.pkl"), str(n_rows),
                                           str(DEFAULT_CHUNK_ROWS), threads, str(output))
            output.unlink()
    gb = 1e9
    result.say(f"Import floor (torch, pandas, wgan_augment): peak RSS {floor / gb:.2f} GB.")
    result.say("| job | rows | seconds | throughput | peak RSS |")
    result.say("|---|---|---|---|---|")
    for name, rows, job, peak in (("fit", SMALL_ROWS, small, None), ("fit", settings.scale_fit_rows, large, fit_peak)):
        result.say(f"| {name} ({columns} columns, {steps} steps; table {job['table_bytes'] / gb:.2f} GB in memory) | "
                   f"{rows:,} | {job['seconds']:.1f} | {job['steps_per_second']:.1f} steps/s | "
                   f"{'' if peak is None else f'{peak / gb:.2f} GB'} |")
    for n_rows, (job, peak) in samples.items():
        result.say(f"| sample to Parquet, {DEFAULT_CHUNK_ROWS:,}-row chunks ({job['file_bytes'] / gb:.2f} GB file) | "
                   f"{n_rows:,} | {job['seconds']:.1f} | {job['rows_per_second']:,.0f} rows/s | {peak / gb:.2f} GB |")
    n_large = settings.scale_sample_rows
    result.figures += [
        Figure("6 scale", f"peak RSS, fit on {settings.scale_fit_rows:,} × {columns}", fit_peak, "bytes",
               max_value=FIT_LIMIT_BYTES, note=f"import floor {floor / gb:.2f} GB"),
        Figure("6 scale", f"peak RSS, {n_large:,} rows streamed to Parquet", samples[n_large][1], "bytes",
               max_value=SAMPLE_LIMIT_BYTES,
               note=f"{samples[n_large // 10][1] / gb:.2f} GB for {n_large // 10:,} rows"),
        Figure("6 scale", f"steps/s on {settings.scale_fit_rows:,} rows vs {SMALL_ROWS:,}",
               large["steps_per_second"], "steps/s", f"ours on {SMALL_ROWS:,} rows", small["steps_per_second"],
               higher_is_better=True, min_speedup=STEP_RATE_FLOOR,
               target_text=f"≥ {STEP_RATE_FLOOR}× the small table's",
               note="cost per step independent of rows"),
    ]
    return result
