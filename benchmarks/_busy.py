"""Section 11, a busy machine: a default fit beside two CPU-bound processes against the same fit idle.

The fit (the threads benchmark's 300-row table, its defaults but for the step budget) runs in a fresh
interpreter, idle and then while two processes started here spin a Python loop; the library's thread
policy (``n_threads="auto"``) is what keeps the busy time near the idle one (``benchmarks/threads.py``
times 1 and 2 threads as well).
"""

from __future__ import annotations

from ._measure import Figure, SectionResult
from ._settings import Settings
from .threads import TABLES, busy, fit_seconds

TARGET_RATIO = 2.0


def run(settings: Settings) -> SectionResult:
    result = SectionResult()
    rows, steps = TABLES["small"], settings.busy_steps
    idle = min(fit_seconds("auto", rows, steps)["seconds"] for _ in range(settings.busy_repeats))
    with busy(2):
        loaded = min(fit_seconds("auto", rows, steps)["seconds"] for _ in range(settings.busy_repeats))
    result.say(f"{rows}-row table, {steps} steps at the defaults (n_threads='auto': 1 thread), best of "
               f"{settings.busy_repeats}: idle {idle:.1f} s, beside 2 busy processes {loaded:.1f} s")
    result.figures.append(Figure("11 busy machine", f"default fit beside 2 busy processes / idle ({steps} steps)",
                                 loaded / idle, "×", max_value=TARGET_RATIO, target_text="≤ 2× its idle time"))
    return result
