"""Privacy: did the generator copy its training rows, or the values that identify people?

A generator that learned the distribution makes rows that are as far from the training rows as new
real rows would be. So the distance to the closest training record (DCR) of every synthetic row is
set against the DCR of real rows the generator never saw (a holdout); memorisation shows as synthetic
rows sitting closer, and at the extreme as exact copies. Distances are Euclidean on standardised
numbers (dates as days) and one-hot categories, with the encoding fitted on the training rows, and
without the identifier-like columns (fresh keys would make a copied row look new).

Whole rows can be fresh while single cells are not: a synthetic e-mail or IBAN that is a real one, or
a category only a handful of training rows hold, points at people. So each categorical column also
gets the share of synthetic cells whose value fewer than :data:`RARE_VALUE_COUNT` training rows hold,
and each identifier-like column the share of synthetic cells equal to a training value. Last, a
distance-based membership-inference attack (as synthcity's and SDMetrics' privacy metrics run it)
asks whether the synthetic rows give away which real rows were trained on.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
import pandas as pd
from scipy.stats import mannwhitneyu
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import NearestNeighbors
from sklearn.utils import check_random_state

from ..tabular import IDENTIFIER, MIN_CATEGORY_COUNT, TEXT, detect_role
from ._columns import CATEGORICAL, MISSING, NUMERIC, as_float, as_text, column_kind, make_encoder

COPY_TOLERANCE = 1e-9
"""Rows closer than this in the encoded space are the same row (every encoding step is one-to-one)."""

MAX_QUERY_ROWS = 10_000
"""Synthetic rows measured at most; beyond this a random subset estimates the same shares."""

# Verdict thresholds. A copy share this far above the holdout's is more than chance duplicates.
COPY_EXCESS = 0.01
# Medians of synthetic/holdout DCR below these ratios (and a one-sided Mann-Whitney p below
# SIGNIFICANCE) read as memorisation or as a warning; tuned so that rows drawn from the real
# distribution itself (ratio about 1) never trigger them.
MEMORISATION_RATIO, WARNING_RATIO, SIGNIFICANCE = 0.5, 0.9, 0.01
# A membership-inference AUC this high (and significant) is a warning: the attack then ranks a random
# training row above a random held-out one 60% of the time, where chance gives 50%.
MEMBERSHIP_WARNING_AUC = 0.6

RARE_VALUE_COUNT = MIN_CATEGORY_COUNT
"""A category value held by fewer training rows than this is rare: it points at the few people who hold it.
The encoder's threshold for pooling rare values, so evaluation counts what a default fit would not emit."""

OK, WARNING, MEMORISATION = "ok", "warning", "memorisation"


def distances_to_closest_record(reference: pd.DataFrame, queries: pd.DataFrame, encoder=None) -> np.ndarray:
    """Euclidean distance from each query row to its nearest reference row.

    Parameters
    ----------
    reference, queries : DataFrame
        Tables with the same columns.
    encoder : fitted transformer, default=None
        Maps a table to a numeric matrix; by default standardised numbers and one-hot categories,
        fitted on ``reference``.

    Returns
    -------
    ndarray of shape (len(queries),)

    Examples
    --------
    >>> import pandas as pd
    >>> real = pd.DataFrame({"x": [0.0, 1.0, 2.0], "c": ["a", "b", "a"]})
    >>> distances_to_closest_record(real, real.iloc[[2, 0]]).tolist()
    [0.0, 0.0]
    """
    encoder = encoder if encoder is not None else make_encoder().fit(reference)
    return _nearest_distances(encoder.transform(reference), encoder.transform(queries))


def _nearest_distances(reference_matrix: np.ndarray, query_matrix: np.ndarray) -> np.ndarray:
    _, nearest = NearestNeighbors(n_neighbors=1).fit(reference_matrix).kneighbors(query_matrix)
    # Recomputed directly: the search's |a|^2 + |b|^2 - 2ab shortcut leaves rounding error of about
    # 1e-7 on wide rows (images), enough to hide an exact copy from COPY_TOLERANCE.
    return np.linalg.norm(query_matrix - reference_matrix[nearest[:, 0]], axis=1)


