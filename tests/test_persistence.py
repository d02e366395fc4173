"""Model files: what a saved model brings back, and what loading refuses."""

import io
import json
import pickle
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest
import torch
from conftest import make_mixed_frame
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from wgan_augment import WGANAugmenter
from wgan_augment.persistence import FORMAT_NAME, FORMAT_VERSION, describe, load, save

# Small networks and a few steps: these tests check the file format, not the quality of the model.
TINY = dict(n_steps=4, batch_size=32, generator_dims=(16,), critic_dims=(16,), latent_dim=8)


@pytest.fixture(scope="module")
def labelled_frame():
    rng = np.random.default_rng(0)
    n = 50
    frame = make_mixed_frame(n, rng)
    labels = pd.Series(np.where(rng.random(n) < 0.3, "yes", "no"), name="label")
    return frame, labels


@pytest.fixture(scope="module")
def labelled_model(labelled_frame):
    frame, labels = labelled_frame
    return WGANAugmenter(**TINY, random_state=0).fit(frame, labels)


@pytest.fixture(scope="module")
def saved_model(labelled_model, tmp_path_factory):
    return save(labelled_model, tmp_path_factory.mktemp("models") / "model.wgan", metadata={"target": "label"})


def test_loaded_model_samples_the_same_rows_as_the_original(labelled_model, saved_model):
    loaded = load(saved_model)
    original_rows, original_labels = labelled_model.sample(200, random_state=7)
    loaded_rows, loaded_labels = loaded.sample(200, random_state=7)
    pd.testing.assert_frame_equal(loaded_rows, original_rows)
    np.testing.assert_array_equal(loaded_labels, original_labels)


def test_loaded_model_honours_a_requested_class_like_the_original(labelled_model, saved_model):
    loaded_rows, loaded_labels = load(saved_model).sample(30, y="yes", random_state=1)
    original_rows, _ = labelled_model.sample(30, y="yes", random_state=1)
    assert set(loaded_labels) == {"yes"}
    pd.testing.assert_frame_equal(loaded_rows, original_rows)


def test_loaded_model_keeps_parameters_classes_columns_and_history(labelled_model, saved_model):
    loaded = load(saved_model)
    assert loaded.get_params() == labelled_model.get_params()
    np.testing.assert_array_equal(loaded.classes_, labelled_model.classes_)
    assert loaded.classes_.dtype == labelled_model.classes_.dtype
    np.testing.assert_array_equal(loaded.class_counts_, labelled_model.class_counts_)
    np.testing.assert_array_equal(loaded.feature_names_in_, labelled_model.feature_names_in_)
    assert loaded.n_features_in_ == labelled_model.n_features_in_ == 8
    assert loaded.history_ == labelled_model.history_
    assert loaded.device_ == torch.device("cpu")


def test_model_fitted_on_numpy_without_labels_answers_with_numpy_after_loading(tmp_path):
    X = np.random.default_rng(1).normal(size=(40, 3))
    augmenter = WGANAugmenter(**TINY, random_state=0).fit(X)
    loaded = load(save(augmenter, tmp_path / "numbers.wgan"))
    rows = loaded.sample(25, random_state=3)
    assert isinstance(rows, np.ndarray) and rows.dtype == np.float64
    np.testing.assert_array_equal(rows, augmenter.sample(25, random_state=3))
    assert not hasattr(loaded, "classes_")


def test_integer_labels_come_back_as_integers(tmp_path):
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(40, 2)), rng.integers(0, 3, 40)
    loaded = load(save(WGANAugmenter(**TINY, random_state=0).fit(X, y), tmp_path / "ints.wgan"))
    _, labels = loaded.sample(10, y=2, random_state=0)
    assert loaded.classes_.tolist() == [0, 1, 2] and loaded.classes_.dtype == np.int64
    assert labels.tolist() == [2] * 10


def test_loading_leaves_torch_global_random_state_untouched(saved_model):
    before = torch.random.get_rng_state()
    load(saved_model)
    assert torch.equal(torch.random.get_rng_state(), before)


