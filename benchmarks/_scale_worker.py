"""One measured job of the scale section, run in a fresh interpreter so its peak memory is its own.

python -m benchmarks._scale_worker baseline RESULT
python -m benchmarks._scale_worker fit ROWS COLUMNS STEPS THREADS MODEL RESULT
python -m benchmarks._scale_worker sample MODEL ROWS CHUNK_ROWS THREADS OUTPUT RESULT

Each writes a JSON object of timings and its own peak RSS to RESULT.
"""

from __future__ import annotations

import pickle
import sys
import time

import torch


def baseline() -> dict:
    """What importing the library and its dependencies costs, the floor under every other figure."""
    import importlib

    for module in ("pandas", "wgan_augment.augmenter", "wgan_augment.sampling"):
        importlib.import_module(module)
    return {}


def fit(n_rows: int, n_columns: int, n_steps: int, model_path: str) -> dict:
    from benchmarks._tables import mixed_table
    from benchmarks._training import training_clock
    from wgan_augment import WGANAugmenter

    n_categorical = n_columns // 3
    table = mixed_table(n_rows, n_continuous=n_columns - n_categorical, n_categorical=n_categorical)
    augmenter = WGANAugmenter(n_steps=n_steps, random_state=0)
    started = time.perf_counter()
    with training_clock() as training_seconds:
        augmenter.fit(table)
    seconds = time.perf_counter() - started
    with open(model_path, "wb") as file:
        pickle.dump(augmenter, file)  # our own file, read back by the sample job
    return {"seconds": seconds, "training_seconds": training_seconds[0],
            "steps_per_second": n_steps / training_seconds[0],
            "table_bytes": int(table.memory_usage(deep=True).sum()), "encoded_width": augmenter.encoder_.output_dim_}


def sample(model_path: str, n_rows: int, chunk_rows: int, output: str) -> dict:
    from pathlib import Path

    from wgan_augment.sampling._streaming import write_samples

    with open(model_path, "rb") as file:
        augmenter = pickle.load(file)
    started = time.perf_counter()
    write_samples(augmenter, n_rows, output, chunk_rows=chunk_rows, random_state=0, overwrite=True)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows_per_second": n_rows / seconds, "file_bytes": Path(output).stat().st_size}


def main(arguments: list[str]) -> None:
    from benchmarks._measure import write_result

    job, *values, result_path = arguments
    if job == "baseline":
        result = baseline()
    elif job == "fit":
        rows, columns, steps, threads, model = values
        torch.set_num_threads(int(threads))
        result = fit(int(rows), int(columns), int(steps), model)
    elif job == "sample":
        model, rows, chunk_rows, threads, output = values
        torch.set_num_threads(int(threads))
        result = sample(model, int(rows), int(chunk_rows), output)
    else:
        raise SystemExit(f"unknown job {job!r}")
    write_result(result_path, result)


if __name__ == "__main__":
    main(sys.argv[1:])
