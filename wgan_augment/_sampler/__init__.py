"""The sampler wing: what ``fit_resample`` adds and how it hands rows back -- per-class counts with
imbalanced-learn's meanings, variants of real rows, the plausibility filter, rows of any container
appended and returned alike, and the tags imbalanced-learn's checks read."""

from ._plausibility import PlausibilityFilter
from ._resampled_output import labels_and_restore, rows_like
from ._resampling import synthetic_counts
from ._row_plan import augmentable_classes, balanced_first_plan, balancing_ratios, rank_within_groups, sources_for_plan
from ._rows import append_rows, concat_rows, head, with_target
from ._sampler_tags import sampler_tags
from ._synthetic_filter import draw_filtered
from ._synthetic_rows import resampled_rows
from ._variations import VARIANT_SPREAD, codes_around, codes_near, find_codes, image_variants

__all__ = [
    "PlausibilityFilter",
    "VARIANT_SPREAD",
    "append_rows",
    "augmentable_classes",
    "balanced_first_plan",
    "balancing_ratios",
    "codes_around",
    "codes_near",
    "concat_rows",
    "draw_filtered",
    "find_codes",
    "head",
    "image_variants",
    "labels_and_restore",
    "rank_within_groups",
    "resampled_rows",
    "rows_like",
    "sampler_tags",
    "sources_for_plan",
    "synthetic_counts",
    "with_target",
]