def test_model_file_holds_only_plain_values_and_tensors(saved_model):
    contents = torch.load(saved_model, weights_only=True)
    assert contents["format"] == FORMAT_NAME and contents["format_version"] == FORMAT_VERSION
    header = json.loads(contents["header"])
    assert header["metadata"] == {"target": "label"}
    assert all(isinstance(tensor, torch.Tensor) for tensor in contents["generator"].values())
    assert all(isinstance(tensor, torch.Tensor) for tensor in contents["encoder_arrays"].values())


def test_describe_reports_columns_classes_versions_and_settings(saved_model):
    description = describe(saved_model)
    assert description["format_version"] == FORMAT_VERSION
    assert description["library_version"] == __import__("wgan_augment").__version__
    kinds = {column["name"]: column["kind"] for column in description["columns"]}
    assert kinds == {"height": "continuous", "count": "continuous", "flag": "discrete", "colour": "discrete",
                     "city": "discrete", "with_gaps": "continuous", "when": "continuous", "constant": "constant"}
    colour = next(column for column in description["columns"] if column["name"] == "colour")
    assert colour["categories"] == 3 and colour["dtype"] == "category"
    assert [entry["label"] for entry in description["classes"]] == ["no", "yes"]
    assert sum(entry["rows"] for entry in description["classes"]) == 50
    assert description["params"]["n_steps"] == 4 and description["steps_trained"] == 4
    assert description["trained_on"] == "cpu"
    json.dumps(description)


def test_save_refuses_to_replace_a_file_unless_asked(labelled_model, tmp_path):
    path = tmp_path / "model.wgan"
    path.write_text("precious")
    with pytest.raises(FileExistsError):
        save(labelled_model, path)
    assert path.read_text() == "precious"
    save(labelled_model, path, overwrite=True)
    assert load(path).n_features_in_ == 8


