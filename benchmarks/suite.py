"""The performance suite: wgan-augment side by side with CTGAN, SDV's GaussianCopula and SMOTE.

Run from the repository root (peers installed: see benchmarks/README.md):

    python -m benchmarks.suite                 # the full suite
    python -m benchmarks.suite --quick         # smaller sizes, a few minutes
    python -m benchmarks.suite --only encoding sampling --json results.json --markdown results.md

Sections: encoding, training, quality, sampling, utility, scale, startup, default_fit, safety_net,
partitioned, busy. Each figure is measured side by side in the same run and reported as a ratio to the
peer, because absolute times on a shared machine drift; each is checked against its target from the
performance issues.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

import torch
from threadpoolctl import threadpool_limits

from . import (
    _busy,
    _default_fit,
    _encoding,
    _partitioned,
    _quality,
    _safety_net,
    _sampling,
    _scale,
    _startup,
    _training,
    _utility,
)
from ._measure import Figure, SectionResult, machine_description, markdown_table
from ._peers import PeerMissing
from ._settings import FULL, QUICK

SECTIONS = {
    "encoding": ("1. Encoding: fit + transform + inverse", _encoding.run),
    "training": ("2. Training throughput", _training.run),
    "quality": ("3. Time to quality", _quality.run),
    "sampling": ("4. Sampling", _sampling.run),
    "utility": ("5. Utility of augmentation", _utility.run),
    "scale": ("6. Scale and memory", _scale.run),
    "startup": ("7. Start-up", _startup.run),
    "default_fit": ("8. Default fit time against CTGAN's", _default_fit.run),
    "safety_net": ("9. The safety net's cost", _safety_net.run),
    "partitioned": ("10. Partitioned sampling", _partitioned.run),
    "busy": ("11. A busy machine", _busy.run),
}


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    settings = QUICK if args.quick else FULL
    if args.threads:
        torch.set_num_threads(args.threads)
    command = "python -m benchmarks.suite " + " ".join(argv if argv is not None else sys.argv[1:])
    machine = machine_description()
    _print_machine(machine, command.strip(), settings.quick)
    results: dict[str, SectionResult] = {}
    seconds: dict[str, float] = {}
    # Both sides get the same thread pools: --threads, or every core.
    with threadpool_limits(limits=args.threads or None):
        _warm_up()
        for name in args.only or SECTIONS:
            title, run = SECTIONS[name]
            print(f"\n## {title}\n", flush=True)
            started = time.perf_counter()
            try:
                results[name] = run(settings)
            except PeerMissing as error:
                print(f"skipped: {error}", flush=True)
                results[name] = SectionResult(details=[f"skipped: {error}"])
            except Exception as error:  # noqa: BLE001 - an hour-long run must not lose the other sections
                traceback.print_exc()
                results[name] = SectionResult(details=[f"**failed**: {type(error).__name__}: {error}"])
            seconds[name] = time.perf_counter() - started
            print(f"\n({name}: {seconds[name]:.0f} s)", flush=True)
    figures = [figure for result in results.values() for figure in result.figures]
    table = markdown_table(figures)
    print("\n## Summary\n")
    print(table)
    _print_verdict(figures)
    if args.json:
        _write_json(args.json, machine, command, settings.quick, results, seconds)
    if args.markdown:
        _write_markdown(args.markdown, machine, command, settings.quick, results, seconds, table)
    return 0


def _warm_up() -> None:
    """Train both GANs for a moment before anything is timed.

    The first training run in a process pays for loading and initialising torch's kernels (two
    seconds here): whichever model went first would be charged for both.
    """
    from wgan_augment import WGANAugmenter

    from ._peers import fit_ctgan
    from ._tables import mixed_table

    table = mixed_table(1_000)
    for device in ["cpu"] + (["cuda"] if torch.cuda.is_available() else []):
        WGANAugmenter(n_steps=5, random_state=0, device=device).fit(table).sample(100, random_state=0)
        try:
            model, _, _, _ = fit_ctgan(table, epochs=1, enable_gpu=device != "cpu")
            model.sample(100)
        except PeerMissing:
            pass


def _parse(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.suite", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes: a few minutes instead of about an hour")
    parser.add_argument("--only", nargs="+", choices=list(SECTIONS), metavar="SECTION",
                        help=f"run only these sections ({', '.join(SECTIONS)})")
    parser.add_argument("--threads", type=int, default=None,
                        help="torch and BLAS threads for both sides (default: all)")
    parser.add_argument("--json", type=Path, help="also write every figure and detail to this JSON file")
    parser.add_argument("--markdown", type=Path, help="also write the report as Markdown (for benchmarks/README.md)")
    return parser.parse_args(argv)


def _print_machine(machine: dict, command: str, quick: bool) -> None:
    versions = ", ".join(f"{name} {value}" for name, value in machine["versions"].items())
    print(f"# wgan-augment performance suite{' (QUICK RUN: reduced sizes)' if quick else ''}")
    print(f"command: {command}")
    print(f"machine: {machine['processor']}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
          f"GPU: {machine['gpu']}, torch threads: {machine['torch_threads']}, "
          f"load average at start: {machine['load_average']}")
    print(f"python {machine['python']}; {versions}", flush=True)


def _print_verdict(figures: list[Figure]) -> None:
    judged = [figure for figure in figures if figure.met is not None]
    missed = [figure for figure in judged if not figure.met]
    print(f"\nTargets met: {len(judged) - len(missed)} of {len(judged)}.")
    for figure in missed:
        print(f"  missed: {figure.section}: {figure.name} (target {figure.target})")


def _write_json(path: Path, machine, command, quick, results, seconds) -> None:
    payload = {
        "command": command, "quick": quick, "machine": machine, "section_seconds": seconds,
        "sections": {name: {"figures": [figure.as_dict() for figure in result.figures], "details": result.details}
                     for name, result in results.items()},
    }
    path.write_text(json.dumps(payload, indent=2, default=str))


def _write_markdown(path: Path, machine, command, quick, results, seconds, table) -> None:
    lines = [f"Command: `{command}`{' — **quick run, reduced sizes**' if quick else ''}", "",
             f"Machine: {machine['processor']}, {machine['cores']} cores, {machine['memory_gib']} GiB memory, "
             f"GPU: {machine['gpu']}, torch threads {machine['torch_threads']}, load average at start "
             f"{machine['load_average']}; " + ", ".join(f"{k} {v}" for k, v in machine["versions"].items()) + ".",
             "", table, ""]
    for name, result in results.items():
        lines += [f"### {SECTIONS[name][0]} ({seconds[name]:.0f} s)", "",
                  *_blank_line_before_tables(result.details), ""]
    path.write_text("\n".join(lines))


def _blank_line_before_tables(details: list[str]) -> list[str]:
    """Markdown wants a blank line between a paragraph and a table that follows it."""
    lines: list[str] = []
    for line in details:
        if line.startswith("|") and lines and lines[-1] and not lines[-1].startswith("|"):
            lines.append("")
        lines.append(line)
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
