"""``wgan-augment sample --partitions``: a large draw written as a folder of Parquet parts, in parallel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ._errors import reported_as_data_errors, usage_error
from ._fitting import report
from ._signals import interrupt_exit_code

PARTITIONS = "Partitions (past one process)"

Partitions = Annotated[
    Optional[int],
    typer.Option("--partitions", min=1, metavar="P", rich_help_panel=PARTITIONS, show_default=False,
                 help="Write the rows as P Parquet parts (part-000000.parquet, ...) and _manifest.json into the "
                 "folder -o, in parallel. Each part depends only on the model, its index and --seed, so any "
                 "engine and worker count writes the same bytes."),
]
Jobs = Annotated[
    Optional[int],
    typer.Option("--jobs", "-j", metavar="N", rich_help_panel=PARTITIONS, show_default=False,
                 help="Parts written at once (one torch thread each). Default 1; -1: one per core."),
]
Engine = Annotated[
    str,
    typer.Option("--engine", metavar="joblib|dask", rich_help_panel=PARTITIONS,
                 help="Who runs the parts: joblib's processes on this machine, or a Dask cluster."),
]
Scheduler = Annotated[
    Optional[str],
    typer.Option("--scheduler", metavar="ADDRESS", rich_help_panel=PARTITIONS, show_default=False,
                 help="With --engine dask: the scheduler's address (tcp://host:8786). Default: a local cluster of "
                 "--jobs workers. The output folder must be on storage every worker sees."),
]


def check_partition_options(partitions, jobs, engine: str, scheduler, threads) -> None:
    """Refuse partition options that cannot work, before the model is read."""
    if partitions is None:
        given = [name for name, value in (("--jobs", jobs), ("--scheduler", scheduler)) if value is not None]
        if engine != "joblib":
            given.append("--engine")
        if given:
            raise usage_error(f"{', '.join(given)} needs --partitions P (the parts to write in parallel)")
        return
    if engine not in ("joblib", "dask"):
        raise usage_error(f"--engine must be joblib or dask, got {engine!r} (Ray and Spark run the parts with the "
                          "recipes in the user guide, docs/user_guide/scale.md)")
    if threads is not None:
        raise usage_error("--threads does not apply with --partitions: every part is written with one torch thread "
                          "(the same floats on any worker); --jobs sets how many run at once")
    if scheduler is not None and engine != "dask":
        raise usage_error("--scheduler is a Dask scheduler's address: it needs --engine dask")
    if jobs is not None and (jobs == 0 or jobs < -1):
        raise usage_error(f"--jobs must be a positive number of workers or -1 (one per core), got {jobs}")
    with reported_as_data_errors():
        from wgan_augment.distributed import require_dask

        if engine == "dask":
            require_dask()
        from wgan_augment.io import require_pyarrow

        require_pyarrow("--partitions")


def write_partitions(model: Path, n_rows: int, output: Path, *, label, partitions: int,
                     jobs: Optional[int], engine: str, scheduler: Optional[str], seed: Optional[int], force: bool,
                     quiet: bool, target: Optional[str], columns: Optional[list]) -> None:
    from wgan_augment.distributed import write_partitioned

    def progress(done: int, total: int, rows: int) -> None:
        report(f"  part {done} of {total} written ({rows:,} rows)", quiet)

    try:
        with reported_as_data_errors():
            manifest = write_partitioned(model, n_rows, output, n_partitions=partitions, random_state=seed,
                                         engine=engine, n_jobs=jobs, scheduler=scheduler, overwrite=force,
                                         y=label, target=target, columns=columns,
                                         progress=progress)
    except KeyboardInterrupt:
        kept = len(list(output.glob("part-*"))) if output.is_dir() else 0
        typer.echo(f"Interrupted; {output} keeps {kept} complete parts and no manifest (run again with --force).",
                   err=True)
        raise typer.Exit(interrupt_exit_code()) from None
    report(f"Wrote {n_rows:,} rows in {partitions} parts to {output}/ ({manifest.name} lists them and the seed).",
           quiet)