def test_interrupted_save_leaves_no_file_behind(labelled_model, tmp_path, monkeypatch):
    def write_half_then_interrupt(contents, target):
        open(target, "wb").write(b"PK\x03\x04 half a model")
        raise KeyboardInterrupt

    monkeypatch.setattr(torch, "save", write_half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        save(labelled_model, tmp_path / "model.wgan")
    assert list(tmp_path.iterdir()) == []


def test_saving_an_unfitted_augmenter_raises_not_fitted(tmp_path):
    with pytest.raises(NotFittedError):
        save(WGANAugmenter(), tmp_path / "model.wgan")
    assert list(tmp_path.iterdir()) == []


def test_metadata_that_is_not_json_is_refused(labelled_model, tmp_path):
    with pytest.raises(ValueError, match="metadata must be JSON-serialisable"):
        save(labelled_model, tmp_path / "model.wgan", metadata={"when": object()})


class _WritesMarker:
    """Unpickling this runs ``open(marker, "w")``: the shape of a code-execution exploit."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("writer", ["torch.save", "pickle.dump"])
def test_loading_a_file_crafted_to_run_code_refuses_it_without_running_it(tmp_path, monkeypatch, writer):
    marker = tmp_path / "code-ran"
    path = tmp_path / "evil.wgan"
    payload = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "header": _WritesMarker(marker)}
    with open(path, "wb") as file:
        torch.save(payload, file) if writer == "torch.save" else pickle.dump(payload, file)
    # Without weights_only, torch would honour this variable and unpickle anything; load must not.
    monkeypatch.setenv("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", "1")

    with pytest.raises(ValueError, match=r"evil\.wgan: refused to load"):
        load(path)
    with pytest.raises(ValueError, match="refused to load"):
        describe(path)
    assert not marker.exists()

    # The file is a real exploit: plain unpickling does run it.
    with open(path, "rb") as file:
        torch.load(file, weights_only=False) if writer == "torch.save" else pickle.load(file)
    assert marker.exists()


def test_truncated_file_gets_a_clear_error_naming_it(saved_model, tmp_path):
    path = tmp_path / "cut.wgan"
    content = saved_model.read_bytes()
    path.write_bytes(content[: len(content) // 2])
    with pytest.raises(ValueError, match=r"cut\.wgan: not a readable wgan-augment model file \(truncated or corrupt\)"):
        load(path)


@pytest.mark.parametrize("content, what", [(b"", "empty"), (b"age,income\n1,2\n", "text, perhaps a table")])
def test_file_that_is_no_model_at_all_gets_a_clear_error(tmp_path, content, what):
    path = tmp_path / "data.wgan"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=rf"data\.wgan: not a wgan-augment model file \(it is {what}; model files"):
        load(path)


def test_torch_file_of_another_kind_is_not_taken_for_a_model(tmp_path):
    path = tmp_path / "weights.pt"
    torch.save(torch.nn.Linear(2, 2).state_dict(), path)
    with pytest.raises(ValueError, match=r"weights\.pt: not a wgan-augment model file"):
        load(path)


def test_newer_format_version_is_refused_with_an_upgrade_hint(saved_model, tmp_path):
    contents = torch.load(saved_model, weights_only=True)
    contents["format_version"] = FORMAT_VERSION + 1
    path = tmp_path / "future.wgan"
    torch.save(contents, path)
    with pytest.raises(ValueError, match=rf"future\.wgan: model file format version {FORMAT_VERSION + 1} .*upgrade"):
        load(path)


def test_damaged_weights_get_a_clear_error_naming_the_file(saved_model, tmp_path):
    contents = torch.load(saved_model, weights_only=True)
    contents["generator"].popitem()
    path = tmp_path / "damaged.wgan"
    torch.save(contents, path)
    with pytest.raises(ValueError, match=r"damaged\.wgan: corrupt wgan-augment model file"):
        load(path)


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "absent.wgan")


@pytest.mark.parametrize("dump, read", [(pickle.dumps, pickle.loads), ("joblib", "joblib")])
def test_pickle_and_joblib_of_a_fitted_augmenter_keep_working(labelled_model, tmp_path, dump, read):
    if dump == "joblib":
        joblib.dump(labelled_model, tmp_path / "model.joblib")
        restored = joblib.load(tmp_path / "model.joblib")
    else:
        restored = read(dump(labelled_model))
    pd.testing.assert_frame_equal(restored.sample(20, random_state=4)[0], labelled_model.sample(20, random_state=4)[0])


def test_parameters_a_file_cannot_hold_are_saved_as_none_with_a_warning(tmp_path):
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(30, 2)), rng.choice(["no", "yes"], 30)
    augmenter = WGANAugmenter(**TINY, random_state=np.random.RandomState(0),
                              sampling_strategy={"yes": 40}).fit(X, y)
    with pytest.warns(UserWarning, match="random_state=.* cannot be kept"):
        path = save(augmenter, tmp_path / "model.wgan")
    loaded = load(path)
    assert loaded.random_state is None
    assert loaded.sampling_strategy == {"yes": 40}


def test_file_whose_tensors_were_saved_on_a_gpu_loads_on_cpu(saved_model, tmp_path, monkeypatch):
    # Simulate a file written on a GPU machine: tag every storage with the location "cuda:0".
    contents = torch.load(saved_model, weights_only=True)
    monkeypatch.setattr(torch.serialization, "_package_registry", list(torch.serialization._package_registry))
    torch.serialization.register_package(0, lambda storage: "cuda:0", lambda storage, location: None)
    path = tmp_path / "from_gpu.wgan"
    torch.save(contents, path)
    monkeypatch.undo()
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="CUDA"):
            torch.load(path, weights_only=True)  # what loading without map_location would do

    loaded = load(path)
    assert all(parameter.device.type == "cpu" for parameter in loaded.generator_.parameters())
    assert loaded.sample(5, random_state=0)[0].shape == (5, 8)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_model_trained_on_gpu_loads_and_samples_on_cpu(labelled_frame, tmp_path):
    frame, labels = labelled_frame
    augmenter = WGANAugmenter(**TINY, device="cuda", random_state=0).fit(frame, labels)
    loaded = load(save(augmenter, tmp_path / "gpu.wgan"))
    assert loaded.device_ == torch.device("cpu")
    assert all(parameter.device.type == "cpu" for parameter in loaded.generator_.parameters())
    rows, classes = loaded.sample(20, random_state=0)
    assert rows.shape == (20, 8) and set(classes) <= {"no", "yes"}


# ------------------------------------------------------------------- files written by earlier versions
# Written by wgan-augment 0.1.0 before the kinds/conditioning refactor (tests/data/make_v0_1_models.py):
# they must load, describe themselves, and sample the rows they sampled then: categories exactly, numbers
# up to float32 rounding, because CPU kernels (AVX2 or AVX-512 paths) differ between machines in the last bits.
V0_1 = Path(__file__).parent / "data"
FLOAT32_ROUNDING = {"rtol": 1e-5, "atol": 1e-6}


def test_table_model_from_0_1_samples_the_same_rows():
    rows, labels = load(V0_1 / "table_v0_1.wgan").sample(6, random_state=5)
    sampled = pd.read_csv(io.StringIO(rows.assign(label=labels).to_csv(index=False)))
    pd.testing.assert_frame_equal(sampled, pd.read_csv(V0_1 / "table_v0_1_rows.csv"), check_exact=False,
                                  **FLOAT32_ROUNDING)
    assert describe(V0_1 / "table_v0_1.wgan")["resolved"] is None


def test_array_model_from_0_1_samples_the_same_rows():
    model = load(V0_1 / "array_v0_1.wgan")
    np.testing.assert_allclose(model.sample(6, random_state=5), np.load(V0_1 / "array_v0_1_rows.npy"),
                               **FLOAT32_ROUNDING)
    assert model.conditioning_ is None and model.batch_size_ == 16 and model.n_iter_ == 3


def test_image_model_from_0_1_samples_the_same_images():
    images, labels = load(V0_1 / "images_v0_1.wgan").sample(4, random_state=5)
    expected = np.load(V0_1 / "images_v0_1_rows.npz")
    # uint8 pixels: a value on a rounding boundary may land one grey level apart on another machine
    np.testing.assert_allclose(images.astype(int), expected["images"].astype(int), atol=1, rtol=0)
    np.testing.assert_array_equal(labels, expected["labels"])


def test_models_from_0_1_resolve_auto_as_0_1_did_and_can_be_refitted():
    table = load(V0_1 / "table_v0_1.wgan")
    images = load(V0_1 / "images_v0_1.wgan")
    assert (table.batch_size_, images.batch_size_, images.ema_decay_) == (16, 8, 0.999)
    assert images.get_params()["generator_dims"] == "auto"  # the file's (256, 256) of then is not kept
    refit = clone(images).set_params(n_steps=1).fit(np.zeros((4, 8, 8), dtype=np.uint8))
    assert refit.n_iter_ == 1


# ------------------------------------------------------------------------------ tampered model files
def _tampered(model, tmp_path, change) -> Path:
    """``model`` saved, then one part of its contents changed as a hand-edit or a damaged copy would."""
    contents = torch.load(save(model, tmp_path / "model.wgan"), weights_only=True)
    change(contents)
    torch.save(contents, tmp_path / "tampered.wgan")
    return tmp_path / "tampered.wgan"


def _cut_quantiles(contents):
    key = next(key for key in contents["encoder_arrays"] if key.endswith(".quantiles"))
    contents["encoder_arrays"][key] = contents["encoder_arrays"][key][:10]


def _unsorted_references(contents):
    key = next(key for key in contents["encoder_arrays"] if key.endswith(".references"))
    contents["encoder_arrays"][key] = contents["encoder_arrays"][key].flip(0)


def _cut_generator_head(contents):
    contents["generator"]["head.weight"] = contents["generator"]["head.weight"][:2]


def _drop_bounds(contents):
    key = next(key for key in contents["encoder_arrays"] if key.endswith(".bounds"))
    del contents["encoder_arrays"][key]


@pytest.mark.parametrize("change, message", [
    (_cut_quantiles, r"column '\w+': encoder array 'references' has shape \(\d+,\); expected 10 values"),
    (_unsorted_references, r"column '\w+': encoder array 'references' must not decrease"),
    (_cut_generator_head, r"size mismatch for head\.weight"),
    (_drop_bounds, r"column '\w+': encoder array 'bounds' is missing"),
])
def test_a_tampered_model_file_fails_to_load_and_describe_in_one_line(tmp_path, change, message):
    frame = make_mixed_frame(80, np.random.default_rng(0))
    model = WGANAugmenter(n_steps=2, batch_size=16, random_state=0).fit(frame)
    path = _tampered(model, tmp_path, change)
    for read in (load, describe):
        expected = r"tampered\.wgan: corrupt wgan-augment model file \(.*" + message
        with pytest.raises(ValueError, match=expected) as error:
            read(path)
        assert "\n" not in str(error.value)
