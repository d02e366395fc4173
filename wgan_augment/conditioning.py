"""Which class? The classes a model was fitted on, and every question about them.

One :class:`Conditioning` is made in ``fit`` from the labels; the augmenter, the training loop's row
sampler, streaming, the meta-estimators and the command line all ask it: how many classes, which
position a label has (the one "not seen in fit" error), how often each occurred, the one-hot vector
the networks are conditioned on, and which classes to draw when the caller names none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True, eq=False)
class Conditioning:
    """The sorted class labels seen in ``fit`` and their row counts.

    Parameters
    ----------
    classes : ndarray of shape (n_classes,)
        The labels, sorted (as ``np.unique`` returns them).
    counts : ndarray of shape (n_classes,)
        Training rows per class.
    """

    classes: np.ndarray
    counts: np.ndarray

    @classmethod
    def from_labels(cls, labels) -> tuple[Conditioning, np.ndarray]:
        """The classes of ``labels`` and each label's position among them."""
        classes, class_index, counts = np.unique(np.asarray(labels), return_inverse=True, return_counts=True)
        return cls(classes, counts.astype(np.int64)), class_index.ravel()

    @property
    def n_classes(self) -> int:
        return len(self.classes)

    def index_of(self, y, n_samples: int) -> np.ndarray:
        """Position in ``classes`` of each requested label; ``y`` is one label or ``n_samples`` of them."""
        requested = np.asarray(y)
        if requested.ndim == 0:
            requested = np.full(n_samples, requested)
        if requested.shape != (n_samples,):
            raise ValueError(f"y must be one label or {n_samples} labels (one per row), got shape {requested.shape}.")
        try:
            class_index = np.searchsorted(self.classes, requested).clip(0, self.n_classes - 1)
            unknown = self.classes[class_index] != requested
        except TypeError:
            # A number asked of text classes (or text of numbers) cannot even be ordered among them.
            label = _first_of_other_type(requested, self.classes)
            raise ValueError(self._unknown_label_message(label, f" ({type(label).__name__})")) from None
        if unknown.any():
            raise ValueError(self._unknown_label_message(requested[unknown][:1].tolist()[0]))
        return class_index

    def _unknown_label_message(self, label, type_note: str = "") -> str:
        return (f"y holds label {label!r}{type_note}, which was not seen in fit "
                f"(classes: {self.classes.tolist()}).")

    def draw(self, n_samples: int, rng: np.random.RandomState) -> np.ndarray:
        """Class positions for ``n_samples`` rows, drawn with the frequencies seen in ``fit``."""
        return rng.choice(self.n_classes, size=n_samples, p=self.counts / self.counts.sum())

    def label_named(self, text: str):
        """The label whose text is ``text``: a command line has only text, labels may be numbers or bools.

        Raises ``LookupError`` listing the classes when there is none.
        """
        for label in self.classes.tolist():
            if str(label) == text:
                return label
        raise LookupError(f"no class {text!r} (classes: {_shown(self.classes.tolist())})")


def _first_of_other_type(requested: np.ndarray, classes: np.ndarray):
    """The first requested label whose type cannot be compared with the classes' (for the error message)."""
    class_is_text = isinstance(classes.tolist()[0], str)
    for label in requested.tolist()[:1000]:  # a message needs one example; bounded, not a per-row pass
        if isinstance(label, str) != class_is_text:
            return label
    return requested.tolist()[0]


def one_hot(class_index: torch.Tensor, n_classes: int) -> torch.Tensor:
    """The networks' condition: one float row per class position."""
    return torch.nn.functional.one_hot(class_index, n_classes).float()


def training_class_probabilities(counts: torch.Tensor) -> torch.Tensor:
    """How often the training loop draws each class: in proportion to ``log(1 + count)``.

    Training-by-sampling, as in CTGAN: minority classes are seen far more often than their share, yet a
    class of three rows is not replayed as often as one of three hundred, which would invite memorisation.
    """
    weights = torch.log1p(counts.double())
    return (weights / weights.sum()).float()


def _shown(labels: Iterable, limit: int = 20) -> str:
    labels = list(labels)
    return ", ".join(map(str, labels[:limit])) + (", ..." if len(labels) > limit else "")
