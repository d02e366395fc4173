"""How the suite measures: side-by-side timings, figures with their targets, the machine, peak memory."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


@dataclass
class Figure:
    """One measured figure, ours beside the peer's, and whether it meets its target.

    ``speedup`` is how many times better ours is: the peer's value over ours for times (lower is
    better), ours over the peer's for rates (higher is better). A target is either a least speedup
    (``min_speedup``) or a bound on our own value (``max_value``), or neither (reported only).
    """

    section: str
    name: str
    ours: float
    unit: str
    peer: str | None = None
    peer_value: float | None = None
    higher_is_better: bool = False
    min_speedup: float | None = None
    max_value: float | None = None
    note: str = ""
    target_text: str = ""  # the target in the words, where they differ from the default text
    comparable: bool = True  # False for scores, where a ratio means nothing (gains, accuracies)
    speedup: float | None = field(init=False, default=None)
    met: bool | None = field(init=False, default=None)

    def __post_init__(self):
        if self.comparable and self.peer_value is not None and self.ours and self.peer_value:
            self.speedup = self.ours / self.peer_value if self.higher_is_better else self.peer_value / self.ours
        if self.min_speedup is not None and self.speedup is not None:
            self.met = self.speedup >= self.min_speedup
        elif self.max_value is not None:
            self.met = self.ours <= self.max_value

    @property
    def target(self) -> str:
        if self.target_text:
            return self.target_text
        if self.min_speedup is not None:
            return f"≥ {self.min_speedup:g}× peer"
        if self.max_value is not None:
            return f"≤ {format_value(self.max_value, self.unit)}"
        return ""

    def as_dict(self) -> dict:
        return {**asdict(self), "target": self.target}


@dataclass
class SectionResult:
    """What a section measured: its figures, and the detail lines (Markdown) printed beside them."""

    figures: list[Figure] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def say(self, line: str = "") -> None:
        """Print a detail line now (sections run for minutes) and keep it for the report."""
        print(line, flush=True)
        self.details.append(line)


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "bytes":  # decimal GB, the unit of the targets
        return f"{value / 1e9:.2f} GB"
    if not unit:  # a score difference
        return f"{value:+.3f}"
    if abs(value) >= 1000:
        return f"{value:,.0f} {unit}".strip()
    return f"{value:.3g} {unit}".strip()


def markdown_table(figures: list[Figure]) -> str:
    """The figures as a Markdown table: ours, the peer's, the ratio, the target and the verdict."""
    lines = ["| section | figure | ours | peer | peer's | ours vs peer | target | met |",
             "|---|---|---|---|---|---|---|---|"]
    for figure in figures:
        ratio = "–" if figure.speedup is None else f"{figure.speedup:.2f}× better" if figure.speedup >= 1 else (
            f"{1 / figure.speedup:.2f}× worse")
        met = {True: "yes", False: "**no**", None: ""}[figure.met]
        name = f"{figure.name} ({figure.note})" if figure.note else figure.name
        lines.append(
            f"| {figure.section} | {name} | {format_value(figure.ours, figure.unit)} | {figure.peer or '–'} | "
            f"{format_value(figure.peer_value, figure.unit)} | {ratio} | {figure.target} | {met} |"
        )
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ timing
def wall_time(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def best_times(contenders: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The least wall time of each contender over ``repeat`` rounds, run in turn within each round.

    Taking turns puts both sides through the same spells of load on a shared machine, and the least
    of several runs is the one least disturbed by other processes.
    """
    best = {name: float("inf") for name in contenders}
    for _ in range(repeat):
        for name, function in contenders.items():
            best[name] = min(best[name], wall_time(function)[0])
    return best


# ------------------------------------------------------------------------------------- machine
def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine_description() -> dict:
    """Processor, cores, memory, versions and the device the suite runs on."""
    import torch

    processor = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                processor = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") if hasattr(os, "sysconf") else None
    device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none"
    return {
        "processor": processor,
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1) if memory else None,
        "gpu": device,
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "versions": {name: package_version(name) for name in
                     ("wgan-augment", "torch", "numpy", "pandas", "scikit-learn", "sdv", "ctgan", "rdt",
                      "imbalanced-learn", "pyarrow")},
        "load_average": [round(load, 2) for load in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


# ---------------------------------------------------------------------------------- peak memory
def run_measured(module: str, *arguments: str) -> tuple[dict, int]:
    """Run ``python -m module arguments`` in a fresh interpreter; return its JSON result and peak RSS.

    The child writes its result as JSON to the file named by its last argument, with its own peak
    resident set size (:func:`own_peak_rss`) under ``"peak_rss"``.
    """
    with tempfile.TemporaryDirectory() as folder:
        result_path = Path(folder) / "result.json"
        command = [sys.executable, "-m", module, *arguments, str(result_path)]
        completed = subprocess.run(command, check=False, cwd=REPOSITORY)
        if completed.returncode != 0:
            raise RuntimeError(f"{' '.join(command[1:-1])} failed with exit code {completed.returncode}")
        result = json.loads(result_path.read_text())
    return result, result.pop("peak_rss")


def own_peak_rss() -> int:
    """This process's peak resident set size in bytes, since it started its program.

    Linux keeps ``getrusage``'s ``ru_maxrss`` across ``exec``: a child started by a suite holding a
    gigabyte reports at least a gigabyte (so does ``wait4`` in the parent). ``VmHWM`` in
    ``/proc/self/status`` belongs to the program's own address space, so it is read instead; where
    there is no ``/proc`` (macOS), ``ru_maxrss`` (bytes there) is the fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def write_result(path: str, result: dict) -> None:
    """Write a child's result, with its peak RSS, for :func:`run_measured`."""
    Path(path).write_text(json.dumps({**result, "peak_rss": own_peak_rss()}))
