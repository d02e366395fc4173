"""The tags imbalanced-learn reads from a sampler, declared without importing imbalanced-learn.

imbalanced-learn is an optional companion, not a dependency: its checks look for ``sampler_tags`` and
``input_tags.dataframe`` on the tags, so the augmenter's tags carry both, in dataclasses that extend
scikit-learn's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from sklearn.utils import InputTags as SklearnInputTags
from sklearn.utils import Tags as SklearnTags


@dataclass
class SamplerTags:
    """``sample_indices``: whether the sampler records which rows it kept (ours makes new ones)."""

    sample_indices: bool = False


@dataclass
class InputTags(SklearnInputTags):
    """scikit-learn's input tags, plus whether a DataFrame comes back as one."""

    dataframe: bool = True


@dataclass
class Tags(SklearnTags):
    """scikit-learn's tags, plus imbalanced-learn's sampler tags."""

    sampler_tags: SamplerTags = field(default_factory=SamplerTags)


def sampler_tags(tags: SklearnTags) -> Tags:
    """``tags`` with the sampler's additions."""
    extended = Tags(**{item.name: getattr(tags, item.name) for item in fields(tags)})
    extended.input_tags = InputTags(**{item.name: getattr(tags.input_tags, item.name)
                                       for item in fields(tags.input_tags)})
    return extended
