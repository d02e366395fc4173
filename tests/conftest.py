import numpy as np
import pandas as pd
import pytest
import torch

# The test models are tiny: one thread each is fastest, and with `pytest -n 2` two workers then
# share the two cores instead of fighting over them.
torch.set_num_threads(1)

@pytest.fixture
def mixed_frame():
    """60 rows with every kind of column the encoder handles."""
    rng = np.random.default_rng(0)
    n = 60
    return pd.DataFrame(
        {
            "height": rng.normal(170, 10, n),
            "count": rng.integers(0, 500, n),
            "flag": rng.random(n) < 0.3,
            "colour": pd.Categorical(rng.choice(["red", "green", "blue"], n)),
            "city": rng.choice(["oslo", "rome"], n).astype(object),
            "with_gaps": np.where(rng.random(n) < 0.25, np.nan, rng.normal(0, 1, n)),
            "when": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 100, n), unit="D"),
            "constant": 7,
        }
    )
