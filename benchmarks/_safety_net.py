"""Section 9, the safety net's cost: ``AugmentedClassifier`` at its defaults against one plain fit.

``AugmentedClassifier`` chooses how many synthetic rows to add by an inner cross-validation, so it fits
the GAN once per inner fold and once on all the rows. On three scarce tables, its ``fit`` (logistic
regression inside) is timed against ``WGANAugmenter().fit(X, y)`` on the same rows, both at their
defaults; the figure is the median ratio.
"""

from __future__ import annotations

import statistics
import warnings
from functools import partial

from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from wgan_augment import AugmentedClassifier, WGANAugmenter

from ._default_fit import LABEL, scarce_frames
from ._measure import Figure, SectionResult, wall_time
from ._settings import Settings

TARGET_RATIO = 2.0
TABLES = ("iris", "wine", "breast_cancer")  # all-numeric: the scaled logistic regression takes them as they are


def run(settings: Settings) -> SectionResult:
    result = SectionResult()
    frames = scarce_frames(quick=False)
    result.say("| table | rows | one fit s | AugmentedClassifier fit s | ratio | rows it chose to add |")
    result.say("|---|---|---|---|---|---|")
    ratios = []
    for name in TABLES[:2] if settings.quick else TABLES:
        frame = frames[name]
        X, y = frame.drop(columns=LABEL), frame[LABEL]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plain, _ = wall_time(partial(WGANAugmenter(random_state=0).fit, X, y))
            model = AugmentedClassifier(make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
                                        WGANAugmenter(random_state=0), random_state=0)
            safety, _ = wall_time(partial(model.fit, X, y))
        ratios.append(safety / plain)
        result.say(f"| {name} | {len(frame)} | {plain:.1f} | {safety:.1f} | {safety / plain:.2f} | "
                   f"{model.n_synthetic_} |")
    result.figures.append(Figure(
        "9 safety net", f"AugmentedClassifier fit / one plain fit, median over {len(ratios)} tables",
        statistics.median(ratios), "×", max_value=TARGET_RATIO, target_text="≤ 2× one plain fit"))
    return result
