"""Section 8, default fit time: fit + ``sample(1000)`` at each library's defaults, ours against CTGAN.

On the scarce tables of the information benchmark with 80 to 500 training rows, each side learns the
same frame -- the features and the class as a text column, rows with a missing value left out (CTGAN
refuses them), dates as day numbers (CTGAN takes numbers or categories) -- with its own defaults,
threads included: ours ``n_threads="auto"`` (one thread for a table), CTGAN torch's count. Ours is
class-conditional (``fit(X, y)``), CTGAN conditions on its discrete columns, the class among them. The
figure is the median over the tables of each side's best time; the two take turns on each table.
"""

from __future__ import annotations

import statistics
import warnings
from functools import partial

import pandas as pd
import torch

from wgan_augment import WGANAugmenter

from ._measure import Figure, SectionResult, best_times
from ._peers import fit_ctgan
from ._scarce_tables import TABLES
from ._settings import Settings

TARGET_FRACTION = 0.5
ROW_RANGE = (80, 500)
SAMPLED_ROWS = 1000
LABEL = "class_label"


def run(settings: Settings) -> SectionResult:
    result = SectionResult()
    result.say(f"fit + sample({SAMPLED_ROWS}), each library at its defaults (threads: ours n_threads='auto', "
               f"CTGAN torch's {torch.get_num_threads()}); best of {settings.default_fit_rounds}, taking turns:")
    result.say()
    result.say("| table | rows × columns | ours s | CTGAN s | ours / CTGAN |")
    result.say("|---|---|---|---|---|")
    ours, theirs = [], []
    for name, frame in scarce_frames(settings.quick).items():
        contenders = {"ours": partial(_ours, frame), "CTGAN": partial(_ctgan, frame)}
        seconds = best_times(contenders, settings.default_fit_rounds)
        ours.append(seconds["ours"])
        theirs.append(seconds["CTGAN"])
        result.say(f"| {name} | {frame.shape[0]} × {frame.shape[1] - 1} | {seconds['ours']:.1f} | "
                   f"{seconds['CTGAN']:.1f} | {seconds['ours'] / seconds['CTGAN']:.2f} |")
    ratios = [mine / peer for mine, peer in zip(ours, theirs)]
    result.say()
    result.say(f"median of the per-table ratios: {statistics.median(ratios):.2f}")
    result.figures.append(Figure(
        "8 default fit", f"fit + sample({SAMPLED_ROWS}) at the defaults, median over {len(ours)} scarce tables",
        statistics.median(ours), "s", "CTGAN (defaults)", statistics.median(theirs),
        min_speedup=1 / TARGET_FRACTION, target_text="≤ 0.5× CTGAN's time"))
    return result


def scarce_frames(quick: bool) -> dict[str, pd.DataFrame]:
    """The information benchmark's tables of 80 to 500 training rows, as one frame each (class last)."""
    frames = {}
    for name, load in TABLES.items():
        table = load()
        if not ROW_RANGE[0] <= table.train_rows <= ROW_RANGE[1]:
            continue
        frame = table.features.assign(**{LABEL: pd.Series(table.labels, index=table.features.index).astype(str)})
        frame = frame.dropna().head(table.train_rows).reset_index(drop=True)
        for column in frame.columns[frame.dtypes.map(pd.api.types.is_datetime64_any_dtype)]:
            frame[column] = (frame[column] - pd.Timestamp(0)).dt.days
        frames[name] = frame
    return dict(list(frames.items())[:3]) if quick else frames


def _ours(frame: pd.DataFrame):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = WGANAugmenter(random_state=0).fit(frame.drop(columns=LABEL), frame[LABEL])
        return model.sample(SAMPLED_ROWS, random_state=0)


def _ctgan(frame: pd.DataFrame):
    model = fit_ctgan(frame, seed=0)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.sample(SAMPLED_ROWS)
