"""Numbers that say how close synthetic rows are to real ones."""

from .fidelity import column_distances, correlation_difference

__all__ = ["column_distances", "correlation_difference"]
