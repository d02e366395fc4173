"""The synthetic rows ``fit_resample`` adds: from the prior, or variants of real rows of their class, and
only those the plausibility filter passes when it is on.

Variants: each training row's latent code is found once through the generator (as ``vary`` finds an
image's), and codes at Gaussian offsets of ``VARIANT_SPREAD`` around the code of a real row of the
class are decoded. On the ten scarce tables of ``benchmarks/information.py`` both helped the three
downstream classifiers more than rows from the prior, unfiltered (docs/measurements/when_rows_help.md).
"""

from __future__ import annotations

import numpy as np
import torch
from sklearn.utils import check_random_state

from ..conditioning import one_hot
from ..kinds import TABLE
from ..runtime import draw_seed, noise_generator
from ..sampling import decode_codes, draw_first_identifier, generate_encoded
from ._plausibility import PlausibilityFilter
from ._row_plan import sources_for_plan
from ._synthetic_filter import draw_filtered
from ._variations import VARIANT_SPREAD, codes_near, find_codes


def resampled_rows(model, plan: np.ndarray, encoded_real: np.ndarray, real_index: np.ndarray, seed: int):
    """One synthetic row per label of ``plan`` (fewer when the filter keeps rejecting a class).

    ``encoded_real`` and ``real_index`` are the training rows as the model encoded them and their
    classes' positions in ``model.classes_``. Returns the rows (in the training data's container), their
    labels, and the share of drawn rows the filter kept (None when it did not run).
    """
    is_table = model.kind_.name == TABLE
    filtering = len(model.classes_) > 1 and (model.filter_synthetic is True or
                                             (model.filter_synthetic == "auto" and is_table))
    variants = model.resample_rows == "variants" or (model.resample_rows == "auto" and is_table)
    if len(plan) == 0 or not (filtering or variants):
        rows, labels = model.sample(len(plan), y=plan, random_state=seed)
        return rows, labels, None
    rng = check_random_state(seed)
    draw = (_variant_drawer(model, encoded_real, real_index, rng) if variants else
            lambda request: (generate_encoded(model, len(request), request, draw_seed(rng)), request))
    plan_index = model.conditioning_.index_of(plan, len(plan))
    acceptance = None
    if filtering:
        judge = PlausibilityFilter(draw_seed(rng)).fit(encoded_real, real_index)  # tables only: rows
        encoded, class_index, acceptance = draw_filtered(draw, plan_index, judge.accepts)
    else:
        encoded, class_index = draw(plan_index)
    rows = model.kind_.decode(model.encoder_, encoded, rng, draw_first_identifier(model, rng))
    return model.kind_.as_output(rows, model.input_format_), model.conditioning_.classes[class_index], acceptance


def _variant_drawer(model, encoded_real: np.ndarray, real_index: np.ndarray, rng):
    """``draw(class_index)``: one variant of a real row of each requested class, with the classes; the
    real rows' codes are searched for once, here."""
    noise_source = noise_generator(draw_seed(rng), model.device_)
    condition = one_hot(torch.as_tensor(real_index, device=model.device_), model.conditioning_.n_classes)
    targets = torch.from_numpy(encoded_real).to(model.device_)
    codes = find_codes(model.generator_, targets, condition, model.latent_dim, noise_source)

    def draw(class_index):
        sources = sources_for_plan(real_index, class_index, draw_seed(rng))
        near = codes_near(codes, torch.as_tensor(sources, device=model.device_), VARIANT_SPREAD, noise_source)
        return decode_codes(model, near, condition[sources], noise_source), real_index[sources]

    return draw
