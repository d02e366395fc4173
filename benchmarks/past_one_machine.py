"""Past one machine, measured on this one: data-parallel training steps/s and partitioned sampling to Parquet.

Run:  python -m benchmarks.past_one_machine [--train-rows 10000] [--steps 100] [--sample-rows 100000000]
                                             [--partitions 100] [--jobs 2] [--out DIR] [--skip-training]

Training: the same fit (the 12-column mixed table of ``benchmarks/speed.py``, global batch "auto") on
1 rank with 1 thread, 1 rank with 2 threads, and 2 gloo ranks with 1 thread each, started with
``torch.multiprocessing.spawn`` on the loopback address; steps/s is generator steps over fit seconds
on rank 0 (encoding included). Sampling: ``write_partitioned`` of a model fitted on that table, with
``--jobs`` joblib workers; the peak resident memory of every worker process is read from
``/proc/PID/status`` (VmHWM) while it runs. The output folder is removed at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import torch

from benchmarks.speed import mixed_table
from wgan_augment import WGANAugmenter
from wgan_augment.distributed import write_partitioned
from wgan_augment.persistence import save


# ------------------------------------------------------------------------------------------ training
def _rank(rank, world, init, threads, rows, steps, results):
    os.environ["GLOO_SOCKET_IFNAME"] = "lo"
    torch.set_num_threads(threads)
    if world > 1:
        torch.distributed.init_process_group("gloo", init_method=init, rank=rank, world_size=world,
                                             timeout=timedelta(minutes=10))
    table, labels = mixed_table(rows)
    model = WGANAugmenter(n_steps=steps, random_state=0)
    if world > 1:
        torch.distributed.barrier()
    started = time.perf_counter()
    model.fit(table, labels)
    seconds = time.perf_counter() - started
    if rank == 0:
        results.put((seconds, model.batch_size_))
    if world > 1:
        torch.distributed.barrier()
        torch.distributed.destroy_process_group()


def training(rows: int, steps: int) -> None:
    context = torch.multiprocessing.get_context("spawn")
    print(f"training: {rows:,} rows x 12 columns, 2 classes, {steps} generator steps (n_critic 5)")
    for world, threads in ((1, 1), (1, 2), (2, 1)):
        results = context.Queue()
        with tempfile.TemporaryDirectory() as folder:
            init = f"file://{Path(folder) / 'rendezvous'}"
            torch.multiprocessing.spawn(_rank, args=(world, init, threads, rows, steps, results), nprocs=world)
        seconds, batch = results.get()
        print(f"  {world} rank{'s' if world > 1 else ''} x {threads} thread{'s' if threads > 1 else ''}: "
              f"{steps / seconds:6.1f} steps/s ({seconds:.1f} s; global batch {batch}, {batch // world} per rank)")


# ------------------------------------------------------------------------------------------ sampling
def _peak_rss_of_children(stop: threading.Event, peaks: dict) -> None:
    """Record VmHWM (peak resident set, kB) of every descendant of this process until ``stop``."""
    me = os.getpid()
    while not stop.is_set():
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    status = Path(f"/proc/{entry}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                parents[int(entry)] = (int(fields["PPid"]), int(fields.get("VmHWM", "0 kB").split()[0]))
        for pid, (_, peak) in parents.items():
            ancestor = pid
            while ancestor in parents and ancestor != me:
                ancestor = parents[ancestor][0]
            if ancestor == me and pid != me:
                peaks[pid] = max(peaks.get(pid, 0), peak)
        stop.wait(0.5)


def sampling(train_rows: int, steps: int, n_rows: int, partitions: int, jobs: int, out: Path, keep: bool) -> None:
    table, labels = mixed_table(train_rows)
    fit_started = time.perf_counter()
    model = WGANAugmenter(n_steps=steps, random_state=0).fit(table, labels)
    print(f"sampling: model fitted in {time.perf_counter() - fit_started:.1f} s on {train_rows:,} rows; writing "
          f"{n_rows:,} rows in {partitions} Parquet parts with {jobs} joblib workers (1 torch thread each)")
    out.mkdir(parents=True, exist_ok=True)
    model_path = save(model, out / "model.wgan", overwrite=True)
    peaks: dict[int, int] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_peak_rss_of_children, args=(stop, peaks), daemon=True)
    watcher.start()
    parts = out / "parts"
    started = time.perf_counter()
    try:
        manifest = write_partitioned(model_path, n_rows, parts, n_partitions=partitions, random_state=0,
                                     n_jobs=jobs, overwrite=True, target="label",
                                     progress=lambda done, total, rows: print(f"    {done}/{total} parts",
                                                                              flush=True) if done % 10 == 0 else None)
    finally:
        stop.set()
        watcher.join()
    seconds = time.perf_counter() - started
    written = sum(path.stat().st_size for path in parts.glob("part-*"))
    workers = sorted(peaks.values(), reverse=True)[:jobs]
    print(f"  {n_rows / seconds:,.0f} rows/s ({seconds:.0f} s), {written / 1e9:.2f} GB of Parquet "
          f"({written / n_rows:.1f} bytes/row), manifest {manifest.name}")
    print(f"  peak RSS of the {len(workers)} busiest worker processes: "
          + ", ".join(f"{peak / 1024 ** 2:.2f} GB" for peak in workers))
    if not keep:
        shutil.rmtree(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train-rows", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=100, help="generator steps of the training comparison")
    parser.add_argument("--sample-rows", type=int, default=100_000_000)
    parser.add_argument("--partitions", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "wgan-past-one-machine")
    parser.add_argument("--keep", action="store_true", help="keep the Parquet parts")
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}")
    if not args.skip_training:
        training(args.train_rows, args.steps)
    sampling(args.train_rows, 1000, args.sample_rows, args.partitions, args.jobs, args.out, args.keep)


if __name__ == "__main__":
    main()
