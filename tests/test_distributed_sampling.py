"""Partitioned sampling: every part a pure function of (model file, index, root seed), whoever runs it."""

import json
import sys

import numpy as np
import pandas as pd
import pytest
import torch
from conftest import make_mixed_frame

from wgan_augment import WGANAugmenter, write_samples
from wgan_augment.distributed import (
    MANIFEST_NAME,
    dask_frame,
    file_sha256,
    partition_frame,
    plan_partitions,
    write_partition,
    write_partitioned,
)
from wgan_augment.persistence import save
from wgan_augment.sampling import chunk_seed, first_noise_seed

ROWS, PARTS = 2_000, 4


@pytest.fixture(scope="module")
def model_file(tmp_path_factory):
    table = make_mixed_frame(80, np.random.default_rng(0))
    table["order_id"] = [f"ORD-{index:08d}" for index in range(len(table))]
    model = WGANAugmenter(n_steps=3, batch_size=16, random_state=0).fit(table)
    return save(model, tmp_path_factory.mktemp("model") / "model.wgan")


@pytest.fixture(scope="module")
def conditional_file(tmp_path_factory):
    table = make_mixed_frame(60, np.random.default_rng(1))
    labels = np.where(np.arange(len(table)) % 3 == 0, "yes", "no")
    model = WGANAugmenter(n_steps=3, batch_size=16, random_state=0).fit(table, labels)
    return save(model, tmp_path_factory.mktemp("conditional") / "model.wgan")


def _parts(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.glob("part-*"))}


def _draw(model_file, folder, **options):
    options = {"n_partitions": PARTS, "random_state": 11, "chunk_rows": 300, **options}
    return write_partitioned(model_file, ROWS, folder, **options)


def test_parts_are_byte_identical_with_one_worker_two_workers_and_in_reverse_order(model_file, tmp_path):
    _draw(model_file, tmp_path / "one", n_jobs=1)
    _draw(model_file, tmp_path / "two", n_jobs=2)
    plan = plan_partitions(model_file, ROWS, n_partitions=PARTS, random_state=11, chunk_rows=300)
    (tmp_path / "reverse").mkdir()
    for index in reversed(range(plan.n_partitions)):
        write_partition(plan, index, tmp_path / "reverse")
    one = _parts(tmp_path / "one")
    assert len(one) == PARTS
    assert _parts(tmp_path / "two") == one
    assert _parts(tmp_path / "reverse") == one


def test_rerunning_one_partition_rewrites_identical_content(model_file, tmp_path):
    manifest = json.loads(_draw(model_file, tmp_path).read_text())
    plan = plan_partitions(model_file, ROWS, n_partitions=PARTS, random_state=11, chunk_rows=300)
    before = (tmp_path / "part-000002.parquet").read_bytes()
    entry = write_partition(plan, 2, tmp_path)
    assert (tmp_path / "part-000002.parquet").read_bytes() == before
    assert entry == manifest["parts"][2]


def test_manifest_lists_every_part_with_its_rows_and_hash_and_the_draw(model_file, tmp_path):
    manifest = json.loads(_draw(model_file, tmp_path).read_text())
    assert [part["rows"] for part in manifest["parts"]] == [500, 500, 500, 500]
    for part in manifest["parts"]:
        assert part["sha256"] == file_sha256(tmp_path / part["file"])
        assert part["bytes"] == (tmp_path / part["file"]).stat().st_size
    assert manifest["root_seed"] == 11
    assert manifest["model_sha256"] == file_sha256(model_file)
    assert manifest["n_samples"] == ROWS and manifest["n_partitions"] == PARTS
    assert [part["index"] for part in manifest["parts"]] == list(range(PARTS))
    assert manifest["environment"]["torch"] == torch.__version__
    assert sorted(path.name for path in tmp_path.iterdir()) == [MANIFEST_NAME] + [part["file"] for part in
                                                                                   manifest["parts"]]


def test_parts_read_back_as_one_table_with_unique_identifiers_and_the_models_dtypes(model_file, tmp_path):
    _draw(model_file, tmp_path)
    rows = pd.read_parquet(tmp_path)
    assert len(rows) == ROWS
    assert rows["order_id"].is_unique
    assert rows["when"].dtype.kind == "M"
    plan = plan_partitions(model_file, ROWS, n_partitions=PARTS, random_state=11, chunk_rows=300)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "part-000001.parquet"), partition_frame(plan, 1))


