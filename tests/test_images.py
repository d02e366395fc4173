"""wgan_augment.images and DiffAugment: layouts, exact scaling round trips, folders of files, grids."""

import numpy as np
import pytest
import torch

from wgan_augment.images import (
    ImageEncoder,
    as_images,
    detect_layout,
    image_grid,
    load_image_folder,
    pixel_range,
    random_affine,
    save_image_folder,
)
from wgan_augment.images._diffaugment import DiffAugment, cutout, parse_policy, recolour, translate

PIL = pytest.importorskip("PIL")


@pytest.mark.parametrize(
    "shape, layout",
    [((5, 8, 8), "NHW"), ((5, 28, 28, 1), "NHWC"), ((5, 32, 32, 3), "NHWC"), ((5, 3, 32, 32), "NCHW"),
     ((5, 1, 10, 12), "NCHW"), ((5, 64, 48, 4), "NHWC")],
)
def test_layout_is_read_from_the_shape(shape, layout):
    assert detect_layout(shape) == layout


def test_a_shape_without_a_channel_axis_asks_for_the_layout():
    with pytest.raises(ValueError, match="image_layout='NHWC'"):
        detect_layout((5, 8, 8, 8))
    assert detect_layout((5, 8, 8, 8), "NCHW") == "NCHW"


def test_explicit_layout_must_match_the_number_of_dimensions():
    with pytest.raises(ValueError, match="image_layout='NHWC' needs a 4-D array"):
        detect_layout((5, 8, 8), "NHWC")


@pytest.mark.parametrize(
    "images, message",
    [(np.zeros((4, 4, 4)), "at least 8x8"), (np.zeros((1, 8, 8)), "at least 2 images"),
     (np.full((3, 8, 8), np.nan), r"non-finite value \(nan\) at index \(0, 0, 0\)"),
     (np.zeros((3, 8, 8), dtype=complex), "complex128")],
)
def test_bad_images_are_refused_with_the_reason(images, message):
    with pytest.raises(ValueError, match=message):
        as_images(images)


@pytest.mark.parametrize("layout_shape", [(6, 9, 11), (6, 9, 11, 3), (6, 3, 9, 11)])
def test_uint8_images_round_trip_exactly_in_every_layout(layout_shape):
    images = np.random.default_rng(0).integers(0, 256, layout_shape, dtype=np.uint8)
    encoder = ImageEncoder().fit(images)
    encoded = encoder.transform(images)
    assert encoded.shape == (6, *encoder.output_shape_) and encoded.dtype == np.float32
    assert encoded.min() >= -1 and encoded.max() <= 1
    decoded = encoder.inverse_transform(encoded)
    assert decoded.dtype == np.uint8 and decoded.shape == images.shape
    np.testing.assert_array_equal(decoded, images)


def test_decoding_clips_to_the_value_range_and_rounds_integers():
    images = np.random.default_rng(0).integers(0, 17, (4, 8, 8)).astype(np.int64)  # digits-like, 0-16
    encoder = ImageEncoder().fit(images)
    decoded = encoder.inverse_transform(np.full((2, 1, 8, 8), 5.0, dtype=np.float32))
    assert decoded.dtype == np.int64
    assert (decoded == 16).all()
    assert (encoder.inverse_transform(np.full((1, 1, 8, 8), 0.01)) == 8).all()  # 8.08 rounds to 8


@pytest.mark.parametrize(
    "images, expected",
    [(np.array([[0, 255]], dtype=np.uint8), (0.0, 255.0)), (np.array([[0.2, 0.9]]), (0.0, 1.0)),
     (np.array([[-0.5, 0.9]]), (-1.0, 1.0)), (np.array([[0.0, 16.0]]), (0.0, 16.0)),
     (np.array([[3, 3]], dtype=np.int16), (3.0, 4.0))],
)
def test_pixel_range(images, expected):
    assert pixel_range(images) == expected


def test_background_is_the_most_common_border_value():
    images = np.zeros((3, 8, 8))
    images[:, 2:6, 2:6] = 16.0
    images[0, 0, 0] = 16.0
    assert ImageEncoder().fit(images).background_ == -1.0


def _write_folder(root, images_by_class):
    from PIL import Image

    for label, images in images_by_class.items():
        (root / label).mkdir(parents=True)
        for number, image in enumerate(images):
            Image.fromarray(image).save(root / label / f"{number}.png")


