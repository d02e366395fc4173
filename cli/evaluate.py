"""``wgan-augment evaluate``: how close synthetic rows are, whether they copy, whether they help.

Reads the tables, calls :func:`wgan_augment.evaluation.evaluate`, prints the three verdicts and
writes the report and the metrics file when asked. The library does the measuring.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import _options as opt
from ._errors import CommandError, reported_as_data_errors, usage_error
from ._fitting import report, sample_rows
from ._images import is_image_folder, read_images
from ._tables import (
    check_columns_exist,
    check_file_output,
    check_table_input,
    read_input,
)

Real = Annotated[
    Path,
    typer.Argument(metavar="REAL", help="The real table the generator learned (.csv, .tsv, .parquet, .jsonl), "
                   "or a folder of images (one subfolder per class).", exists=True, show_default=False),
]
Synthetic = Annotated[
    Optional[Path],
    typer.Argument(metavar="[SYNTHETIC]", help="The synthetic table, with REAL's columns (or a folder of "
                   "images, like REAL). Leave out with --model.", exists=True, show_default=False),
]
Target = Annotated[
    Optional[str],
    typer.Option("--target", "-t", metavar="COLUMN", show_default=False,
                 help="Label column: a classifier is trained on it to measure whether synthetic rows help. "
                 "Default with --model: the model's label column."),
]
Holdout = Annotated[
    Optional[Path],
    typer.Option("--holdout", metavar="PATH", exists=True, show_default=False,
                 help="Real rows the generator never saw: the baseline for copying, the non-members of the "
                 "membership-inference attack, and the test set for train-on-synthetic. Default: a quarter of "
                 "REAL is split off (a weaker test, and no membership-inference figure)."),
]
ReportPath = Annotated[
    Optional[Path],
    typer.Option("--report", metavar="PATH", rich_help_panel=opt.OUTPUT, show_default=False,
                 help="Write a self-contained HTML report with pictures (needs matplotlib: "
                 "pip install 'wgan-augment\\[report]')."),
]
JsonPath = Annotated[
    Optional[Path],
    typer.Option("--json", metavar="PATH", rich_help_panel=opt.OUTPUT, show_default=False,
                 help="Write every number as JSON."),
]
ModelPath = Annotated[
    Optional[Path],
    typer.Option("--model", metavar="PATH", exists=True, dir_okay=False, show_default=False,
                 help="Generate the synthetic rows from this saved model instead of reading SYNTHETIC; "
                 "its training curves are evaluated too."),
]
Rows = Annotated[
    Optional[int],
    typer.Option("--n", "-n", min=2, metavar="ROWS", show_default=False,
                 help="Rows to generate with --model. Default: as many as REAL has."),
]
Seed = Annotated[
    int,
    typer.Option("--seed", min=0, max=opt.MAX_SEED, metavar="SEED",
                 help="Seed for the splits, the cross-validation folds and generation."),
]


def evaluate(
    real: Real,
    synthetic: Synthetic = None,
    target: Target = None,
    holdout: Holdout = None,
    report_path: ReportPath = None,
    json_path: JsonPath = None,
    model: ModelPath = None,
    n: Rows = None,
    seed: Seed = 0,
    force: opt.Force = False,
    quiet: opt.Quiet = False,
) -> None:
    """Compare SYNTHETIC with REAL: does it look like the data, did it copy rows, does it help a classifier?

    Prints one verdict per question; --report and --json keep the details.

    Examples:

      wgan-augment evaluate data.csv data_synthetic.csv --target label --report report.html
      wgan-augment evaluate train.csv synthetic.csv --holdout test.csv --json metrics.json
          held-out rows the generator never saw make the copy test stronger
      wgan-augment evaluate data.csv --model model.wgan --report report.html
          generate from a saved model and evaluate in one go
      wgan-augment evaluate scans/ synthetic_scans/ --report report.html
          folders of images: Fréchet distance, conditional accuracy, copies, image grids
    """
    _check_sources(real, synthetic, model, n)
    images = is_image_folder(real)
    for path in (real, synthetic, holdout):
        if path is not None and images:
            _check_image_folder(path)
        elif path is not None:
            check_table_input(path)
    if images and target is not None:
        raise usage_error("--target applies to tables; with images the class subfolders are the labels")
    _check_outputs(report_path, json_path, [path for path in (real, synthetic, holdout, model) if path is not None],
                   force)
    augmenter, model_target = (None, None) if model is None else _load(model)
    if images:
        results = _evaluate_images(real, synthetic, holdout, augmenter, n, seed, quiet)
    else:
        results = _evaluate_tables(real, synthetic, holdout, augmenter, target or model_target, n, seed, quiet)
    from wgan_augment.evaluation import write_json, write_report

    with reported_as_data_errors():
        if json_path is not None:
            write_json(results, json_path, overwrite=force)
            report(f"Wrote the metrics to {json_path}.", quiet)
        if report_path is not None:
            write_report(results, report_path, overwrite=force)
            report(f"Wrote the report to {report_path}.", quiet)
    typer.echo(summary(results))


def _check_outputs(report_path: Optional[Path], json_path: Optional[Path], inputs: list[Path], force: bool) -> None:
    for path, option in ((report_path, "--report"), (json_path, "--json")):
        if path is not None:
            check_file_output(path, inputs=inputs, force=force, option=option)
    if report_path is not None and json_path is not None and report_path.resolve() == json_path.resolve():
        raise usage_error("--report and --json name the same file")
    if report_path is not None:
        _check_matplotlib()


def _evaluate_tables(real, synthetic, holdout, augmenter, target, n, seed, quiet) -> dict:
    real_table = read_input(real)
    check_columns_exist(real_table, [target] if target else [], "--target", real)
    synthetic_table = read_input(synthetic) if synthetic is not None else _generate(
        augmenter, n or len(real_table), target, list(real_table.columns), seed)
    holdout_table = read_input(holdout) if holdout is not None else None
    from wgan_augment.evaluation import evaluate

    report(f"Evaluating {len(synthetic_table)} synthetic rows against {len(real_table)} real rows...", quiet)
    with reported_as_data_errors():
        return evaluate(real_table, synthetic_table, target=target, holdout=holdout_table, augmenter=augmenter,
                        random_state=seed)


def _evaluate_images(real, synthetic, holdout, augmenter, n, seed, quiet) -> dict:
    """Folders of images (labels from class subfolders) or a model's images, through the same evaluate."""
    real_images, real_labels = read_images(real)
    classes = [] if real_labels is None else sorted(set(real_labels.tolist()))
    if len(classes) == 1:  # the classifier tests need two classes; a lone subfolder is no labelling
        raise CommandError(f"{real}: one class subfolder ({classes[0]}); evaluate needs two or more, or the images "
                           "directly in the folder (unlabelled)")
    if synthetic is not None:
        synthetic_data = _as_data(*read_images(synthetic))
    else:
        with reported_as_data_errors():
            synthetic_data = augmenter.sample(n or len(real_images), random_state=seed)
    holdout_data = _as_data(*read_images(holdout)) if holdout is not None else None
    from wgan_augment.evaluation import evaluate

    in_classes = f" in {len(classes)} classes ({', '.join(map(str, classes[:10]))})" if classes else ""
    report(f"Evaluating synthetic images against {len(real_images)} real images{in_classes}...", quiet)
    with reported_as_data_errors():
        return evaluate(_as_data(real_images, real_labels), synthetic_data, holdout=holdout_data,
                        augmenter=augmenter, random_state=seed)


