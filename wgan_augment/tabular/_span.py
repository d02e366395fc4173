"""The slice of an encoded matrix that one activation owns."""

from typing import NamedTuple


class Span(NamedTuple):
    """Columns ``[start, stop)`` of an encoded matrix and how a generator must emit them.

    Attributes
    ----------
    start : int
        First matrix column of the span.
    stop : int
        One past the last matrix column of the span.
    activation : str
        ``"tanh"`` for one scalar in [-1, 1], ``"linear"`` for one unbounded scalar,
        ``"softmax"`` for a one-hot block of ``stop - start`` columns.
    """

    start: int
    stop: int
    activation: str

    @property
    def width(self) -> int:
        """Number of matrix columns in the span."""
        return self.stop - self.start
