import numpy as np
import pandas as pd
import pytest
import torch

# The test models are tiny: one thread each is fastest, and with `pytest -n 2` two workers then
# share the two cores instead of fighting over them.
torch.set_num_threads(1)


def make_mixed_frame(n_rows: int, rng: np.random.Generator) -> pd.DataFrame:
    """A table with every kind of column the encoder handles."""
    return pd.DataFrame(
        {
            "height": rng.normal(170, 10, n_rows),
            "count": rng.integers(0, 500, n_rows),
            "flag": rng.random(n_rows) < 0.3,
            "colour": pd.Categorical(rng.choice(["red", "green", "blue"], n_rows)),
            "city": rng.choice(["oslo", "rome"], n_rows).astype(object),
            "with_gaps": np.where(rng.random(n_rows) < 0.25, np.nan, rng.normal(0, 1, n_rows)),
            "when": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 100, n_rows), unit="D"),
            "constant": 7,
        }
    )


@pytest.fixture
def mixed_frame():
    """60 rows with every kind of column the encoder handles."""
    return make_mixed_frame(60, np.random.default_rng(0))
