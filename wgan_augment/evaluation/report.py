"""The results of :func:`~wgan_augment.evaluation.evaluate` as a JSON file and as one self-contained HTML page.

The page needs nothing beside it: styles are inline and pictures are PNGs embedded as base64, so it
can be mailed or attached to a ticket. Both files are written atomically and never replace an existing
file unless asked. The report is drawn from the results dict alone, so a JSON file written earlier can
be turned into a report later (``write_report(json.load(open("metrics.json")), "report.html")``).

Sections are drawn in the order of :data:`SECTIONS`; a section whose results are missing is left out,
which is how sections for other kinds of data (images) join without changing the others.
"""

from __future__ import annotations

import base64
import datetime
import errno
import html
import json
import math
import os
from pathlib import Path

import numpy as np

from .. import __version__
from ..io import atomic_write
from . import plots


def write_json(results: dict, path, *, overwrite: bool = False) -> Path:
    """Write every number of ``results`` to ``path`` as JSON (NaN and infinities become null).

    Raises
    ------
    FileExistsError
        If ``path`` exists and ``overwrite`` is False.
    """
    text = json.dumps(jsonable(results), indent=2, allow_nan=False)
    with atomic_write(path, overwrite=overwrite) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8")
    return Path(path)


def write_report(results: dict, path, *, overwrite: bool = False, title: str = "Synthetic data report") -> Path:
    """Write ``results`` as one self-contained HTML page with the pictures embedded.

    Raises
    ------
    ImportError
        If matplotlib is not installed (checked before anything is written).
    FileExistsError
        If ``path`` exists and ``overwrite`` is False.
    """
    if not overwrite and Path(path).exists():
        raise FileExistsError(errno.EEXIST, "file exists; pass overwrite=True to replace it", os.fspath(path))
    page = render_html(results, title=title)
    with atomic_write(path, overwrite=overwrite) as temporary:
        temporary.write_text(page, encoding="utf-8")
    return Path(path)