def _as_data(images, labels):
    """What evaluate takes: the images, or an (images, labels) pair when there are classes."""
    return images if labels is None else (images, labels)


def _check_image_folder(path: Path) -> None:
    if not path.is_dir():
        raise usage_error(f"{path}: REAL is a folder of images, so SYNTHETIC and --holdout must be folders too")


def summary(results: dict) -> str:
    """The verdicts and the numbers behind them, a few lines for the terminal."""
    fidelity, privacy, utility = results["fidelity"], results["privacy"], results["utility"]
    lines = [
        f"Looks like the data?  {fidelity['verdict']}",
        f"Copies rows?          {privacy['verdict']}",
        f"Helps a model?        {utility['verdict'] if utility else 'not measured (give --target COLUMN)'}",
    ]
    diagnostics = results.get("diagnostics")
    if diagnostics:
        lines.append(f"Training              {' '.join(diagnostics['findings'])}")
    return "\n".join(lines)


def _check_sources(real: Path, synthetic: Optional[Path], model: Optional[Path], n: Optional[int]) -> None:
    if synthetic is None and model is None:
        raise usage_error("give SYNTHETIC (a table of synthetic rows) or --model PATH to generate them")
    if synthetic is not None and model is not None:
        raise usage_error("give SYNTHETIC or --model, not both")
    if n is not None and model is None:
        raise usage_error("--n sets how many rows --model generates; it needs --model")


def _check_matplotlib() -> None:
    from wgan_augment.evaluation.plots import require_matplotlib

    with reported_as_data_errors():
        require_matplotlib()


def _load(model: Path):
    from wgan_augment import persistence

    with reported_as_data_errors():
        augmenter, description = persistence.load_with_description(model)
        return augmenter, description["metadata"].get("target")


def _generate(augmenter, n_rows: int, target: Optional[str], columns: list, seed: int):
    if augmenter.conditioning_ is not None and target is None:
        raise usage_error("this model was trained with labels: give --target, the label column of REAL")
    return sample_rows(augmenter, n_rows, seed=seed, target=target, columns=columns)
