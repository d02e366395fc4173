"""The Ray Data and Spark recipes (docs/user_guide/scale.md) give the joblib parts' rows (slow; skipped if absent).

Run with ``python -m pytest -m slow tests/test_distributed_engines.py`` in an environment with
``wgan-augment[ray,spark]``.
"""

import numpy as np
import pandas as pd
import pytest
from conftest import make_mixed_frame

from wgan_augment import WGANAugmenter
from wgan_augment.distributed import empty_frame, partition_frame, plan_partitions, write_partitioned
from wgan_augment.persistence import save

pytestmark = pytest.mark.slow
ROWS, PARTS = 3_000, 3


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    table = make_mixed_frame(80, np.random.default_rng(0)).drop(columns="when")
    model = WGANAugmenter(n_steps=3, batch_size=16, random_state=0).fit(table)
    path = save(model, tmp_path_factory.mktemp("model") / "model.wgan")
    return plan_partitions(path, ROWS, n_partitions=PARTS, random_state=5)


@pytest.fixture(scope="module")
def joblib_rows(plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("joblib")
    write_partitioned(plan.model_path, ROWS, folder, n_partitions=PARTS, random_state=5, n_jobs=2)
    return pd.read_parquet(folder)


def _same_rows(rows, expected):
    """The same rows, in any order (engines may gather partitions in the order they finish)."""
    key = list(expected.columns)
    rows = rows[key].sort_values(key, ignore_index=True)
    expected = expected.sort_values(key, ignore_index=True)
    for column in expected.columns:
        left, right = rows[column], expected[column]
        if pd.api.types.is_numeric_dtype(right) and not pd.api.types.is_bool_dtype(right):
            np.testing.assert_array_equal(left.to_numpy(dtype=float), right.to_numpy(dtype=float))
        else:
            assert left.astype(str).tolist() == right.astype(str).tolist(), column


def test_ray_data_recipe_gives_the_rows_of_the_parts(plan, joblib_rows):
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True)
    try:
        indexes = ray.data.range(plan.n_partitions, override_num_blocks=plan.n_partitions)
        rows = indexes.map_batches(
            lambda batch: pd.concat([partition_frame(plan, int(index)) for index in batch["id"]]),
            batch_size=1, batch_format="pandas").to_pandas()
    finally:
        ray.shutdown()
    _same_rows(rows, joblib_rows)


def test_spark_map_in_pandas_recipe_gives_the_rows_of_the_parts(plan, joblib_rows):
    pytest.importorskip("pyspark")
    import pyarrow as pa
    from pyspark.sql import SparkSession
    from pyspark.sql.pandas.types import from_arrow_schema

    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate())
    try:
        schema = from_arrow_schema(pa.Schema.from_pandas(empty_frame(plan), preserve_index=False))

        def parts(batches):
            for batch in batches:
                for index in batch["id"]:
                    yield partition_frame(plan, int(index))

        indexes = spark.range(plan.n_partitions, numPartitions=plan.n_partitions)
        rows = indexes.mapInPandas(parts, schema=schema).toPandas()
    finally:
        spark.stop()
    _same_rows(rows, joblib_rows)