def privacy_metrics(
    training: pd.DataFrame,
    reference: pd.DataFrame,
    holdout: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    holdout_given: bool = True,
    identifier_columns=None,
    random_state=0,
    unit: str = "rows",
) -> dict:
    """Distances to the closest record, exact-copy shares, copied values and membership inference, with a verdict.

    Parameters
    ----------
    training : DataFrame
        Every row the generator was trained on: exact copies are counted against these.
    reference : DataFrame
        The rows whose distances are compared: ``training`` itself when the holdout was kept apart
        from training, or the rest of it when the holdout was split off afterwards.
    holdout : DataFrame
        Real rows compared with the synthetic ones as a baseline.
    synthetic : DataFrame
        Generated rows, with the same columns.
    holdout_given : bool, default=True
        False when ``holdout`` was split from rows the generator saw; the verdict then says the test
        is weaker (copies of holdout rows look like fresh rows to it), and membership inference,
        which needs rows the generator never saw, is not measured.
    identifier_columns : list of str, default=None
        Columns known to identify people or rows (say, the identifiers a fitted augmenter chose), beside
        those found from the training values; see :func:`value_copy_shares`.
    random_state : int, RandomState instance or None, default=0
        Picks the synthetic rows measured when there are more than :data:`MAX_QUERY_ROWS`, and the
        candidate rows of the membership attack.
    unit : str, default="rows"
        What the verdict calls the records ("images" for images).

    Returns
    -------
    dict with ``dcr_synthetic`` and ``dcr_holdout`` (quantile summaries), ``median_dcr_ratio``,
    ``mann_whitney_p``, ``exact_copy_share`` and ``holdout_exact_copy_share``,
    ``closer_than_holdout_p5_share``, ``histogram`` (for plotting; distances leave the identifier-like
    columns out unless every column is one), the keys of
    :func:`value_copy_shares`, ``membership_auc``, ``membership_p`` and ``membership_rows`` (None
    and 0 without a holdout the generator never saw; see :func:`membership_inference_auc`), ``status``
    and ``verdict``.
    """
    identifiers = identifier_like_columns(training, identifier_columns)
    value_copies = _value_copy_shares(training, synthetic, identifiers, RARE_VALUE_COUNT)
    # Fresh keys make every row look new and swamp the distances (a key is a large standardised
    # number), hiding rows copied in every other column; so rows are compared without them.
    compared = [column for column in training.columns if column not in identifiers] or list(training.columns)
    training, reference, holdout, synthetic = (frame[compared] for frame in (training, reference, holdout, synthetic))
    synthetic = _at_most(synthetic, MAX_QUERY_ROWS, random_state)
    encoder = make_encoder().fit(reference)
    synthetic_dcr = distances_to_closest_record(reference, synthetic, encoder)
    holdout_dcr = distances_to_closest_record(reference, holdout, encoder)
    copy_share = exact_copy_share(training, synthetic)
    holdout_copy_share = float(np.mean(holdout_dcr <= COPY_TOLERANCE))
    ratio = _median_ratio(synthetic_dcr, holdout_dcr)
    p_value = float(mannwhitneyu(synthetic_dcr, holdout_dcr, alternative="less").pvalue)
    # Only rows the generator never saw can play the non-members; a split-off holdout cannot.
    membership = (membership_inference_auc(training, holdout, synthetic, encoder, random_state=random_state)
                  if holdout_given else {"membership_auc": None, "membership_p": None, "membership_rows": 0})
    row_status = _row_status(copy_share, holdout_copy_share, ratio, p_value)
    status = _status(row_status, value_copies, membership)
    distances = {"copy_share": copy_share, "holdout_copy_share": holdout_copy_share, "synthetic_dcr": synthetic_dcr,
                 "holdout_dcr": holdout_dcr, "p_value": p_value,
                 "left_out": [column for column in identifiers if column not in compared]}
    return {
        "n_reference": len(reference),
        "n_holdout": len(holdout),
        "n_synthetic_measured": len(synthetic),
        "holdout_given": holdout_given,
        "dcr_synthetic": _summary(synthetic_dcr),
        "dcr_holdout": _summary(holdout_dcr),
        "median_dcr_ratio": ratio,
        "mann_whitney_p": p_value,
        "exact_copy_share": copy_share,
        "holdout_exact_copy_share": holdout_copy_share,
        "closer_than_holdout_p5_share": float(np.mean(synthetic_dcr < np.quantile(holdout_dcr, 0.05))),
        "histogram": _histogram(synthetic_dcr, holdout_dcr),
        **value_copies,
        **membership,
        "status": status,
        "verdict": _verdict(row_status, status, distances, value_copies, membership, holdout_given, unit),
    }