def test_labelled_folder_round_trip_keeps_pixels_and_labels(tmp_path):
    rng = np.random.default_rng(1)
    grey = rng.integers(0, 256, (5, 10, 12), dtype=np.uint8)
    labels = np.array(["cat", "cat", "dog", "dog", "dog"])
    save_image_folder(grey, tmp_path / "out", labels=labels, grid=True)
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["cat", "dog", "grid.png"]
    images, read_labels = load_image_folder(tmp_path / "out")
    np.testing.assert_array_equal(images, grey)  # files are read class by class, in name order
    np.testing.assert_array_equal(read_labels, labels)


def test_rgb_folder_without_classes_round_trips(tmp_path):
    colour = np.random.default_rng(2).integers(0, 256, (3, 8, 9, 3), dtype=np.uint8)
    save_image_folder(colour, tmp_path / "out")
    images, labels = load_image_folder(tmp_path / "out")
    assert labels is None
    np.testing.assert_array_equal(images, colour)


def test_float_images_are_written_with_their_value_range(tmp_path):
    images = np.stack([np.zeros((8, 8)), np.ones((8, 8))]) * 16.0
    save_image_folder(images, tmp_path / "out", value_range=(0, 16))
    read, _ = load_image_folder(tmp_path / "out")
    assert read[0].max() == 0 and read[1].min() == 255


