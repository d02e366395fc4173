import gzip

import numpy as np
import pandas as pd
import pytest
from conftest import make_mixed_frame

from wgan_augment import WGANAugmenter
from wgan_augment.io._tables import read_table
from wgan_augment.sampling._streaming import write_samples


@pytest.fixture(scope="module")
def table():
    return make_mixed_frame(60, np.random.default_rng(0))


@pytest.fixture(scope="module")
def model(table):
    return WGANAugmenter(n_steps=3, batch_size=16, random_state=0).fit(table)


@pytest.fixture(scope="module")
def conditional_model(table):
    labels = np.where(np.arange(len(table)) % 3 == 0, "yes", "no")
    return WGANAugmenter(n_steps=3, batch_size=16, random_state=0).fit(table, labels)


def test_one_chunk_holds_exactly_the_rows_of_one_sample_call(model, tmp_path):
    path = write_samples(model, 40, tmp_path / "rows.parquet", chunk_rows=100, random_state=7)
    expected = model.sample(40, random_state=7)
    pd.testing.assert_frame_equal(pd.read_parquet(path), expected)


def test_later_chunks_seed_their_noise_from_the_first_chunks_seed_plus_their_index(model, tmp_path):
    from wgan_augment.runtime import draw_seed
    from wgan_augment.sampling import sample_chunks

    path = write_samples(model, 25, tmp_path / "rows.parquet", chunk_rows=10, random_state=3)
    first_seed = draw_seed(np.random.RandomState(3))  # the first chunk's first draw: no classes, no identifiers
    rng = np.random.RandomState(3)
    first = next(sample_chunks(model, 10, 10, random_state=rng))
    later = [next(sample_chunks(model, size, size, random_state=rng, first_seed=first_seed, first_chunk=index))
             for index, size in ((1, 10), (2, 5))]
    pd.testing.assert_frame_equal(pd.read_parquet(path), pd.concat([first, *later], ignore_index=True))


def test_parquet_keeps_every_dtype_of_the_training_table(model, table, tmp_path):
    written = pd.read_parquet(write_samples(model, 30, tmp_path / "rows.parquet", chunk_rows=7, random_state=0))
    assert written.dtypes.to_dict() == table.dtypes.to_dict()
    assert len(written) == 30
    assert written["constant"].eq(7).all()


def test_same_seed_writes_the_same_bytes(model, tmp_path):
    first = write_samples(model, 50, tmp_path / "a.csv", chunk_rows=16, random_state=1)
    second = write_samples(model, 50, tmp_path / "b.csv", chunk_rows=16, random_state=1)
    assert first.read_bytes() == second.read_bytes()


def test_csv_has_one_header_and_every_row(model, tmp_path):
    path = write_samples(model, 45, tmp_path / "rows.csv", chunk_rows=10, random_state=0)
    lines = path.read_text().splitlines()
    assert lines[0] == "height,count,flag,colour,city,with_gaps,when,constant"
    assert len(lines) == 46
    assert read_table(path)["when"].dtype.kind == "M"  # dates written as ISO text read back as dates


def test_compressed_csv_appends_read_back_as_one_table(model, tmp_path):
    path = write_samples(model, 33, tmp_path / "rows.csv.gz", chunk_rows=10, random_state=0)
    with gzip.open(path, "rt") as handle:
        assert len(pd.read_csv(handle)) == 33


def test_jsonl_writes_one_line_per_row(model, tmp_path):
    path = write_samples(model, 21, tmp_path / "rows.jsonl", chunk_rows=8, random_state=0)
    assert len(path.read_text().splitlines()) == 21


def test_zero_rows_write_the_header_alone(model, tmp_path):
    path = write_samples(model, 0, tmp_path / "rows.csv")
    assert path.read_text() == "height,count,flag,colour,city,with_gaps,when,constant\n"


