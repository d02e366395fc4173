"""The command line with a folder of images: PNG files out, one folder per class, a grid, saved models."""

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner
from wgan_augment_cli import app

pytest.importorskip("PIL")

STEPS = ["--steps", "2", "--seed", "0", "--threads", "1"]  # one thread: no busy-machine warning


def invoke(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


@pytest.fixture
def image_folder(tmp_path) -> Path:
    """Two class folders, 'circle' and 'square', of four 8x8 grayscale PNG files each."""
    from wgan_augment.images import save_image_folder

    rng = np.random.default_rng(0)
    images = rng.integers(0, 60, (8, 8, 8), dtype=np.uint8)
    images[:4, 2:6, 2:6] = 250
    save_image_folder(images, tmp_path / "shapes", labels=["square"] * 4 + ["circle"] * 4)
    return tmp_path / "shapes"


def pngs(folder: Path) -> dict[str, int]:
    return {sub.name: len(list(sub.glob("*.png"))) for sub in sorted(folder.iterdir()) if sub.is_dir()}


def test_folder_in_writes_png_files_per_class_and_a_grid(image_folder):
    result = invoke(image_folder, "--n", "10", *STEPS)
    assert result.exit_code == 0, result.output
    output = image_folder.with_name("shapes_synthetic")
    counts = pngs(output)
    assert set(counts) <= {"circle", "square"} and sum(counts.values()) == 10
    assert (output / "grid.png").is_file()
    assert "Wrote 10 images to" in result.stderr

    from wgan_augment.images import load_image_folder

    images, labels = load_image_folder(output)  # the output reads back as a labelled folder
    assert images.shape == (10, 8, 8) and images.dtype == np.uint8


def test_condition_writes_only_the_requested_class(image_folder, tmp_path):
    result = invoke(image_folder, "--n", "3", "--condition", "label=circle", "-o", tmp_path / "out", *STEPS)
    assert result.exit_code == 0, result.output
    assert pngs(tmp_path / "out") == {"circle": 3}


def test_existing_output_folder_is_kept_without_force(image_folder, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("keep")
    result = invoke(image_folder, "--n", "2", "-o", tmp_path / "out", *STEPS)
    assert result.exit_code == 2 and "pass --force" in result.stderr
    assert (tmp_path / "out" / "mine.txt").read_text() == "keep"
    assert invoke(image_folder, "--n", "2", "-o", tmp_path / "out", "--force", *STEPS).exit_code == 0
    assert not (tmp_path / "out" / "mine.txt").exists()


@pytest.mark.parametrize(
    "arguments, message",
    [(["--target", "label"], "--target applies to tables"), (["--balance"], "--balance applies to tables"),
     (["--condition", "label=triangle"], "no class 'triangle'"), (["-o", "-"], "not to stdout")],
)
def test_options_that_do_not_apply_to_images_are_refused(image_folder, arguments, message):
    result = invoke(image_folder, *arguments, *STEPS)
    assert result.exit_code == 2 and message in result.stderr


def test_output_inside_the_input_folder_is_refused(image_folder):
    result = invoke(image_folder, "-o", image_folder / "more", *STEPS)
    assert result.exit_code == 2 and "overlaps the input" in result.stderr


def test_fit_then_sample_and_info_from_the_saved_model(image_folder, tmp_path):
    result = invoke("fit", image_folder, *STEPS)
    assert result.exit_code == 0, result.output
    model = image_folder.with_name("shapes.wgan")
    assert model.is_file()

    result = invoke("sample", model, "--n", "4", "--condition", "label=square", "--seed", "1")
    assert result.exit_code == 0, result.output
    assert pngs(model.with_name("shapes_synthetic")) == {"square": 4}

    result = invoke("info", model)
    assert result.exit_code == 0
    assert "Images: shape (8, 8) (NHW layout), uint8, values 0 to 255" in result.stdout
    assert "square  4 images" in result.stdout


def test_a_folder_without_images_is_a_data_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = invoke(tmp_path / "empty", *STEPS)
    assert result.exit_code == 1 and "holds no image files" in result.stderr


def test_the_current_folder_as_data_names_the_model_after_it(image_folder, monkeypatch):
    monkeypatch.chdir(image_folder)
    result = invoke("fit", ".", *STEPS)
    assert result.exit_code == 0, result.output
    assert image_folder.with_name("shapes.wgan").is_file()
