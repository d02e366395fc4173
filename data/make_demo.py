"""Write demo.csv: a small mixed-type table with known structure (run once; the CSV is committed).

300 patients in two clusters (older/heavier vs younger/lighter) with correlated numbers, an integer
age, categorical and boolean columns, a date, missing values, and a binary outcome that depends on them.
"""

from pathlib import Path

import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
n = 300
cluster = rng.random(n) < 0.35
age = np.where(cluster, rng.normal(62, 8, n), rng.normal(38, 9, n)).clip(18, 90).round().astype(int)
bmi = np.where(cluster, rng.normal(31, 3, n), rng.normal(24, 2.5, n))
systolic = 90 + 0.6 * age + 0.9 * bmi + rng.normal(0, 6, n)
cholesterol = np.where(rng.random(n) < 0.1, np.nan, 150 + 1.2 * age + rng.normal(0, 20, n)).round(1)
smoker = rng.random(n) < np.where(cluster, 0.4, 0.2)
region = rng.choice(["north", "south", "east", "west"], size=n, p=[0.4, 0.3, 0.2, 0.1])
visit = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
risk = 0.08 * (age - 45) + 0.25 * (bmi - 26) + 1.2 * smoker - 1.0
outcome = np.where(rng.random(n) < 1 / (1 + np.exp(-risk)), "sick", "healthy")

frame = pd.DataFrame(
    {
        "age": age,
        "bmi": bmi.round(1),
        "systolic_bp": systolic.round(1),
        "cholesterol": cholesterol,
        "smoker": smoker,
        "region": region,
        "visit_date": visit.strftime("%Y-%m-%d"),
        "outcome": outcome,
    }
)
frame.to_csv(Path(__file__).with_name("demo.csv"), index=False)
