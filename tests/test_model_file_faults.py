"""Model files whose numbers cannot be right: loading refuses them with one error naming the file and field."""

import json

import numpy as np
import pandas as pd
import pytest
import torch

from wgan_augment import WGANAugmenter
from wgan_augment.persistence import ModelFileError, describe, load, save

TINY = dict(n_steps=2, batch_size=8, generator_dims=(8,), critic_dims=(8,), latent_dim=4)


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    frame = pd.DataFrame({"size": np.arange(20.0) % 7, "shade": list("xy") * 10})
    model = WGANAugmenter(**TINY, random_state=0).fit(frame, np.array(["p", "q"] * 10))
    return save(model, tmp_path_factory.mktemp("models") / "model.wgan")


def _tampered(model_path, tmp_path, change_contents=None, change_header=None):
    contents = torch.load(model_path, weights_only=True)
    if change_contents:
        change_contents(contents)
    if change_header:
        header = json.loads(contents["header"])
        change_header(header)
        contents["header"] = json.dumps(header)
    path = tmp_path / "tampered.wgan"
    torch.save(contents, path)
    return path


def _set_weight(key, value):
    def change(contents):
        contents["generator"][key] = contents["generator"][key].clone()
        contents["generator"][key].view(-1)[0] = value
    return change


def test_tampered_file_still_loads_when_left_unchanged(model_path, tmp_path):
    assert load(_tampered(model_path, tmp_path)).sample(3, random_state=0)[0].shape == (3, 2)


@pytest.mark.parametrize("key, value, shown", [
    ("head.weight", float("nan"), "nan"),
    ("body.0.linear.bias", float("inf"), "inf"),
    ("body.0.norm.running_var", float("-inf"), "-inf"),
])
def test_loading_refuses_a_non_finite_generator_tensor_naming_it(model_path, tmp_path, key, value, shown):
    path = _tampered(model_path, tmp_path, change_contents=_set_weight(key, value))
    for read in (load, describe):
        with pytest.raises(ModelFileError) as error:
            read(path)
        assert str(error.value) == (f"{path}: corrupt wgan-augment model file (generator tensor {key!r} holds a "
                                    f"non-finite value ({shown}))")


def _set(field, value):
    def change(header):
        *parents, last = field.split(".")
        target = header
        for parent in parents:
            target = target[int(parent) if parent.isdigit() else parent]
        target[last] = value
    return change


@pytest.mark.parametrize("field, value, detail", [
    ("classes.counts", [-5, 0], "header field 'classes.counts' is [-5, 0]; every class had at least 1 row"),
    ("classes.counts", [10], "header field 'classes' holds 2 labels and 1 counts"),
    ("classes.counts", [10, "ten"], "a count in header field 'classes.counts' is 'ten'; expected a whole number"),
    ("n_features_in", 0, "header field 'n_features_in' is 0; a model learns at least 1 feature"),
    ("n_features_in", "2", "header field 'n_features_in' is '2'; expected a whole number"),
    ("feature_names_in", ["size"], "header field 'feature_names_in' holds 1 names for n_features_in=2 features"),
    ("encoder.column_names", ["size", "shade", "extra"],
     "header field 'encoder' describes 3 column names and 2 columns for n_features_in=2 features"),
    ("resolved.generator_dims", [8, -3], "header field 'resolved.generator_dims' is [8, -3]; layer widths are"),
    ("resolved.critic_dims", [0], "header field 'resolved.critic_dims' is [0]; layer widths are"),
    ("resolved.batch_size", 0, "header field 'resolved.batch_size' is 0; it cannot be negative or 0"),
    ("resolved.n_steps", -1, "header field 'resolved.n_steps' is -1; it cannot be negative"),
    ("resolved.ema_decay", 1.5, "header field 'resolved.ema_decay' is 1.5; expected a number in [0, 1)"),
    ("input_format.is_frame", "yes", "header field 'input_format.is_frame' is 'yes'; expected true or false"),
    ("params", [], "header field 'params' is []; expected an object"),
    ("encoder.columns.1.categories", [["x"], "y"],
     "header field 'encoder.columns.1.categories' holds ['x']; expected a name, number or tagged value"),
    ("classes.labels", ["p", [1]], "header field 'classes.labels' holds [1]; expected a name, number or tagged"),
])
def test_loading_refuses_an_impossible_header_number_naming_the_field(model_path, tmp_path, field, value, detail):
    path = _tampered(model_path, tmp_path, change_header=_set(field, value))
    with pytest.raises(ModelFileError) as error:
        load(path)
    assert str(error.value).startswith(f"{path}: corrupt wgan-augment model file ({detail}")
    assert "\n" not in str(error.value)


def test_loading_refuses_a_header_that_is_not_an_object(model_path, tmp_path):
    path = _tampered(model_path, tmp_path, change_contents=lambda contents: contents.update(header="[1, 2]"))
    with pytest.raises(ModelFileError, match=r"tampered\.wgan: corrupt wgan-augment model file \(header is list, "):
        load(path)


def test_loading_refuses_a_header_nested_too_deep_for_json(model_path, tmp_path):
    path = _tampered(model_path, tmp_path, change_contents=lambda contents: contents.update(header="[" * 100_000))
    with pytest.raises(ModelFileError, match=r"tampered\.wgan: corrupt wgan-augment model file \(header: maximum"):
        load(path)


def test_loading_refuses_a_generator_part_holding_something_other_than_tensors(model_path, tmp_path):
    path = _tampered(model_path, tmp_path, change_contents=lambda contents: contents["generator"].update(extra=3))
    with pytest.raises(ModelFileError, match=r"\('generator' holds 'extra': int, not a named tensor\)"):
        load(path)


@pytest.fixture(scope="module")
def image_model_path(tmp_path_factory):
    images = np.random.default_rng(0).integers(0, 256, size=(20, 8, 8), dtype=np.uint8)
    model = WGANAugmenter(n_steps=2, batch_size=8, latent_dim=4, conv_width=4, random_state=0).fit(images)
    return save(model, tmp_path_factory.mktemp("models") / "images.wgan")


@pytest.mark.parametrize("field, value, detail", [
    ("encoder.value_range", [], "header field 'encoder.value_range' is []; expected [low, high] with low <= high"),
    ("encoder.value_range", [255, 0], "header field 'encoder.value_range' is [255, 0]; expected [low, high]"),
    ("encoder.image_shape", [8, -8], "header field 'encoder.image_shape' is [8, -8]; expected 2 or 3 positive"),
    ("encoder.image_shape", [8, 4], "header field 'encoder.image_shape' is [8, 4], 32 values an image for "
                                    "n_features_in=64"),
    ("encoder.background", "white", "header field 'encoder.background' is 'white'; expected a number"),
])
def test_loading_an_image_model_refuses_an_impossible_layout_naming_the_field(image_model_path, tmp_path, field,
                                                                              value, detail):
    path = _tampered(image_model_path, tmp_path, change_header=_set(field, value))
    with pytest.raises(ModelFileError) as error:
        load(path)
    assert str(error.value).startswith(f"{path}: corrupt wgan-augment model file ({detail}")


def test_model_file_error_is_a_value_error_so_existing_handlers_keep_working():
    assert issubclass(ModelFileError, ValueError)