def jsonable(value):
    """``value`` with numpy scalars and arrays as Python values, non-finite floats as None."""
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [jsonable(item) for item in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


# ------------------------------------------------------------------------------------- the page
def render_html(results: dict, *, title: str = "Synthetic data report") -> str:
    """The report page as a string (needs matplotlib for its pictures)."""
    plots.require_matplotlib()
    body = "\n".join(part for part in (_overview(results), *(section(results) for section in SECTIONS)) if part)
    generated = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    return _PAGE.format(title=_text(title), style=_STYLE, body=body,
                        footer=_text(f"wgan-augment {__version__} · generated {generated}"))


def _overview(results: dict) -> str:
    data = results["data"]
    unit = "images" if data.get("kind") == "images" else "rows"
    holdout = "given" if data["holdout"] == "given" else f"split from the real {unit}, which the generator saw"
    if unit == "images":
        shape = "x".join(map(str, data["image_shape"]))
        classes = f", {len(data['classes'])} classes" if data.get("classes") else ""
        size = f"images of shape {shape}{classes}"
    else:
        size = f"{len(data['columns'])} columns"
    facts = (f"{data['n_real']} real {unit}, {data['n_synthetic']} synthetic {unit}, {size}; "
             f"{data['n_holdout']} held-out real {unit} ({holdout})"
             + (f"; target {data['target']!r}" if data.get("target") else ""))
    questions = [("Does it look like the data?", "fidelity"), (f"Did it copy {unit}?", "privacy"),
                 ("Does it help a model?", "utility")]
    cards = []
    for question, section in questions:
        part = results.get(section)
        status = part["status"] if part else "absent"
        verdict = part["verdict"] if part else "Not measured: give a target column to test a classifier."
        cards.append(f'<div class="card {status}"><h3>{_text(question)}</h3><p>{_text(verdict)}</p></div>')
    return f'<p class="facts">{_text(facts)}</p>\n<div class="cards">{"".join(cards)}</div>'


def _fidelity_section(results: dict) -> str:
    fidelity = results.get("fidelity")
    if not fidelity:
        return ""
    if fidelity.get("kind") == "images":
        return _image_fidelity_section(fidelity)
    detection, association = fidelity["detection"], fidelity["association"]
    rows = [[column, values["kind"], values["metric"].upper(), _bar(values["distance"]),
             _share(values["missing_real"]), _share(values["missing_synthetic"])]
            for column, values in fidelity["columns"].items()]
    numbers = [
        ["Two-sample test AUC (real vs synthetic; 0.5 = indistinguishable)",
         f"{_number(detection['auc'])} ± {_number(detection['auc_std'])} over {detection['folds']} folds"],
        ["Mean column distance (KS / total variation)", _number(fidelity["mean_column_distance"])],
        ["Mean |association difference| over column pairs", _number(association["mean_abs_difference"])],
        ["Largest |association difference|", _number(association["max_abs_difference"])],
        ["Mean |Pearson correlation difference| (numeric columns)",
         _number(fidelity["numeric_correlation_difference"])],
    ]
    quality = fidelity.get("sdmetrics_quality")
    if quality:
        numbers.append(["SDMetrics quality score (0–1, higher is closer)",
                        _number(quality["score"]) if quality["score"] is not None else f"failed: {quality['error']}"])
    return _section(
        "Fidelity: does it look like the data?",
        fidelity,
        _table(["Measure", "Value"], numbers),
        "<h3>Per column</h3>",
        _table(["Column", "Kind", "Metric", "Distance (0 = identical)", "Missing, real", "Missing, synthetic"], rows,
               raw_columns={3}),
        "<h3>Distributions, real and synthetic</h3>",
        _figure(plots.marginals(fidelity), "Marginal distributions of real and synthetic rows"),
        "<h3>Pairs of columns</h3>",
        _note(f"{association['measures']}. Blank cells: a constant column; differences of "
              f"{plots.DIFFERENCE_SCALE} or more share the darkest red."),
        _figure(plots.association_heatmaps(association), "Association matrices and their difference"),
        _note("KS: largest gap between the two cumulative distributions; TV: half the summed gaps between "
              "category shares. The two-sample test trains a gradient-boosted classifier to tell the rows apart "
              "and reports its cross-validated ROC AUC."),
    )


def _privacy_section(results: dict) -> str:
    privacy = results.get("privacy")
    if not privacy:
        return ""
    unit = "images" if results["data"].get("kind") == "images" else "rows"
    measured = ("pixel values (each pixel standardised)" if unit == "images"
                else "standardised numbers (dates as days) and one-hot categories, identifier-like columns left out")
    scale = "standardised pixels" if unit == "images" else "standardised, one-hot"  # the histogram's axis
    synthetic, holdout = privacy["dcr_synthetic"], privacy["dcr_holdout"]
    rows = [[label, _number(synthetic[key]), _number(holdout[key])]
            for label, key in (("minimum", "min"), ("5th percentile", "p05"), ("25th percentile", "p25"),
                               ("median", "median"), ("mean", "mean"))]
    rows.append([f"exact copies of training {unit}", _share(privacy["exact_copy_share"]),
                 _share(privacy["holdout_exact_copy_share"])])
    facts = [
        [f"Median distance ratio, synthetic / held-out (below 1: closer than new real {unit})",
         _number(privacy["median_dcr_ratio"])],
        ["One-sided Mann–Whitney p (synthetic closer than held-out)", _number(privacy["mann_whitney_p"])],
        [f"Synthetic {unit} closer than 95% of held-out {unit} (about 5% expected)",
         _share(privacy["closer_than_holdout_p5_share"])],
        [f"{unit.capitalize()} measured: reference / held-out / synthetic",
         f"{privacy['n_reference']} / {privacy['n_holdout']} / {privacy['n_synthetic_measured']}"],
        [f"Membership-inference AUC, training vs held-out {unit} (0.5 = no signal)", _membership(privacy, unit)],
    ]
    return _section(
        f"Privacy: did it copy {unit}?",
        privacy,
        _table([f"Distance to the closest training {unit[:-1]}", f"Synthetic {unit}", f"Held-out real {unit}"], rows),
        _table(["Measure", "Value"], facts),
        _value_copies_table(privacy),
        _figure(plots.distance_histogram(privacy, unit, scale), f"Distances to the closest training {unit[:-1]}"),
        _note(f"Distances are Euclidean over {measured}. A generator that learned the distribution makes "
              f"{unit} as far from its training {unit} as new real {unit} are; memorisation shows as synthetic "
              f"{unit} sitting closer, or as exact copies. The membership-inference attack scores each real "
              f"{unit[:-1]} by minus its distance to the closest synthetic one and reports the ROC AUC of that score "
              f"for training against held-out {unit}."
              + (" Fresh rows can still repeat single values: the per-column table counts synthetic cells holding "
                 "a rare training value, or a training value of an identifier-like column." if unit == "rows"
                 else "")),
    )


def _membership(privacy: dict, unit: str) -> str:
    if privacy.get("membership_auc") is None:  # also results written before the attack was measured
        return f"not measured (it needs held-out {unit} the generator never saw)"
    return f"{_number(privacy['membership_auc'])} ({privacy['membership_rows']} {unit} of each)"


def _value_copies_table(privacy: dict) -> str:
    """Per column, the synthetic cells that repeat a rare or an identifying training value."""
    rare, identifiers = privacy.get("rare_value_shares") or {}, privacy.get("identifier_copy_shares") or {}
    columns = list(rare) + [column for column in identifiers if column not in rare]
    if not columns:
        return ""
    rows = [[column, "yes" if column in identifiers else "no", _share(rare.get(column)),
             _share(identifiers.get(column))] for column in columns]
    return "<h3>Copied values, per column</h3>" + _table(
        ["Column", "Identifier-like", f"Synthetic cells with a value fewer than {privacy['rare_value_count']} "
         "training rows hold", "Synthetic cells equal to a training value"], rows)


def _utility_section(results: dict) -> str:
    utility = results.get("utility")
    if not utility:
        return ""
    if utility.get("kind") == "images":
        return _image_utility_section(utility)
    augmentation, tstr = utility["augmentation"], utility["tstr"]
    scoring = augmentation["scoring"]
    rows = [[variant, f"{scores['mean']:.3f} ± {scores['std']:.3f}",
             ", ".join(f"{value:.3f}" for value in scores["folds"])]
            for variant, scores in augmentation["scores"].items()]
    facts = []
    if augmentation.get("gain") is not None:
        error = augmentation.get("gain_standard_error")
        spread = f" ± {error:.3f} (standard error)" if error is not None else ""
        facts.append(["Augmentation gain (real+synthetic minus real)", f"{augmentation['gain']:+.3f}{spread}"])
        if augmentation.get("gain_vs_smote") is not None:
            facts.append(["Real+synthetic minus real+SMOTE", f"{augmentation['gain_vs_smote']:+.3f}"])
        if augmentation.get("gain_vs_class_weights") is not None:
            facts.append(["Real+synthetic minus real with class weights",
                          f"{augmentation['gain_vs_class_weights']:+.3f}"])
        facts.append(["Synthetic rows added per training fold",
                      f"{augmentation['synthetic_rows_per_fold']:.0f} ({augmentation['synthetic_source']})"])
    facts += [
        [f"Train on real, test on held-out real ({tstr['test_rows']} rows)", _number(tstr["train_on_real"])],
        ["Train on synthetic, test on held-out real (TSTR)", _number(tstr["train_on_synthetic"])],
    ]
    notes = augmentation.get("notes", []) + ([tstr["note"]] if tstr.get("note") else [])
    return _section(
        "Utility: does it help a model?",
        utility,
        f'<p class="note">Task: {_text(utility["task"])} of {_text(repr(utility["target"]))} with '
        f'{_text(utility["estimator"])}; score: {_text(scoring)}.</p>',
        _table(["Training rows", f"Cross-validated {scoring}", "Per fold"], rows) if rows else "",
        _table(["Measure", "Value"], facts),
        "".join(f'<p class="note">Note: {_text(note)}.</p>' for note in notes),
        _note("Synthetic (or SMOTE) rows join the training folds only; every validation fold holds real rows alone."),
    )


def _image_fidelity_section(fidelity: dict) -> str:
    detection = fidelity["detection"]
    numbers = [
        ["Fréchet distance, synthetic vs training images (features: " + fidelity["feature_model"] + ")",
         _number(fidelity["frechet_distance"])],
        ["Fréchet distance, as many synthetic images as held-out ones (mean of 5 draws)",
         _number(fidelity["frechet_distance_size_matched"])],
        ["Fréchet distance, held-out vs training real images (the noise floor)",
         _number(fidelity["frechet_distance_holdout"])],
        ["Two-sample test AUC on principal components (0.5 = indistinguishable)",
         f"{_number(detection['auc'])} ± {_number(detection['auc_std'])}" if detection["auc"] is not None else "–"],
    ]
    if fidelity["conditional_accuracy"] is not None:
        numbers += [["Conditional accuracy: synthetic images classified as their requested class",
                     _share(fidelity["conditional_accuracy"])],
                    ["The same classifier's accuracy on held-out real images", _share(fidelity["holdout_accuracy"])]]
    grids = fidelity.get("grids") or {}
    pictures = "".join(
        f'<figure><img alt="{name} images" src="data:image/png;base64,{encoded}">'
        f"<figcaption>{_text(name.capitalize())} images</figcaption></figure>"
        for name, encoded in grids.items()
    )
    return _section(
        "Fidelity: do the images look like the real ones?",
        fidelity,
        _table(["Measure", "Value"], numbers),
        f'<div class="grids">{pictures}</div>' if pictures else "",
        _note("Features come from a small classifier trained on the real images (no downloaded network), so "
              "Fréchet distances compare with the held-out figure, not with published FID values. Conditional "
              "accuracy alone is fooled by noise that happens to score well, and Fréchet distance alone rewards "
              "copies: read them with the two-sample test and the privacy section."),
    )


def _image_utility_section(utility: dict) -> str:
    rows = [
        ["Real images alone", _number(utility["train_on_real"])],
        ["Real + synthetic images", _number(utility["train_on_real_and_synthetic"])],
        ["Synthetic images alone (TSTR)", _number(utility["train_on_synthetic"])],
        ["Gain from the synthetic images", f"{utility['gain']:+.3f}"],
    ]
    return _section(
        "Utility: does it help a classifier?",
        utility,
        f'<p class="note">{_text(utility["estimator"])}, accuracy on {utility["test_images"]} '
        'held-out real images.</p>',
        _table(["Trained on", "Held-out accuracy"], rows),
    )


def _diagnostics_section(results: dict) -> str:
    diagnostics = results.get("diagnostics")
    if not diagnostics:
        return ""
    verdict = " ".join(diagnostics["findings"])
    rows = [[name, *(_number(summary[key]) for key in ("first", "last", "min", "max"))]
            for name, summary in diagnostics["summary"].items()]
    settings = ", ".join(f"{name} {value}" for name, value in diagnostics.get("settings", {}).items())
    return _section(
        "Training diagnostics",
        {"status": diagnostics["status"], "verdict": verdict},
        f'<p class="note">{diagnostics["n_steps"]} generator steps{_text("; " + settings) if settings else ""}.</p>',
        _table(["Curve", "First tenth (mean)", "Last tenth (mean)", "Minimum", "Maximum"], rows),
        _figure(plots.training_curves(diagnostics), "Training curves") if diagnostics["curves"] else "",
        _note("The Wasserstein estimate rises while the critic learns, then falls as the generator catches up; "
              "a curve still falling at the end means more steps would help."),
    )


SECTIONS = (_fidelity_section, _privacy_section, _utility_section, _diagnostics_section)
"""Section renderers in page order; each takes the results and returns HTML, or "" when it has nothing."""


# --------------------------------------------------------------------------------- small parts
def _section(heading: str, part: dict, *contents: str) -> str:
    verdict = f'<p class="verdict {part["status"]}">{_text(part["verdict"])}</p>'
    return f"<section><h2>{_text(heading)}</h2>{verdict}{''.join(contents)}</section>"


def _table(header: list, rows: list, raw_columns: frozenset | set = frozenset()) -> str:
    head = "".join(f"<th>{_text(cell)}</th>" for cell in header)
    cells = (("".join(f"<td>{cell if index in raw_columns else _text(cell)}</td>" for index, cell in enumerate(row)))
             for row in rows)
    body = "".join(f"<tr>{row}</tr>" for row in cells)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(figure, caption: str) -> str:
    encoded = base64.b64encode(plots.png_bytes(figure)).decode("ascii")
    return f'<figure><img alt="{_text(caption)}" src="data:image/png;base64,{encoded}"></figure>'


def _bar(distance) -> str:
    if distance is None:
        return "–"
    width = max(min(float(distance), 1.0), 0.0) * 100
    return (f'<span class="bar"><span style="width:{width:.1f}%"></span></span> '
            f"<span class=\"value\">{float(distance):.3f}</span>")


def _note(text: str) -> str:
    return f'<p class="note">{_text(text)}</p>'


def _number(value) -> str:
    return "–" if value is None else f"{value:.3g}" if abs(value) < 1e-3 and value != 0 else f"{value:.3f}"


def _share(value) -> str:
    return "–" if value is None else f"{value:.1%}"


def _text(value) -> str:
    return html.escape(str(value))


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1100px;
       padding: 24px; color: #1d1d1f; line-height: 1.45; }
h1 { margin-bottom: 4px; } h2 { margin-top: 36px; border-bottom: 2px solid #e5e5ea; padding-bottom: 4px; }
h3 { margin: 18px 0 6px; font-size: 1em; }
.facts { color: #555; margin-top: 0; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 14px; margin: 18px 0; }
.verdict { border-left: 6px solid #999; padding: 8px 12px; border-radius: 4px; }
.card { border-radius: 8px; padding: 12px 16px; border-left: 6px solid #999; background: #f5f5f7; }
.card h3 { margin: 0 0 6px; } .card p { margin: 0; font-size: 0.92em; }
.ok { border-color: #2e7d32; background: #edf7ee; } .warning { border-color: #ed8c00; background: #fff6e5; }
.poor, .memorisation { border-color: #c62828; background: #fdecea; } .absent { border-color: #999; }
table { border-collapse: collapse; margin: 10px 0; font-size: 0.9em; }
th, td { border-bottom: 1px solid #e5e5ea; padding: 4px 10px; text-align: left; vertical-align: middle; }
th { background: #f5f5f7; }
.bar { display: inline-block; width: 120px; height: 10px; background: #eee; border-radius: 3px;
       vertical-align: middle; }
.bar span { display: block; height: 100%; background: #ff7f0e; border-radius: 3px; }
.value { font-variant-numeric: tabular-nums; }
figure { margin: 10px 0; } img { max-width: 100%; }
.grids { display: flex; flex-wrap: wrap; gap: 24px; } .grids img { image-rendering: pixelated; }
.note { color: #555; font-size: 0.88em; }
footer { margin-top: 40px; color: #888; font-size: 0.8em; }
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{style}</style></head>
<body>
<h1>{title}</h1>
{body}
<footer>{footer}</footer>
</body>
</html>
"""
