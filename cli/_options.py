"""Options shared by several commands, declared once so their names and help stay the same."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

TRAINING = "Training"
OUTPUT = "Output"
MAX_SEED = 2**32 - 1
"""numpy's seeds: 0 to 2**32 - 1 (checked by the option, so the message names --seed, not random_state)."""


class Constraint(str, Enum):
    """How the critic is kept 1-Lipschitz."""

    gp = "gp"
    clip = "clip"


Data = Annotated[
    Path,
    typer.Argument(
        metavar="DATA",
        help="Table to learn: .csv, .tsv, .parquet or .jsonl (text formats may end in .gz, .bz2, .xz or .zst). "
        "'-' reads CSV from stdin. Or a folder of images (one subfolder per class gives the labels).",
        # Checked by the command: Typer 0.29 rejects '-' for a Path even with allow_dash=True.
        show_default=False,
    ),
]
Model = Annotated[
    Path,
    # Not exists=True: a missing file is a file problem (exit 1, from loading), not a command-line one (2).
    typer.Argument(metavar="MODEL", help="A model file written by 'wgan-augment fit' or --save-model.",
                   dir_okay=False, show_default=False),
]
Rows = Annotated[
    Optional[int],
    typer.Option("--n", "-n", min=1, metavar="ROWS", show_default=False,
                 help="Synthetic rows to write. Default: as many as the training table has."),
]
Target = Annotated[
    Optional[str],
    typer.Option("--target", "-t", metavar="COLUMN", rich_help_panel=TRAINING, show_default=False,
                 help="Label column: learn each class, and write rows with the class mix of the data."),
]
Condition = Annotated[
    Optional[str],
    typer.Option("--condition", "-c", metavar="COLUMN=VALUE", show_default=False,
                 help="Write only rows of one class, e.g. --condition label=yes. COLUMN is the target; "
                 "without --target it becomes the target."),
]
Columns = Annotated[
    Optional[list[str]],
    typer.Option("--columns", metavar="A,B,...", rich_help_panel=TRAINING, show_default=False,
                 help="Learn only these columns (comma-separated or repeated); the target is always kept."),
]
Drop = Annotated[
    Optional[list[str]],
    typer.Option("--drop", metavar="A,B,...", rich_help_panel=TRAINING, show_default=False,
                 help="Leave these columns out (comma-separated or repeated)."),
]
Separator = Annotated[
    Optional[str],
    typer.Option("--sep", metavar="CHAR", rich_help_panel=TRAINING, show_default=False,
                 help="Separator of a CSV/TSV DATA file. Default: sniffed from its first lines (',', ';', tab or "
                 "'|'). Write a tab as $'\\t' in a shell."),
]
Encoding = Annotated[
    Optional[str],
    typer.Option("--encoding", metavar="NAME", rich_help_panel=TRAINING, show_default=False,
                 help="Text encoding of a CSV/TSV DATA file, e.g. utf-8, cp1252, latin-1. Default: sniffed "
                 "(UTF-8 with or without BOM, UTF-16 with BOM, else cp1252 or Latin-1)."),
]
Roles = Annotated[
    Optional[list[str]],
    typer.Option("--role", metavar="COLUMN=ROLE", rich_help_panel=TRAINING, show_default=False,
                 help="Decide how a column is treated (comma-separated or repeated), overriding what is detected: "
                 "continuous, discrete (learn its values as categories), identifier (not learned: new unique "
                 "values in its format) or date (read as dates in the format of its values, written back alike; a "
                 "value that is not a date is an error). Detected identifiers are generated fresh and free text is "
                 "refused."),
]
KeepRare = Annotated[
    Optional[list[str]],
    typer.Option("--keep-rare", metavar="A,B,...", rich_help_panel=TRAINING, show_default=False,
                 help="Learn and write these columns' category values verbatim even where fewer than 5 training "
                 "rows hold them (comma-separated or repeated). Default: such values are pooled and written as "
                 "<rare>, since a value that few rows hold points at them."),
]
ImageSize = Annotated[
    Optional[str],
    typer.Option("--image-size", metavar="WxH", rich_help_panel=TRAINING, show_default=False,
                 help="With a folder of images: resize every image to W by H pixels, e.g. 28x28. Default: the "
                 "images must share one size."),
]
Steps = Annotated[
    Optional[int],
    typer.Option("--steps", min=1, metavar="STEPS", rich_help_panel=TRAINING, show_default=False,
                 help="Generator training steps; more steps, closer rows, longer wait. Default: 1000."),
]
Seed = Annotated[
    Optional[int],
    typer.Option("--seed", min=0, max=MAX_SEED, metavar="SEED", rich_help_panel=TRAINING, show_default=False,
                 help="Seed for training and sampling: the same seed, data and --threads give the same rows on CPU."),
]
Device = Annotated[
    str,
    typer.Option("--device", metavar="DEVICE", rich_help_panel=TRAINING,
                 help="Where to train: auto (CUDA when available), cpu, cuda or cuda:N."),
]
ConstraintOption = Annotated[
    Constraint,
    typer.Option("--constraint", rich_help_panel=TRAINING, case_sensitive=False,
                 help="gp: gradient penalty (WGAN-GP); clip: weight clipping (original WGAN)."),
]
Threads = Annotated[
    Optional[str],
    typer.Option("--threads", metavar="N|auto", show_default=False,
                 help="CPU threads for torch and BLAS. Default auto: torch's own choice (one per core, or "
                 "OMP_NUM_THREADS), with a warning when the 1-minute load shows the cores busy with other work, "
                 "where fewer threads can be many times faster. The rows a --seed gives depend on the thread "
                 "count too."),
]
Force = Annotated[
    bool,
    typer.Option("--force", "-f", rich_help_panel=OUTPUT, help="Replace output files that already exist."),
]
Quiet = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No progress bar or summary on stderr; errors are still shown."),
]