def test_existing_file_is_refused_and_left_untouched(model, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("keep me")
    with pytest.raises(FileExistsError):
        write_samples(model, 5, path)
    assert path.read_text() == "keep me"
    write_samples(model, 5, path, overwrite=True)
    assert len(pd.read_csv(path)) == 5


def test_an_interrupted_write_leaves_no_file(model, tmp_path):
    def interrupt(rows_written):
        if rows_written >= 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_samples(model, 50, tmp_path / "rows.parquet", chunk_rows=10, progress=interrupt)
    assert list(tmp_path.iterdir()) == []


def test_progress_reports_rows_written_after_each_chunk(model, tmp_path):
    seen = []
    write_samples(model, 25, tmp_path / "rows.csv", chunk_rows=10, progress=seen.append)
    assert seen == [10, 20, 25]


def test_conditional_model_writes_labels_in_the_target_column_at_the_asked_position(conditional_model, table, tmp_path):
    order = ["height", "label", *[column for column in table.columns if column != "height"]]
    path = write_samples(conditional_model, 30, tmp_path / "rows.parquet", chunk_rows=8, target="label",
                         columns=order, random_state=0)
    written = pd.read_parquet(path)
    assert list(written.columns) == order
    assert set(written["label"]) <= {"yes", "no"}


def test_requested_labels_are_honoured_chunk_by_chunk(conditional_model, tmp_path):
    labels = np.array(["yes"] * 15 + ["no"] * 10)
    path = write_samples(conditional_model, 25, tmp_path / "rows.csv", chunk_rows=10, y=labels, target="label")
    assert pd.read_csv(path)["label"].tolist() == labels.tolist()


def test_conditional_model_needs_a_target_name(conditional_model, tmp_path):
    with pytest.raises(ValueError, match="target="):
        write_samples(conditional_model, 5, tmp_path / "rows.csv")
    assert not (tmp_path / "rows.csv").exists()


@pytest.mark.parametrize("labels", [{"target": "label"}, {"y": "yes"}])
def test_labels_are_refused_for_a_model_fitted_without_them(model, tmp_path, labels):
    with pytest.raises(ValueError, match="without labels"):
        write_samples(model, 5, tmp_path / "rows.csv", **labels)
    assert list(tmp_path.iterdir()) == []


def test_columns_must_name_the_written_columns(model, tmp_path):
    with pytest.raises(ValueError, match="columns must name"):
        write_samples(model, 5, tmp_path / "rows.csv", columns=["height"])
    assert list(tmp_path.iterdir()) == []


def test_model_fitted_on_an_array_writes_columns_x0_x1(tmp_path):
    array = np.random.default_rng(0).normal(size=(40, 2))
    model = WGANAugmenter(n_steps=2, batch_size=16, random_state=0).fit(array)
    written = pd.read_csv(write_samples(model, 12, tmp_path / "rows.csv", random_state=0))
    np.testing.assert_allclose(written.to_numpy(), model.sample(12, random_state=0))
    assert list(written.columns) == ["x0", "x1"]


def test_stdout_streams_csv(model, capsys):
    assert write_samples(model, 12, "-", chunk_rows=5, random_state=0) is None
    assert len(capsys.readouterr().out.splitlines()) == 13


@pytest.mark.parametrize("chunk_rows", [0, -1, 2.5, True])
def test_chunk_rows_must_be_a_positive_integer(model, tmp_path, chunk_rows):
    with pytest.raises(ValueError, match="chunk_rows"):
        write_samples(model, 5, tmp_path / "rows.csv", chunk_rows=chunk_rows)


def test_unknown_extension_is_refused(model, tmp_path):
    with pytest.raises(ValueError, match="unknown table format"):
        write_samples(model, 5, tmp_path / "rows.xlsx")


def test_an_unknown_label_is_refused_before_any_row_reaches_stdout(conditional_model, capsys):
    labels = np.array(["yes"] * 20 + ["maybe"])
    with pytest.raises(ValueError, match="label 'maybe', which was not seen in fit"):
        write_samples(conditional_model, 21, "-", chunk_rows=5, y=labels, target="label")
    assert capsys.readouterr().out == ""


def test_a_target_named_like_a_column_is_refused_before_any_row_reaches_stdout(conditional_model, table, capsys):
    with pytest.raises(ValueError, match=f"target={table.columns[0]!r} is already the name"):
        write_samples(conditional_model, 5, "-", target=table.columns[0])
    assert capsys.readouterr().out == ""


def test_a_frame_with_integer_column_names_is_written_with_them_as_text(tmp_path):
    frame = pd.DataFrame(np.random.default_rng(0).normal(size=(40, 2)))
    model = WGANAugmenter(n_steps=2, batch_size=16, random_state=0).fit(frame)
    written = pd.read_csv(write_samples(model, 6, tmp_path / "rows.csv", columns=["1", "0"], random_state=0))
    assert list(written.columns) == ["1", "0"]


def test_chunk_seeds_count_on_from_the_first_and_never_repeat_below_2_to_the_32():
    from wgan_augment.sampling import chunk_seed

    assert [chunk_seed(2**32 - 2, index) for index in range(5)] == [2**32 - 2, 2**32 - 1, 0, 1, 2]
    seeds = [chunk_seed(123_456_789, index) for index in range(100_000)]
    assert len(set(seeds)) == len(seeds)


def test_the_first_chunk_of_a_file_is_what_sample_returns_and_later_chunks_differ(tmp_path):
    import numpy as np
    import pandas as pd

    from wgan_augment import WGANAugmenter, write_samples

    frame = pd.DataFrame({"x": np.random.default_rng(0).normal(size=60)})
    model = WGANAugmenter(n_steps=3, batch_size=16, random_state=0).fit(frame)
    written = pd.read_csv(write_samples(model, 30, tmp_path / "rows.csv", chunk_rows=10, random_state=7))
    first = model.sample(10, random_state=7)
    np.testing.assert_allclose(written["x"][:10], first["x"], rtol=1e-12)
    chunks = written["x"].to_numpy().reshape(3, 10)
    assert not np.allclose(chunks[0], chunks[1]) and not np.allclose(chunks[1], chunks[2])


def test_sample_chunks_refuses_a_bad_request_before_the_first_chunk(model):
    from wgan_augment.sampling import sample_chunks

    with pytest.raises(ValueError, match="chunk_rows must be a positive integer, got 0"):
        next(sample_chunks(model, 10, 0))
    with pytest.raises(ValueError, match="n_samples"):
        next(sample_chunks(model, -3, 10))


def test_sample_refuses_more_labels_than_rows():
    X = np.random.default_rng(0).normal(size=(40, 2))
    model = WGANAugmenter(n_steps=2, batch_size=16, random_state=0).fit(X, [0, 1] * 20)
    with pytest.raises(ValueError, match=r"y must be one label or 5 labels \(one per row\), got shape \(7,\)"):
        model.sample(5, y=[0, 1, 0, 1, 0, 1, 1], random_state=0)
