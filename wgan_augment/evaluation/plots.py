"""Pictures of an evaluation: training curves, marginals, association heatmaps, distances to the closest record.

Every function takes a section of the dict :func:`~wgan_augment.evaluation.evaluate` returns (or of
the JSON file written from it) and returns a matplotlib ``Figure``; :func:`png_bytes` renders one.
Figures are built without ``pyplot``, so nothing here touches the caller's matplotlib state.

matplotlib is optional (``pip install 'wgan-augment[report]'``); it is imported only when a picture
is asked for.
"""

from __future__ import annotations

import io

import numpy as np

REAL_COLOUR, SYNTHETIC_COLOUR = "#1f77b4", "#ff7f0e"
PANEL_INCHES = 3.2
DIFFERENCE_SCALE = 0.5
"""Association differences at or above this get the darkest colour."""
ANNOTATED_COLUMNS = 14
"""Heatmaps with at most this many columns print each cell's value."""

_CURVE_TITLES = {
    "wasserstein": "Wasserstein estimate E[D(real)] − E[D(fake)]",
    "critic_loss": "Critic loss",
    "penalty": "Gradient penalty",
    "generator_loss": "Generator loss",
}


def require_matplotlib():
    """Import matplotlib, or explain how to install it."""
    try:
        import matplotlib  # noqa: F401
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError(
            "Plots and the HTML report need matplotlib, which is not installed: pip install 'wgan-augment[report]' "
            "(or pip install matplotlib). The metrics and the JSON file work without it."
        ) from None
    return Figure