def test_writing_refuses_a_non_empty_folder_unless_asked(tmp_path):
    images = np.zeros((2, 8, 8), dtype=np.uint8)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        save_image_folder(images, tmp_path / "out")
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"
    save_image_folder(images, tmp_path / "out", overwrite=True)
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["image_00001.png", "image_00002.png"]
    assert [path.name for path in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


def test_a_label_that_cannot_be_a_folder_name_is_refused(tmp_path):
    with pytest.raises(ValueError, match="label '../up' cannot be a folder name"):
        save_image_folder(np.zeros((2, 8, 8), dtype=np.uint8), tmp_path / "out", labels=["../up", "a"])


def test_folder_with_images_of_different_sizes_names_the_file(tmp_path):
    _write_folder(tmp_path / "data", {"a": [np.zeros((8, 8), np.uint8)], "b": [np.zeros((9, 8), np.uint8)]})
    with pytest.raises(ValueError, match=r"b/0.png: 8x9 pixels, but 0.png is 8x8"):
        load_image_folder(tmp_path / "data")
    images, _ = load_image_folder(tmp_path / "data", size=(8, 8))
    assert images.shape == (2, 8, 8)


def test_folder_mixing_loose_files_and_class_folders_is_refused(tmp_path):
    _write_folder(tmp_path / "data", {"a": [np.zeros((8, 8), np.uint8)]})
    from PIL import Image

    Image.fromarray(np.zeros((8, 8), np.uint8)).save(tmp_path / "data" / "loose.png")
    with pytest.raises(ValueError, match="both image files"):
        load_image_folder(tmp_path / "data")


def test_grid_tiles_images_with_padding():
    grid = image_grid(np.zeros((12, 8, 8), dtype=np.uint8), n_columns=5)
    assert grid.shape == (3 * 9 + 1, 5 * 9 + 1)
    assert (grid[1:9, 1:9] == 0).all() and (grid[0] == 255).all()


# ------------------------------------------------------------------------------------ DiffAugment
def test_translation_moves_whole_images_and_fills_with_the_background():
    torch.manual_seed(0)
    images = torch.arange(2 * 8 * 8, dtype=torch.float32).reshape(2, 1, 8, 8)
    shifted = translate(images, fill=-5.0)
    for original, moved in zip(images[:, 0].numpy(), shifted[:, 0].numpy()):
        matches = []
        for dy in range(-1, 2):
            for dx in range(-1, 2):
                expected = np.full((8, 8), -5.0, dtype=np.float32)
                expected[max(dy, 0) : 8 + min(dy, 0), max(dx, 0) : 8 + min(dx, 0)] = \
                    original[max(-dy, 0) : 8 + min(-dy, 0), max(-dx, 0) : 8 + min(-dx, 0)]
                matches.append(np.array_equal(moved, expected))
        assert sum(matches) == 1


def test_cutout_blanks_at_most_a_quarter_of_each_image():
    torch.manual_seed(0)
    images = torch.ones(64, 3, 8, 8)
    blanked = (cutout(images, fill=0.0) == 0).all(dim=1).sum(dim=(1, 2))
    assert blanked.max().item() == 16 and blanked.min().item() >= 4


def test_augmentation_is_differentiable_and_keeps_the_shape():
    images = torch.rand(4, 3, 8, 8, requires_grad=True)
    out = DiffAugment(parse_policy("colour,translation,cutout"), fill=-1.0)(images)
    out.sum().backward()
    assert out.shape == images.shape and images.grad.abs().sum() > 0
    assert recolour(torch.zeros(2, 1, 8, 8)).shape == (2, 1, 8, 8)


def test_unknown_policy_is_named():
    assert parse_policy("") == ()
    with pytest.raises(ValueError, match="'color'"):
        parse_policy("translation,color")


def test_images_too_small_on_every_axis_are_refused_as_too_small():
    with pytest.raises(ValueError, match="under 8x8 pixels whichever axis holds the channels"):
        detect_layout((5, 4, 4, 3))


def test_bool_images_come_back_as_bool_in_black_and_white():
    images = np.random.default_rng(0).random((4, 8, 8)) > 0.5
    encoder = ImageEncoder().fit(images)
    encoded = encoder.transform(images)
    assert encoder.value_range_ == (0.0, 1.0)
    assert set(np.unique(encoded)) == {-1.0, 1.0}
    decoded = encoder.inverse_transform(encoded)
    assert decoded.dtype == bool
    np.testing.assert_array_equal(decoded, images)


def test_an_unlabelled_folder_with_its_grid_reads_back_without_the_grid(tmp_path):
    grey = np.random.default_rng(3).integers(0, 256, (4, 8, 10), dtype=np.uint8)
    save_image_folder(grey, tmp_path / "out", grid=True)
    assert (tmp_path / "out" / "grid.png").exists()
    images, labels = load_image_folder(tmp_path / "out")
    assert labels is None
    np.testing.assert_array_equal(images, grey)


def test_images_are_written_in_the_layout_the_caller_names(tmp_path):
    channels_first = np.zeros((2, 1, 8, 10), dtype=np.uint8)
    channels_first[1] = 255
    save_image_folder(channels_first, tmp_path / "out", layout="NCHW")
    read, _ = load_image_folder(tmp_path / "out")
    np.testing.assert_array_equal(read, channels_first[:, 0])
    with pytest.raises(ValueError, match="image_layout='NHWC' needs a 4-D array"):
        save_image_folder(channels_first[:, 0], tmp_path / "other", layout="NHWC")


def test_random_affine_without_movement_returns_the_images_and_with_it_keeps_the_digit_mass():
    images = torch.zeros(16, 1, 28, 28)
    images[:, :, 10:18, 12:16] = 1.0
    still = random_affine(images, torch.Generator().manual_seed(0), degrees=0, shift=0, scale=0)
    torch.testing.assert_close(still, images)
    moved = random_affine(images, torch.Generator().manual_seed(0))
    assert moved.shape == images.shape
    assert not torch.equal(moved, images)
    # Rotations up to 15 degrees, 2-pixel shifts and 10% zooms keep a centred block inside the frame:
    # its mass changes only with the zoom's area, within (0.9^2, 1.1^2) up to interpolation.
    mass = moved.sum(dim=(1, 2, 3)) / images[0].sum()
    assert torch.all((mass > 0.75) & (mass < 1.3))


def test_random_affine_fills_with_the_background_and_is_seeded():
    background = torch.full((4, 1, 28, 28), -1.0)
    torch.testing.assert_close(random_affine(background, fill=-1.0), background)
    images = torch.rand(4, 3, 16, 16)
    first = random_affine(images, torch.Generator().manual_seed(3))
    torch.testing.assert_close(first, random_affine(images, torch.Generator().manual_seed(3)))


def test_is_image_array_is_a_deprecated_alias_of_is_image_stack():
    from wgan_augment.images import is_image_array, is_image_stack

    with pytest.warns(FutureWarning, match="is_image_stack"):
        assert is_image_array([[[0, 1], [2, 3]]] * 2) is True
    assert is_image_stack([[1, 2], [3]]) is False  # ragged rows: a (bad) table, never images
