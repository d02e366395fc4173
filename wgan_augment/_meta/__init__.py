"""The meta-estimator wing: ``AugmentedClassifier`` and ``AugmentedRegressor``'s shared machinery, the
inner search for how many synthetic rows to add, and the checks of the estimator they wrap."""

from ._amount_search import smallest_within_one_standard_error
from ._augmented import BaseAugmented
from ._shared_docs import AUGMENTED_DOCS, fill_doc

__all__ = ["AUGMENTED_DOCS", "BaseAugmented", "fill_doc", "smallest_within_one_standard_error"]
