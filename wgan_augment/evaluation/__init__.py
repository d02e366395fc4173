"""How good are synthetic rows? Fidelity, privacy, utility, training diagnostics, and a report.

>>> from wgan_augment.evaluation import evaluate, write_json, write_report
>>> results = evaluate(real, synthetic, target="label")          # doctest: +SKIP
>>> write_report(results, "report.html"); write_json(results, "metrics.json")   # doctest: +SKIP

Modules, one question each: :mod:`.fidelity` (does it look like the data), :mod:`.privacy` (did it
copy rows or identifying values), :mod:`.utility` (does it help a model), :mod:`.diagnostics` (how training went),
:mod:`.plots` and :mod:`.report` (pictures, HTML and JSON; matplotlib is needed for pictures only).
"""

from ._evaluate import evaluate
from .diagnostics import training_diagnostics
from .fidelity import (
    association_difference,
    association_matrix,
    column_distances,
    correlation_difference,
    detection_auc,
)
from .privacy import (
    distances_to_closest_record,
    exact_copy_share,
    membership_inference_auc,
    value_copy_shares,
)
from .report import render_html, write_json, write_report
from .utility import (
    augmentation_gain,
    make_default_estimator,
    train_synthetic_test_real,
)

__all__ = [
    "association_difference",
    "association_matrix",
    "augmentation_gain",
    "column_distances",
    "correlation_difference",
    "detection_auc",
    "distances_to_closest_record",
    "evaluate",
    "exact_copy_share",
    "make_default_estimator",
    "membership_inference_auc",
    "render_html",
    "train_synthetic_test_real",
    "training_diagnostics",
    "value_copy_shares",
    "write_json",
    "write_report",
]