def test_partitions_differ_from_each_other_and_a_seed_changes_them(model_file, tmp_path):
    _draw(model_file, tmp_path / "a")
    _draw(model_file, tmp_path / "b", random_state=12)
    parts = [pd.read_parquet(path) for path in sorted((tmp_path / "a").glob("part-*"))]
    heights = {tuple(part["height"].round(6)) for part in parts}
    assert len(heights) == PARTS
    assert _parts(tmp_path / "a") != _parts(tmp_path / "b")


def test_a_conditional_model_writes_the_asked_label_in_every_part(conditional_file, tmp_path):
    write_partitioned(conditional_file, 900, tmp_path, n_partitions=3, random_state=0, y="yes", target="label")
    rows = pd.read_parquet(tmp_path)
    assert rows["label"].tolist() == ["yes"] * 900


def test_dask_cluster_of_two_single_threaded_workers_writes_the_same_parts(model_file, tmp_path):
    distributed = pytest.importorskip("distributed")
    _draw(model_file, tmp_path / "joblib", n_jobs=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        _draw(model_file, tmp_path / "dask", engine="dask")
    assert _parts(tmp_path / "dask") == _parts(tmp_path / "joblib")


def test_dask_frame_holds_the_rows_of_the_parts(model_file, tmp_path):
    pytest.importorskip("dask.dataframe")
    frame = dask_frame(model_file, ROWS, n_partitions=PARTS, random_state=11)
    assert frame.npartitions == PARTS
    plan = plan_partitions(model_file, ROWS, n_partitions=PARTS, random_state=11)
    computed = frame.compute(scheduler="synchronous").reset_index(drop=True)
    expected = pd.concat([partition_frame(plan, index) for index in range(PARTS)], ignore_index=True)
    pd.testing.assert_frame_equal(computed.astype(object), expected.astype(object))


def test_no_two_chunks_of_a_million_row_sample_are_identical(tmp_path):
    model = WGANAugmenter(n_steps=2, batch_size=16, random_state=0).fit(np.random.default_rng(0).normal(size=(50, 2)))
    path = write_samples(model, 1_000_000, tmp_path / "rows.parquet", random_state=0)
    values = pd.read_parquet(path).to_numpy()
    chunks = {values[start:start + 16_384].tobytes() for start in range(0, len(values) - 16_384 + 1, 16_384)}
    assert len(chunks) == len(values) // 16_384


def test_partitions_seed_their_chunks_by_the_one_rule_and_a_million_chunks_never_share_a_seed():
    # The partitions' chunks count on from the root's first seed, as the chunks of one file do.
    first = first_noise_seed(2**40 + 3)
    assert first == int(np.random.SeedSequence(2**40 + 3).generate_state(1, np.uint32)[0])
    assert [chunk_seed(first, index) for index in (0, 1, 7)] == [first, (first + 1) % 2**32, (first + 7) % 2**32]
    assert len({chunk_seed(2**32 - 5, index) for index in range(1_000_000)}) == 1_000_000


def test_a_non_empty_folder_is_refused_without_overwrite_and_nothing_is_written(model_file, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        _draw(model_file, tmp_path)
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_overwrite_replaces_an_earlier_runs_parts_and_keeps_other_files(model_file, tmp_path):
    _draw(model_file, tmp_path, n_partitions=5)
    (tmp_path / "notes.txt").write_text("mine")
    _draw(model_file, tmp_path, overwrite=True)
    assert len(list(tmp_path.glob("part-*"))) == PARTS
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_an_interrupted_run_keeps_complete_parts_and_writes_no_manifest(model_file, tmp_path):
    def interrupt(done, total, rows):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _draw(model_file, tmp_path, n_jobs=1, progress=interrupt)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["part-000000.parquet", "part-000001.parquet"]
    assert len(pd.read_parquet(tmp_path / "part-000001.parquet")) == 500


@pytest.mark.parametrize("options, message", [
    ({"n_partitions": 0}, "n_partitions must be a positive integer, got 0"),
    ({"n_partitions": 2, "rows_per_partition": 10}, "not both"),
    ({"n_partitions": ROWS + 1}, "more than the 2000 rows"),
    ({"random_state": -1}, r"random_state must be None or an integer in \[0, 2\*\*63\)"),
    ({"engine": "spark"}, "engine must be one of"),
    ({"scheduler": "tcp://127.0.0.1:8786"}, "needs engine='dask'"),
])
def test_bad_options_fail_before_anything_is_written(model_file, tmp_path, options, message):
    with pytest.raises(ValueError, match=message):
        write_partitioned(model_file, ROWS, tmp_path / "out", **{"n_partitions": PARTS, **options})
    assert not (tmp_path / "out").exists()


def test_a_crafted_model_file_is_refused_before_anything_is_written(tmp_path):
    crafted = tmp_path / "crafted.wgan"
    torch.save({"header": "{}", "payload": object()}, crafted)
    with pytest.raises(ValueError, match="crafted.wgan"):
        write_partitioned(crafted, ROWS, tmp_path / "out", n_partitions=PARTS)
    assert not (tmp_path / "out").exists()


def test_an_engine_that_is_not_installed_names_the_extra(model_file, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r"pip install 'wgan-augment\[dask\]'"):
        write_partitioned(model_file, ROWS, tmp_path / "out", n_partitions=PARTS, engine="dask")
    assert not (tmp_path / "out").exists()


def test_a_model_file_changed_after_planning_is_refused_by_the_worker(model_file, tmp_path):
    plan = plan_partitions(model_file, ROWS, n_partitions=PARTS, random_state=1)
    copy = tmp_path / "model.wgan"
    copy.write_bytes(model_file.read_bytes())
    moved = plan.__class__(**{**plan.__dict__, "model_path": str(copy), "model_sha256": "0" * 64})
    with pytest.raises(ValueError, match="changed since the draw was planned"):
        write_partition(moved, 0, tmp_path)


def test_a_worker_reads_the_model_file_once_for_all_its_partitions(model_file, tmp_path, monkeypatch):
    import wgan_augment.distributed as distributed
    import wgan_augment.persistence as persistence

    reads = []
    real_load = persistence.load
    monkeypatch.setattr(distributed, "_LOADED", {})
    monkeypatch.setattr(persistence, "load", lambda path: reads.append(path) or real_load(path))
    _draw(model_file, tmp_path, n_jobs=1)
    assert len(reads) == 2  # one to check the request before any work, one for the in-process worker's parts


def test_a_count_of_partitions_gives_that_many_parts_split_evenly(model_file, tmp_path):
    manifest = json.loads(write_partitioned(model_file, 1000, tmp_path, n_partitions=300, random_state=0).read_text())
    rows = [part["rows"] for part in manifest["parts"]]
    assert len(rows) == 300 and sum(rows) == 1000 and set(rows) == {3, 4}
    assert rows[:100] == [4] * 100  # the first n mod P parts hold one row more
    assert pd.read_parquet(tmp_path)["order_id"].is_unique


def test_a_worker_with_other_package_versions_refuses_to_write(model_file, tmp_path):
    plan = plan_partitions(model_file, ROWS, n_partitions=PARTS, random_state=1)
    elsewhere = plan.__class__(**{**plan.__dict__, "environment": (("wgan-augment", "0.0.1"), *plan.environment[1:])})
    version = __import__("wgan_augment").__version__.replace(".", r"\.")
    with pytest.raises(RuntimeError, match=rf"wgan-augment {version} \(planned with 0\.0\.1\)"):
        write_partition(elsewhere, 0, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_partitions_drawn_in_threads_of_one_process_take_turns_and_match(model_file):
    from concurrent.futures import ThreadPoolExecutor

    plan = plan_partitions(model_file, ROWS, n_partitions=PARTS, random_state=11, chunk_rows=300)
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(lambda index: partition_frame(plan, index), range(PARTS)))
    for index, frame in enumerate(threaded):
        pd.testing.assert_frame_equal(frame, partition_frame(plan, index))


def test_a_scheduler_that_cannot_be_reached_fails_before_the_folder_is_touched(model_file, tmp_path):
    pytest.importorskip("distributed")
    import dask

    _draw(model_file, tmp_path)
    before = _parts(tmp_path)
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}), pytest.raises(OSError):
        _draw(model_file, tmp_path, engine="dask", scheduler="tcp://127.0.0.1:9", overwrite=True)
    assert _parts(tmp_path) == before and (tmp_path / MANIFEST_NAME).exists()
