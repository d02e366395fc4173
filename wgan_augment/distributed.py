"""Synthetic rows past one process: a large draw split into partitions that any engine can run.

A partition is a pure function of (model file, partition index, root seed): its rows, and the bytes of
its file, are the same whichever engine runs it, on however many workers, in whatever order, and on
a retry. That is what lets joblib, Dask, Ray or Spark run the partitions with no coordination but a
list of indexes.

- :func:`write_partitioned` writes ``part-000000.parquet``, ... into a folder, each atomically, and
  ``_manifest.json`` last (rows and SHA-256 of every part, the root seed, the model file's hash and
  the library version): a folder without a manifest is an unfinished run.
- :func:`plan_partitions`, :func:`partition_frame`, :func:`empty_frame` and :func:`write_partition` are the
  pieces, for an engine of one's own (Ray Data, Spark's ``mapInPandas``: docs/user_guide/scale.md).
- :func:`dask_frame` is the draw as a lazy Dask DataFrame, one partition per Dask partition.

Workers load the model file once each and keep it; every partition runs with one torch thread, which
is both what keeps workers from fighting over cores and what makes the floats the same everywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from ._validation import check_n_samples
from .io import atomic_write, require_pyarrow
from .runtime import one_thread
from .sampling import (
    DEFAULT_CHUNK_ROWS,
    check_chunk_rows,
    check_request,
    draw_first_identifier,
    first_noise_seed,
    fresh_root_seed,
    labelled_chunks,
    partition_random_state,
    root_random_state,
    write_chunks,
)

MANIFEST_NAME = "_manifest.json"
MANIFEST_FORMAT = "wgan-augment partitions"
DEFAULT_ROWS_PER_PARTITION = 1_000_000
"""Rows per part when neither a count nor a size is given: about 1.5 s of work and 30 MB of Parquet for
a 15-column table, large enough that scheduling costs little, small enough that a retry does too."""
ENGINES = ("joblib", "dask")
_FORMATS = {"parquet": ".parquet", "csv": ".csv"}


@dataclass(frozen=True)
class PartitionPlan:
    """Everything a worker needs to write one partition: plain values, cheap to send to any engine.

    Build it with :func:`plan_partitions`. ``model_sha256`` is checked by every worker against the file
    it reads, so a model replaced during a run fails instead of mixing two models' rows; ``environment``
    (the package versions the bytes depend on) against its own packages.
    """

    model_path: str
    model_sha256: str
    n_samples: int
    n_partitions: int
    root_seed: int
    chunk_rows: int = DEFAULT_CHUNK_ROWS
    file_format: str = "parquet"
    label: object = None
    target: str | None = None
    columns: tuple[str, ...] | None = None
    date_formats: tuple[tuple[str, str], ...] | None = None
    environment: tuple[tuple[str, str], ...] = ()

    def rows_in(self, index: int) -> int:
        """Rows of partition ``index``: ``n_samples`` split as evenly as it goes, the first parts one row longer."""
        self._check_index(index)
        even, extra = divmod(self.n_samples, self.n_partitions)
        return even + (index < extra)

    def first_row(self, index: int) -> int:
        """Where partition ``index`` starts in the whole draw (its identifiers are numbered from there)."""
        self._check_index(index)
        even, extra = divmod(self.n_samples, self.n_partitions)
        return index * even + min(index, extra)

    @property
    def chunks_per_partition(self) -> int:
        """Chunks of the longest partition: partition k's chunks are numbered from k times this."""
        longest = -(-self.n_samples // self.n_partitions)
        return max(1, -(-longest // self.chunk_rows))

    def part_name(self, index: int) -> str:
        self._check_index(index)
        return f"part-{index:06d}{_FORMATS[self.file_format]}"

    def _check_index(self, index) -> None:
        if isinstance(index, bool) or not isinstance(index, Integral) or not 0 <= index < self.n_partitions:
            raise ValueError(f"partition index must be an integer in [0, {self.n_partitions}), got {index!r}.")


def plan_partitions(model_path, n_samples: int, *, rows_per_partition: int | None = None,
                    n_partitions: int | None = None, random_state: int | None = None,
                    chunk_rows: int = DEFAULT_CHUNK_ROWS, file_format: str = "parquet", y=None,
                    target: str | None = None, columns: Sequence[str] | None = None,
                    date_formats: dict | None = None) -> PartitionPlan:
    """Check a partitioned draw against the model file and fix its seed and sizes, before any work.

    Give the size of a partition (``rows_per_partition``, the largest a part may be) or their number
    (``n_partitions``), not both; neither means parts of at most a million rows. The rows are split as
    evenly as they go. ``random_state`` None draws a root seed from the operating system, recorded in
    the plan (and the manifest) so that the draw can be repeated. ``y`` is one label for every row, or
    None for classes in the training frequencies (conditional models). The other parameters are those
    of :func:`wgan_augment.write_samples`.
    """
    from .persistence import load

    n_samples = check_n_samples(n_samples)
    check_chunk_rows(chunk_rows)
    n_partitions = _partition_count(n_samples, rows_per_partition, n_partitions)
    root_seed = _root_seed(random_state)
    if file_format not in _FORMATS:
        raise ValueError(f"file_format must be one of {sorted(_FORMATS)}, got {file_format!r}.")
    if y is not None and np.ndim(y) != 0:
        raise ValueError("y must be one label (or None) for a partitioned draw: per-row labels would have to be "
                         "sent to every partition.")
    if file_format == "parquet":
        require_pyarrow(model_path)
    digest = file_sha256(model_path)
    model = load(model_path)
    check_request(model, n_samples, y, target, columns)  # labels, identifiers' room, column names
    label = y.item() if isinstance(y, np.generic) else y
    return PartitionPlan(os.fspath(Path(model_path).resolve()), digest, n_samples, n_partitions, root_seed,
                         chunk_rows, file_format, label, target, None if columns is None else tuple(map(str, columns)),
                         None if not date_formats else tuple(sorted(date_formats.items())),
                         worker_environment(file_format))


def partition_frame(plan: PartitionPlan, index: int) -> pd.DataFrame:
    """The rows of partition ``index`` as one DataFrame (what its file holds), with one torch thread."""
    chunks = _partition_chunks(plan, index)
    return pd.concat(list(chunks), ignore_index=True)


def write_partition(plan: PartitionPlan, index: int, out_dir) -> dict:
    """Write partition ``index``'s file into ``out_dir`` atomically (replacing one there); return its entry.

    The entry is what the manifest lists: ``index``, ``file``, ``rows``, ``bytes`` and ``sha256``.
    Running it again writes the same bytes.
    """
    path = Path(out_dir) / plan.part_name(index)
    date_formats = dict(plan.date_formats) if plan.date_formats else None
    with atomic_write(path, overwrite=True) as temporary:
        write_chunks(_partition_chunks(plan, index), temporary, plan.file_format, None, None, date_formats)
    return {"index": index, "file": path.name, "rows": plan.rows_in(index), "bytes": path.stat().st_size,
            "sha256": file_sha256(path)}


def write_partitioned(model_path, n_samples: int, out_dir, *, rows_per_partition: int | None = None,
                      n_partitions: int | None = None, random_state: int | None = None, engine: str = "joblib",
                      n_jobs: int | None = None, scheduler: str | None = None, overwrite: bool = False,
                      chunk_rows: int = DEFAULT_CHUNK_ROWS, file_format: str = "parquet", y=None,
                      target: str | None = None, columns: Sequence[str] | None = None,
                      date_formats: dict | None = None,
                      progress: Callable[[int, int, int], None] | None = None) -> Path:
    """Sample ``n_samples`` rows from a saved model into a folder of partition files, in parallel.

    Parameters
    ----------
    model_path : str or path-like
        A model file written by :func:`wgan_augment.persistence.save` (or ``wgan-augment fit``).
    n_samples : int
        Rows in all.
    out_dir : str or path-like
        The folder to write; created if missing. It must be empty unless ``overwrite``, which first
        removes the part files and manifest of an earlier run (and nothing else).
    rows_per_partition, n_partitions : int, default=None
        The size or the number of partitions (one of them; neither: a million rows each).
    random_state : int, default=None
        The root seed; None draws one, recorded in the manifest. The same model file, ``n_samples``,
        partition size, ``chunk_rows`` and seed give byte-identical part files, whatever ``engine``
        and ``n_jobs``.
    engine : {"joblib", "dask"}, default="joblib"
        ``"joblib"`` runs the partitions with ``joblib.Parallel`` (processes by default; inside
        ``joblib.parallel_config(backend=...)`` on that backend, Dask's, Ray's or Spark's included).
        ``"dask"`` submits them to a Dask cluster: ``scheduler``'s address, else the current
        ``distributed`` client, else a local cluster of ``n_jobs`` single-threaded worker processes
        (None: one per core). The folder must then be on storage every worker sees. Parts run in
        processes: threads of one process take turns (torch's thread count is process-wide), so give
        Dask workers one thread each.
    n_jobs : int, default=None
        joblib workers (None: 1, or the ``parallel_config``'s; -1: every core), or Dask's local workers.
    scheduler : str, default=None
        A Dask scheduler's address (``engine="dask"`` only).
    overwrite : bool, default=False
    chunk_rows, file_format, y, target, columns, date_formats
        As :func:`plan_partitions`; ``file_format`` is "parquet" (default, one row group per chunk)
        or "csv".
    progress : callable, default=None
        Called as ``progress(parts_done, n_parts, rows_done)`` after each finished part.

    Returns
    -------
    pathlib.Path
        The manifest's path (``out_dir`` made absolute). Interrupted (Ctrl-C, a failed worker), the
        folder keeps the parts that were complete, and has no manifest.

    Raises
    ------
    FileExistsError
        If ``out_dir`` holds files and ``overwrite`` is False. Nothing is written.
    ImportError
        If ``engine`` names a package that is not installed (the message says which extra to install).
    ValueError
        For a bad size, count, seed, engine or label, or a model file that is not one; before any work.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {list(ENGINES)}, got {engine!r}.")
    if scheduler is not None and engine != "dask":
        raise ValueError(f"scheduler is a Dask scheduler's address; it needs engine='dask', not {engine!r}.")
    if engine == "dask":
        require_dask()
    plan = plan_partitions(model_path, n_samples, rows_per_partition=rows_per_partition, n_partitions=n_partitions,
                           random_state=random_state, chunk_rows=chunk_rows, file_format=file_format, y=y,
                           target=target, columns=columns, date_formats=date_formats)
    out_dir = Path(out_dir).resolve()  # as every worker must see it, wherever it runs
    _check_folder(out_dir, overwrite)
    with _engine(engine, n_jobs, scheduler) as run:  # a cluster that cannot be reached fails before any write
        _prepare_folder(out_dir)
        try:
            entries = sorted(_collected(run(plan, out_dir), plan, progress), key=lambda entry: entry["index"])
        except BaseException:
            # Workers killed mid-part (joblib's abort, a closed cluster) leave their temporary files.
            _remove_temporaries(out_dir)
            raise
    manifest = {"format": MANIFEST_FORMAT, "format_version": 1, "library_version": __version__,
                "model_file": Path(plan.model_path).name, **_plan_facts(plan), "parts": entries}
    path = out_dir / MANIFEST_NAME
    with atomic_write(path, overwrite=True) as temporary:
        temporary.write_text(json.dumps(manifest, indent=1) + "\n")
    return path


def dask_frame(model_path, n_samples: int, *, rows_per_partition: int | None = None,
               n_partitions: int | None = None, random_state: int | None = None, y=None,
               target: str | None = None, columns: Sequence[str] | None = None):
    """The draw as a lazy ``dask.dataframe.DataFrame``: Dask partition k holds :func:`partition_frame`'s rows.

    Nothing is sampled until it is computed (``.to_parquet``, ``.compute``, ...); the rows are those
    :func:`write_partitioned` writes for the same arguments.
    """
    require_dask()
    import dask.dataframe as dd

    plan = plan_partitions(model_path, n_samples, rows_per_partition=rows_per_partition, n_partitions=n_partitions,
                           random_state=random_state, y=y, target=target, columns=columns, file_format="csv")
    meta = empty_frame(plan)
    return dd.from_map(partition_frame, [plan] * plan.n_partitions, list(range(plan.n_partitions)), meta=meta,
                       enforce_metadata=False)


def empty_frame(plan: PartitionPlan) -> pd.DataFrame:
    """No rows, with the columns and dtypes of every partition: the schema an engine asks for up front."""
    return partition_frame(replace(plan, n_samples=0, n_partitions=1), 0)


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------------------------- one part
_LOADED: dict[tuple[str, str], object] = {}  # a worker's models, read once: (path, sha256) -> augmenter
_ONE_PARTITION_AT_A_TIME = threading.Lock()


def _model(plan: PartitionPlan):
    here = worker_environment(plan.file_format)
    if here != plan.environment:
        differ = ", ".join(f"{name} {mine} (planned with {theirs})" for (name, mine), (_, theirs)
                           in zip(here, plan.environment) if mine != theirs)
        raise RuntimeError(f"this worker has {differ or 'other packages'}: its parts would not be byte-identical to "
                           "the others'. Install the same versions on every worker.")
    key = (plan.model_path, plan.model_sha256)
    if key not in _LOADED:
        from .persistence import load

        if file_sha256(plan.model_path) != plan.model_sha256:
            raise ValueError(f"{plan.model_path}: the model file changed since the draw was planned; start again.")
        _LOADED.clear()  # one model at a time: a long-lived worker must not gather them
        _LOADED[key] = load(plan.model_path)
    return _LOADED[key]


def _partition_chunks(plan: PartitionPlan, index: int):
    """Partition ``index``'s chunks as DataFrames, drawn with one torch thread from its own streams.

    Partitions in threads of one process take turns: torch's thread count, which ``one_thread`` sets,
    is the whole process's, and a partition drawn with another count would get other floats.
    """
    with _ONE_PARTITION_AT_A_TIME:
        model = _model(plan)
        first_identifier = draw_first_identifier(model, root_random_state(plan.root_seed))
        if first_identifier is not None:
            first_identifier += plan.first_row(index)  # unique across the whole draw
        columns = None if plan.columns is None else list(plan.columns)
        chunks = labelled_chunks(model, plan.rows_in(index), plan.chunk_rows, plan.label, plan.target, columns,
                                 partition_random_state(plan.root_seed, index), first_identifier=first_identifier,
                                 first_seed=first_noise_seed(plan.root_seed),
                                 first_chunk=index * plan.chunks_per_partition)
        with one_thread():
            yield from chunks


def worker_environment(file_format: str) -> tuple[tuple[str, str], ...]:
    """The versions a part's bytes depend on: the floats (torch, numpy), the frame and the file writer."""
    import torch

    versions = [("wgan-augment", __version__), ("torch", torch.__version__), ("numpy", np.__version__),
                ("pandas", pd.__version__)]
    if file_format == "parquet":
        import pyarrow

        versions.append(("pyarrow", pyarrow.__version__))
    return tuple(versions)


# ---------------------------------------------------------------------------------------- engines
@contextmanager
def _engine(engine: str, n_jobs, scheduler):
    """Yield ``run(plan, out_dir)``, an iterator of part entries as parts finish, on the chosen engine."""
    if engine == "joblib":
        from joblib import Parallel, delayed

        def run(plan, out_dir):
            tasks = (delayed(write_partition)(plan, index, out_dir) for index in range(plan.n_partitions))
            return Parallel(n_jobs=n_jobs, return_as="generator_unordered")(tasks)

        yield run
        return
    with _dask_client(n_jobs, scheduler) as client:
        from distributed import as_completed

        def run(plan, out_dir):
            futures = client.map(write_partition, [plan] * plan.n_partitions, range(plan.n_partitions),
                                 out_dir=out_dir, pure=False)
            return (future.result() for future in as_completed(futures))

        yield run


@contextmanager
def _dask_client(n_jobs, scheduler):
    """``scheduler``'s client, the current one, or a local cluster of single-threaded worker processes."""
    from distributed import Client, LocalCluster, get_client

    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    try:
        client = get_client()
    except ValueError:
        workers = n_jobs if n_jobs and n_jobs > 0 else os.cpu_count()
        with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
        return
    yield client


def _collected(entries, plan, progress) -> list[dict]:
    done, rows = [], 0
    for entry in entries:
        done.append(entry)
        rows += entry["rows"]
        if progress is not None:
            progress(len(done), plan.n_partitions, rows)
    return done


# ----------------------------------------------------------------------------------------- checks
def _partition_count(n_samples: int, rows_per_partition, n_partitions) -> int:
    if rows_per_partition is not None and n_partitions is not None:
        raise ValueError("give rows_per_partition or n_partitions, not both.")
    for name, value in (("rows_per_partition", rows_per_partition), ("n_partitions", n_partitions)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, Integral) or value < 1):
            raise ValueError(f"{name} must be a positive integer, got {value!r}.")
    if n_partitions is not None:
        if n_partitions > max(n_samples, 1):
            raise ValueError(f"n_partitions={n_partitions} is more than the {n_samples} rows asked for.")
        return int(n_partitions)
    return max(1, -(-n_samples // int(rows_per_partition or DEFAULT_ROWS_PER_PARTITION)))


def _root_seed(random_state) -> int:
    if random_state is None:
        return fresh_root_seed()
    if isinstance(random_state, bool) or not isinstance(random_state, Integral) or not 0 <= random_state < 2**63:
        raise ValueError("random_state must be None or an integer in [0, 2**63) for a partitioned draw (every "
                         f"partition derives its streams from it), got {random_state!r}.")
    return int(random_state)


def _check_folder(out_dir: Path, overwrite: bool) -> None:
    """Refuse a file, or a folder with anything in it unless ``overwrite``; writes nothing."""
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(20, "not a folder: partitioned output goes to a folder", os.fspath(out_dir))
    present = sorted(out_dir.iterdir()) if out_dir.exists() else []
    if present and not overwrite:
        raise FileExistsError(17, f"folder is not empty ({len(present)} entries); pass overwrite=True (--force) to "
                              "replace an earlier run's parts", os.fspath(out_dir))


def _prepare_folder(out_dir: Path) -> None:
    """``out_dir`` created, without an earlier run's manifest (first: a folder without one is unfinished) and parts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST_NAME).unlink(missing_ok=True)
    for earlier in out_dir.glob("part-*"):
        if earlier.is_file():
            earlier.unlink()
    _remove_temporaries(out_dir)


def _remove_temporaries(out_dir: Path) -> None:
    """The temporary files of parts never finished (``atomic_write`` names them ``.part-....part``)."""
    for temporary in out_dir.glob(".part-*.part"):
        temporary.unlink(missing_ok=True)


def require_dask() -> None:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise ImportError("engine 'dask' needs dask and distributed; install them with "
                          "pip install 'wgan-augment[dask]'") from None


def _plan_facts(plan: PartitionPlan) -> dict:
    facts = asdict(plan)
    facts.pop("model_path")
    facts["columns"] = None if plan.columns is None else list(plan.columns)
    facts["date_formats"] = None if plan.date_formats is None else dict(plan.date_formats)
    facts["environment"] = dict(plan.environment)  # what a part's bytes depend on, besides the plan
    return facts