def exact_copy_share(training: pd.DataFrame, synthetic: pd.DataFrame) -> float:
    """Share of synthetic rows identical to some training row (every column, missing equal to missing)."""
    if not len(synthetic):
        return 0.0
    return float(np.mean(distances_to_closest_record(training, synthetic) <= COPY_TOLERANCE))


def value_copy_shares(training: pd.DataFrame, synthetic: pd.DataFrame, identifier_columns=None,
                      min_count: int = RARE_VALUE_COUNT) -> dict:
    """Per column, the share of synthetic cells that repeat a rare or an identifying training value.

    Parameters
    ----------
    training, synthetic : DataFrame
        The rows the generator was trained on, and generated rows with the same columns.
    identifier_columns : list of str, default=None
        Columns to treat as identifier-like beside those whose values look like identifiers or free
        text (what the tabular encoder detects, as :class:`~wgan_augment.tabular.TableEncoder` does).
    min_count : int, default=RARE_VALUE_COUNT
        A value held by fewer than this many training rows (and by at least one) is rare.

    Returns
    -------
    dict with ``rare_value_count`` (``min_count``), ``rare_value_shares`` (for every categorical
    column, the share of synthetic cells holding a rare training value), ``identifier_columns`` and
    ``identifier_copy_shares`` (for each of them, the share of synthetic cells equal to some training
    value). Missing cells are never counted as copies.

    Examples
    --------
    >>> import pandas as pd
    >>> training = pd.DataFrame({"city": ["Oslo"] * 5 + ["Bergen"]})
    >>> value_copy_shares(training, pd.DataFrame({"city": ["Oslo", "Bergen", "Bergen", "Rome"]}))["rare_value_shares"]
    {'city': 0.5}
    """
    if isinstance(min_count, bool) or not isinstance(min_count, Integral) or min_count < 1:
        raise ValueError(f"min_count must be a positive integer, got {min_count!r}.")
    missing = [column for column in training.columns if column not in synthetic.columns]
    if missing:
        raise ValueError(f"synthetic has no column {missing[0]!r}; it needs the training table's columns.")
    return _value_copy_shares(training, synthetic, identifier_like_columns(training, identifier_columns), min_count)


def _value_copy_shares(training: pd.DataFrame, synthetic: pd.DataFrame, identifiers: list, min_count: int) -> dict:
    categorical = [column for column in training.columns if column_kind(training[column]) == CATEGORICAL]
    return {
        "rare_value_count": min_count,
        "rare_value_shares": {str(column): _rare_value_share(training[column], synthetic[column], min_count)
                              for column in categorical},
        "identifier_columns": [str(column) for column in identifiers],
        "identifier_copy_shares": {str(column): _training_value_share(training[column], synthetic[column])
                                   for column in identifiers},
    }


def identifier_like_columns(training: pd.DataFrame, declared=None) -> list:
    """The columns of ``training`` that identify people or rows: ``declared`` ones, and those detected."""
    declared = set(declared or ())
    return [column for column in training.columns if column in declared or _looks_like_identifier(training[column])]


def membership_inference_auc(members: pd.DataFrame, non_members: pd.DataFrame, synthetic: pd.DataFrame, encoder,
                             *, random_state=0) -> dict:
    """How well closeness to the synthetic rows tells training rows from rows the generator never saw.

    As many members as non-members are drawn (at most :data:`MAX_QUERY_ROWS` of each); each is scored
    by minus its distance to the closest synthetic row, in ``encoder``'s space, and the score's ROC
    AUC for "was trained on" is the figure: 0.5 when the synthetic rows give nothing away, 1.0 when
    every training row sits closer to them than every held-out row.

    Returns
    -------
    dict with ``membership_auc``, ``membership_p`` (one-sided Mann-Whitney p that members sit closer)
    and ``membership_rows`` (candidates of each kind).
    """
    n_rows = min(len(members), len(non_members), MAX_QUERY_ROWS)
    rng = check_random_state(random_state)
    candidates = np.vstack([encoder.transform(_at_most(members, n_rows, rng)),
                            encoder.transform(_at_most(non_members, n_rows, rng))])
    distances = _nearest_distances(encoder.transform(synthetic), candidates)
    was_member = np.repeat([1, 0], n_rows)
    p_value = mannwhitneyu(distances[:n_rows], distances[n_rows:], alternative="less").pvalue
    return {"membership_auc": float(roc_auc_score(was_member, -distances)), "membership_p": float(p_value),
            "membership_rows": n_rows}


