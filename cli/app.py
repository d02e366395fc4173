"""The ``wgan-augment`` command line: the app, its commands, and the console-script entry point.

Only Typer is imported at start-up; pandas, torch and the library load inside the commands, so
``wgan-augment --help`` answers at once.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ._group import DEFAULT_COMMAND, DefaultCommandGroup
from .evaluate import evaluate
from .fit import fit
from .generate import generate
from .info import info
from .sample import sample

app = typer.Typer(
    cls=DefaultCommandGroup,
    name="wgan-augment",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    subcommand_metavar="(DATA | COMMAND) [ARGS]...",
    epilog="Exit codes: 0 done (also when the reader of stdout stops early, as 'head' does), 1 a problem with the "
    "data or a file, 2 a problem with the command line, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM), 129 hung "
    "up (SIGHUP). Output files are never replaced without --force and never left half-written.",
)
app.command(DEFAULT_COMMAND, short_help="Train on a table and write synthetic rows (the default command).")(generate)
app.command(short_help="Train on a table and save the model.")(fit)
app.command(short_help="Write synthetic rows from a saved model.")(sample)
app.command(short_help="Show what a model file holds.")(info)
app.command(short_help="Measure synthetic rows: do they look real, do they copy, do they help a classifier?")(evaluate)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"wgan-augment {_installed_version()}")
        raise typer.Exit()


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wgan-augment")
    except PackageNotFoundError:
        from wgan_augment import __version__

        return __version__


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Make synthetic rows for a small table with a Wasserstein GAN (WGAN-GP).

    'wgan-augment DATA [OPTIONS]' runs the generate command; 'wgan-augment generate --help' lists its options.

    Examples:

      wgan-augment data.csv --n 5000
          train on data.csv, write 5,000 synthetic rows to data_synthetic.csv
      wgan-augment data.csv --target label --balance
          add synthetic rows until every class is as large as the largest
      wgan-augment fit data.csv --target label -o model.wgan
      wgan-augment sample model.wgan --n 1000 -o - | head
          train once, then sample any time (here to stdout)
      wgan-augment info model.wgan
          columns, classes and settings of a saved model
      wgan-augment evaluate data.csv data_synthetic.csv --target label --report report.html
          fidelity, privacy and classifier gain of synthetic rows, as an HTML report
    """


def main() -> None:
    """Console-script entry point."""
    app()