def png_bytes(figure, dpi: int = 110) -> bytes:
    """The figure as PNG."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def training_curves(diagnostics: dict):
    """One panel per recorded curve of ``evaluate(...)["diagnostics"]``, against the generator step."""
    Figure = require_matplotlib()
    curves = diagnostics["curves"]
    names = [name for name in _CURVE_TITLES if name in curves]
    n_columns = 2 if len(names) > 1 else 1
    n_rows = int(np.ceil(len(names) / n_columns))
    figure = Figure(figsize=(5.2 * n_columns, 2.8 * n_rows), layout="constrained")
    axes = figure.subplots(n_rows, n_columns, squeeze=False).ravel()
    for axis, name in zip(axes, names, strict=False):
        values = np.array([np.nan if value is None else value for value in curves[name]], dtype=float)
        axis.plot(curves["step"], values, color=REAL_COLOUR, linewidth=1.2)
        axis.set_title(_CURVE_TITLES[name], fontsize=10)
        axis.set_xlabel("generator step", fontsize=8)
        axis.tick_params(labelsize=8)
        axis.grid(alpha=0.3)
    for axis in axes[len(names):]:
        axis.set_visible(False)
    return figure


def marginals(fidelity: dict, n_columns: int = 3):
    """Real against synthetic distribution of every column, from ``evaluate(...)["fidelity"]``."""
    Figure = require_matplotlib()
    shown = fidelity["marginals"]
    n_rows = max(int(np.ceil(len(shown) / n_columns)), 1)
    figure = Figure(figsize=(PANEL_INCHES * n_columns, 2.6 * n_rows), layout="constrained")
    axes = figure.subplots(n_rows, n_columns, squeeze=False).ravel()
    for axis, (column, marginal) in zip(axes, shown.items(), strict=False):
        if marginal["kind"] == "categorical":
            _category_bars(axis, marginal)
        else:
            _histogram(axis, marginal)
        distance = fidelity["columns"].get(column, {})
        measured = distance.get("distance") is not None
        label = f"{distance['metric'].upper()} {distance['distance']:.3f}" if measured else ""
        axis.set_title(f"{column}   {label}", fontsize=9)
        axis.tick_params(labelsize=7)
    for axis in axes[len(shown):]:
        axis.set_visible(False)
    axes[0].legend(fontsize=7, loc="best")
    return figure


def _histogram(axis, marginal: dict) -> None:
    edges = np.asarray(marginal["edges"], dtype=float)
    if not len(edges):
        axis.text(0.5, 0.5, "no values", ha="center", va="center", transform=axis.transAxes)
        return
    axis.stairs(marginal["real"], edges, fill=True, alpha=0.45, color=REAL_COLOUR, label="real")
    axis.stairs(marginal["synthetic"], edges, color=SYNTHETIC_COLOUR, linewidth=1.6, label="synthetic")
    axis.set_ylabel("share of rows", fontsize=7)
    if marginal["kind"] == "datetime":
        # Days since 1970 are matplotlib's own date numbers (its default epoch).
        from matplotlib import dates

        locator = dates.AutoDateLocator(maxticks=5)
        axis.xaxis.set_major_locator(locator)
        axis.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))


def _category_bars(axis, marginal: dict) -> None:
    positions = np.arange(len(marginal["categories"]))
    axis.barh(positions - 0.2, marginal["real"], height=0.4, color=REAL_COLOUR, alpha=0.75, label="real")
    axis.barh(positions + 0.2, marginal["synthetic"], height=0.4, color=SYNTHETIC_COLOUR, alpha=0.9, label="synthetic")
    axis.set_yticks(positions, [_shortened(name) for name in marginal["categories"]])
    axis.invert_yaxis()
    axis.set_xlabel("share of rows", fontsize=7)


def _shortened(text: str, width: int = 14) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def association_heatmaps(association: dict):
    """Association matrices of real and synthetic rows and their absolute difference, side by side."""
    Figure = require_matplotlib()
    columns = [_shortened(name) for name in association["columns"]]
    size = min(max(3.0, 0.3 * len(columns) + 1.4), 8.0)
    figure = Figure(figsize=(3 * size + 1.0, size), layout="constrained")
    axes = figure.subplots(1, 3)
    # Differences above DIFFERENCE_SCALE all look alarming; a 0-1 scale would leave the usual 0.05-0.2 pale.
    panels = [("Real", association["real"], "coolwarm", -1.0, 1.0),
              ("Synthetic", association["synthetic"], "coolwarm", -1.0, 1.0),
              ("|Real − synthetic|", association["difference"], "Reds", 0.0, DIFFERENCE_SCALE)]
    for axis, (title, matrix, colours, low, high) in zip(axes, panels, strict=True):
        values = np.array([[np.nan if value is None else value for value in row] for row in matrix], dtype=float)
        image = axis.imshow(values, cmap=colours, vmin=low, vmax=high)
        axis.set_title(title, fontsize=10)
        font = 8 if len(columns) <= ANNOTATED_COLUMNS else 6
        axis.set_xticks(range(len(columns)), columns, rotation=60, ha="right", fontsize=font)
        axis.set_yticks(range(len(columns)), columns, fontsize=font)
        if len(columns) <= ANNOTATED_COLUMNS and title.startswith("|"):
            _annotate(axis, values)
        figure.colorbar(image, ax=axis, shrink=0.7)
    return figure


def _annotate(axis, values: np.ndarray) -> None:
    for (row, column), value in np.ndenumerate(values):
        if row != column and not np.isnan(value):
            axis.text(column, row, f"{value:.2f}", ha="center", va="center", fontsize=6.5,
                      color="white" if value > 0.6 * DIFFERENCE_SCALE else "black")


def distance_histogram(privacy: dict, unit: str = "rows", measured: str = "standardised, one-hot"):
    """Distances to the closest training row (or image): synthetic ones against held-out real ones."""
    Figure = require_matplotlib()
    histogram = privacy["histogram"]
    figure = Figure(figsize=(6.4, 2.8), layout="constrained")
    axis = figure.subplots()
    edges = np.asarray(histogram["edges"], dtype=float)
    axis.stairs(histogram["holdout"], edges, fill=True, alpha=0.45, color=REAL_COLOUR, label=f"held-out real {unit}")
    axis.stairs(histogram["synthetic"], edges, color=SYNTHETIC_COLOUR, linewidth=1.6, label=f"synthetic {unit}")
    axis.set_xlabel(f"distance to the closest training {unit[:-1]} ({measured})", fontsize=8)
    axis.set_ylabel(f"share of {unit}", fontsize=8)
    axis.tick_params(labelsize=8)
    axis.legend(fontsize=8)
    axis.grid(alpha=0.3)
    return figure