def _looks_like_identifier(column: pd.Series) -> bool:
    # Only text and integers can be keys; asking about float columns (pixels) would cost time for nothing.
    if column_kind(column) != CATEGORICAL and not pd.api.types.is_integer_dtype(column.dtype):
        return False
    # Free text (mostly distinct, several words) identifies its writer as a key does.
    return detect_role(column) in (IDENTIFIER, TEXT)


def _cell_values(column: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """The column's values in one comparable form (numbers as floats, the rest as text), and which are present."""
    if column_kind(column) == NUMERIC:
        values = pd.Series(as_float(column))
        return values, values.notna().to_numpy()
    values = as_text(column).reset_index(drop=True)
    return values, (values != MISSING).to_numpy()


def _rare_value_share(training_column: pd.Series, synthetic_column: pd.Series, min_count: int) -> float:
    if not len(synthetic_column):
        return 0.0
    training_values, training_present = _cell_values(training_column)
    synthetic_values, synthetic_present = _cell_values(synthetic_column)
    counts = training_values[training_present].value_counts()
    held_by = synthetic_values.map(counts).fillna(0).to_numpy()  # 0: a value no training row has
    return float(np.mean(synthetic_present & (held_by >= 1) & (held_by < min_count)))


def _training_value_share(training_column: pd.Series, synthetic_column: pd.Series) -> float:
    if not len(synthetic_column):
        return 0.0
    training_values, training_present = _cell_values(training_column)
    synthetic_values, synthetic_present = _cell_values(synthetic_column)
    return float(np.mean(synthetic_present & synthetic_values.isin(training_values[training_present]).to_numpy()))


def _at_most(frame: pd.DataFrame, n_rows: int, random_state) -> pd.DataFrame:
    if len(frame) <= n_rows:
        return frame
    chosen = check_random_state(random_state).choice(len(frame), size=n_rows, replace=False)
    return frame.iloc[np.sort(chosen)].reset_index(drop=True)


def _median_ratio(synthetic_dcr: np.ndarray, holdout_dcr: np.ndarray) -> float | None:
    holdout_median = np.median(holdout_dcr)
    if holdout_median > 0:
        return float(np.median(synthetic_dcr) / holdout_median)
    # Held-out rows mostly duplicate training rows (a table of few distinct rows): no scale to compare.
    return None


def _row_status(copy_share: float, holdout_copy_share: float, ratio: float | None, p_value: float) -> str:
    if copy_share - holdout_copy_share > COPY_EXCESS:
        return MEMORISATION
    if ratio is not None and p_value < SIGNIFICANCE:
        if ratio < MEMORISATION_RATIO:
            return MEMORISATION
        if ratio < WARNING_RATIO:
            return WARNING
    return OK


def _status(row_status: str, value_copies: dict, membership: dict) -> str:
    """The rows' status, made worse by copied values: real people's identifiers are as bad as copied rows."""
    if _copied(value_copies["identifier_copy_shares"]):
        return MEMORISATION
    if row_status == OK and (_copied(value_copies["rare_value_shares"]) or _membership_signal(membership)):
        return WARNING
    return row_status


def _copied(shares: dict, leave_out=()) -> dict:
    return {column: share for column, share in shares.items() if share > 0 and column not in leave_out}


def _membership_signal(membership: dict) -> bool:
    auc = membership["membership_auc"]
    return auc is not None and auc >= MEMBERSHIP_WARNING_AUC and membership["membership_p"] < SIGNIFICANCE


def _verdict(row_status, status, distances, value_copies, membership, holdout_given, unit="rows") -> str:
    sentences = [_rows_sentence(row_status, status, distances, unit), *_value_sentences(value_copies)]
    item = unit[:-1]
    if holdout_given:
        auc = membership["membership_auc"]
        # Far below 0.5 is no leak but a holdout unlike the training rows; said so, lest it read as a strong signal.
        unlike = (f"; below 0.5: the held-out {unit} sit closer to the synthetic ones than the training {unit} do"
                  if auc <= 1 - MEMBERSHIP_WARNING_AUC else "")
        sentences.append(f"A membership-inference attack (scoring real {unit} by their distance to the closest "
                         f"synthetic {item}) tells training {unit} from held-out ones with AUC {auc:.3f} "
                         f"(0.5: no better than chance{unlike}; {membership['membership_rows']} of each).")
    else:
        sentences.append(f"The held-out {unit} were split from the training data, so the generator saw them too;"
                         f" pass a holdout it never saw for a stronger test and a membership-inference figure.")
    return " ".join(sentences)


def _rows_sentence(row_status, status, distances, unit) -> str:
    item = unit[:-1]
    synthetic_dcr, holdout_dcr = distances["synthetic_dcr"], distances["holdout_dcr"]
    left_out = ", ".join(repr(str(column)) for column in distances["left_out"])
    medians = (f"median distance to the closest training {item} {np.median(synthetic_dcr):.3g} "
               f"vs {np.median(holdout_dcr):.3g}"
               + (f", leaving out the identifier-like {left_out}" if left_out else ""))
    copies = (f"{distances['copy_share']:.1%} of synthetic {unit} are exact copies of training {unit} "
              f"(held-out real {unit}: {distances['holdout_copy_share']:.1%})")
    if row_status == MEMORISATION:
        return (f"Memorisation: synthetic {unit} are closer to the training {unit} than held-out real {unit} are "
                f"({medians}; {copies}). Do not treat them as anonymous; train for fewer steps or on more {unit}.")
    if row_status == WARNING:
        return (f"Caution: synthetic {unit} are somewhat closer to the training {unit} than held-out real {unit} are "
                f"({medians}, one-sided Mann-Whitney p = {distances['p_value']:.2g}); {copies}. Either the generator "
                f"partly memorised its training {unit}, or it makes fewer unusual {unit} than real data holds"
                + (" (see the marginals)." if unit == "rows" else "."))
    # The whole rows look fresh; only when no single value is copied either may the verdict say so.
    lead = "No sign of memorisation: synthetic" if status == OK else "Whole rows look fresh: synthetic"
    return f"{lead} {unit} are no closer to the training {unit} than held-out real {unit} are ({medians}); {copies}."


def _value_sentences(value_copies: dict) -> list:
    identifiers = _copied(value_copies["identifier_copy_shares"])
    rare = _copied(value_copies["rare_value_shares"], leave_out=identifiers)
    sentences = []
    if identifiers:
        sentences.append(f"Identifying values are copied: synthetic cells equal to a training value in "
                         f"identifier-like columns: {_listing(identifiers)}. They are real people's or rows' values; "
                         f"drop these columns, or declare them identifiers (column_roles / --role COLUMN=identifier) "
                         f"so fresh values are made.")
    if rare:
        sentences.append(f"Rare values are copied: synthetic cells holding a value fewer than "
                         f"{value_copies['rare_value_count']} training rows have: {_listing(rare)}. Such values "
                         f"point at the few people who hold them.")
    return sentences


def _listing(shares: dict) -> str:
    return ", ".join(f"{column!r} {share:.1%}" for column, share in shares.items())


def _summary(distances: np.ndarray) -> dict:
    quantiles = np.quantile(distances, [0.05, 0.25, 0.5]) if len(distances) else [np.nan] * 3
    return {
        "min": float(distances.min()) if len(distances) else None,
        "p05": float(quantiles[0]),
        "p25": float(quantiles[1]),
        "median": float(quantiles[2]),
        "mean": float(distances.mean()) if len(distances) else None,
    }


def _histogram(synthetic_dcr: np.ndarray, holdout_dcr: np.ndarray, bins: int = 30) -> dict:
    both = np.concatenate([synthetic_dcr, holdout_dcr])
    high = float(both.max()) if len(both) else 1.0
    edges = np.linspace(0.0, high if high > 0 else 1.0, bins + 1)

    def shares(values):
        counts, _ = np.histogram(values, bins=edges)
        return (counts / max(len(values), 1)).tolist()

    return {"edges": edges.tolist(), "synthetic": shares(synthetic_dcr), "holdout": shares(holdout_dcr)}
