"""Property-based fuzzing of the model-file loader: whatever a file holds, ``load`` answers with its own error.

Random bytes, truncations and single-byte changes of a real model file, and edits of its header and
tensors, either load into a model that samples, or raise :class:`ModelFileError` naming the file; never
``struct.error``, ``KeyError``, ``UnicodeDecodeError``, a JSON or torch error, nor any other exception.
"""

import io
import json
import warnings

import numpy as np
import pandas as pd
import pytest
import torch
from conftest import make_mixed_frame
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wgan_augment import WGANAugmenter
from wgan_augment.persistence import ModelFileError, describe, load, save

TINY = dict(n_steps=2, batch_size=8, generator_dims=(8,), critic_dims=(8,), latent_dim=4)
# derandomize: the same cases on every run, so that CI is red only when the code changed.
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module", params=["table", "images"])
def model_bytes(request, tmp_path_factory):
    labels = np.array(["yes", "no"] * 20)
    if request.param == "table":
        model = WGANAugmenter(**TINY, random_state=0).fit(make_mixed_frame(40, np.random.default_rng(0)), labels)
    else:
        images = np.random.default_rng(0).integers(0, 256, size=(40, 8, 8), dtype=np.uint8)
        model = WGANAugmenter(n_steps=2, batch_size=8, latent_dim=4, conv_width=4, random_state=0).fit(images, labels)
    return _Saved(save(model, tmp_path_factory.mktemp("models") / "model.wgan").read_bytes())


def _loads_or_refuses(path, content) -> None:
    """The property: a model that samples and is described, or a ModelFileError naming the file from both."""
    path.write_bytes(content)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # unknown parameters in an edited header warn
        try:
            model = load(path)
        except ModelFileError as error:
            assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
            with pytest.raises(ModelFileError):
                describe(path)
            return
        rows = model.sample(3, random_state=0)
        described = describe(path)
    assert len(rows[0] if isinstance(rows, tuple) else rows) == 3
    assert described["format"] == "wgan-augment-model"


class _Saved(bytes):
    """A model file's bytes, shown by their length: hypothesis prints every argument of a failing case."""

    def __repr__(self) -> str:
        return f"<model file of {len(self)} bytes>"


@FUZZ
@given(content=st.binary(max_size=600), zip_magic=st.booleans())
def test_random_bytes_are_refused_with_the_library_error(tmp_path, content, zip_magic):
    path = tmp_path / "random.wgan"
    path.write_bytes((b"PK\x03\x04" if zip_magic else b"") + content)
    with pytest.raises(ModelFileError, match=r"random\.wgan: "):
        load(path)


@FUZZ
@given(fraction=st.floats(0, 1, exclude_max=True))
def test_a_truncated_model_file_is_refused_with_the_library_error(tmp_path, model_bytes, fraction):
    path = tmp_path / "cut.wgan"
    path.write_bytes(model_bytes[: int(fraction * len(model_bytes))])
    with pytest.raises(ModelFileError, match=r"cut\.wgan: "):
        load(path)


@FUZZ
@given(data=st.data())
def test_a_model_file_with_one_byte_changed_loads_or_is_refused_with_the_library_error(tmp_path, model_bytes, data):
    position = data.draw(st.integers(0, len(model_bytes) - 1))
    byte = data.draw(st.integers(0, 255).filter(lambda value: value != model_bytes[position]))
    changed = model_bytes[:position] + bytes([byte]) + model_bytes[position + 1:]
    _loads_or_refuses(tmp_path / "flipped.wgan", changed)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False), st.text(max_size=5)),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


def _paths(value, prefix=()):
    """Every place in a JSON value: key paths into its objects and lists."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _paths(item, (*prefix, position))


def _replaced(value, path, new):
    if not path:
        return new
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


def _resaved(contents) -> bytes:
    buffer = io.BytesIO()
    torch.save(contents, buffer)
    return buffer.getvalue()


@FUZZ
@given(data=st.data())
def test_a_model_file_with_an_edited_header_loads_or_is_refused_with_the_library_error(tmp_path, model_bytes, data):
    contents = torch.load(io.BytesIO(model_bytes), weights_only=True)
    header = json.loads(contents["header"])
    places = sorted(_paths(header), key=repr)
    path = data.draw(st.sampled_from(places))
    if path and isinstance(path[-1], str) and data.draw(st.booleans()):
        parent = header
        for key in path[:-1]:
            parent = parent[key]
        del parent[path[-1]]  # a field left out
    else:
        header = _replaced(header, path, data.draw(JSON_VALUES))
    contents["header"] = json.dumps(header)
    _loads_or_refuses(tmp_path / "edited.wgan", _resaved(contents))


TENSORS = st.builds(
    lambda shape, dtype, fill: torch.full(shape, fill).to(dtype),
    st.lists(st.integers(0, 3), max_size=3).map(tuple),
    st.sampled_from([torch.float32, torch.float64, torch.int64, torch.bool]),
    st.sampled_from([0.0, 1.0, -1.0, 1e30, float("nan"), float("inf")]),
)


@FUZZ
@given(data=st.data())
def test_a_model_file_with_an_edited_tensor_loads_or_is_refused_with_the_library_error(tmp_path, model_bytes, data):
    contents = torch.load(io.BytesIO(model_bytes), weights_only=True)
    part = data.draw(st.sampled_from([part for part in ("encoder_arrays", "generator", "history") if contents[part]]))
    key = data.draw(st.sampled_from(sorted(contents[part])))
    if data.draw(st.booleans()):
        del contents[part][key]
    else:
        contents[part][key] = data.draw(TENSORS)
    _loads_or_refuses(tmp_path / "edited.wgan", _resaved(contents))


def test_an_edited_header_that_drops_the_classes_counts_is_refused(tmp_path, model_bytes):
    contents = torch.load(io.BytesIO(model_bytes), weights_only=True)
    header = json.loads(contents["header"])
    del header["classes"]["counts"]
    contents["header"] = json.dumps(header)
    path = tmp_path / "edited.wgan"
    path.write_bytes(_resaved(contents))
    with pytest.raises(ModelFileError, match=r"header field 'classes\.counts' is None; expected a list"):
        load(path)


def test_the_untouched_model_file_loads_and_samples(tmp_path, model_bytes):
    path = tmp_path / "model.wgan"
    path.write_bytes(model_bytes)
    rows, labels = load(path).sample(4, random_state=0)
    assert rows.shape == ((4, 8) if isinstance(rows, pd.DataFrame) else (4, 8, 8)) and set(labels) <= {"yes", "no"}
