"""The command group: routes ``wgan-augment data.csv`` to the default command and prints errors as one line.

Typer's callback pattern cannot give a group both subcommands and a positional file argument
(``wgan-augment data.csv --n 5000`` exits 2), so the group inserts the default command's name when
the first argument is neither a subcommand nor one of the group's own options.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Any, Sequence

import typer

# Typer bundles its own copy of Click; the separately installed ``click`` package has different
# exception classes, so catching those would miss every error Typer raises.
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from ._errors import CommandError
from ._signals import handle_termination, interrupt_exit_code, interrupt_name, restore_handlers
from ._threads import restore_threads

DEFAULT_COMMAND = "generate"


class DefaultCommandGroup(TyperGroup):
    """A Typer group whose unnamed invocation runs :data:`DEFAULT_COMMAND`."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        if args and self._is_for_default_command(args[0], ctx):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)

    def _is_for_default_command(self, first: str, ctx: typer.Context) -> bool:
        """A file name or one of the default command's options, rather than a command or a group option.

        A bare word that names no file (``fitt``) is left to the group, which answers
        "No such command 'fitt'. Did you mean 'fit'?" instead of "file 'fitt' does not exist".
        """
        if first in self.commands or first in self._own_option_names(ctx):
            return False
        looks_like_a_word = first.isidentifier() and not os.path.exists(first)
        return not looks_like_a_word

    def _own_option_names(self, ctx: typer.Context) -> set[str]:
        return {name for param in self.get_params(ctx) for name in (*param.opts, *param.secondary_opts)}

    def invoke(self, ctx: typer.Context) -> Any:
        previous_handlers = handle_termination()
        try:
            with warnings.catch_warnings():
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except BrokenPipeError:
            # The reader went away (``-o - | head``): it has all it wanted, which is no error.
            _silence_stdout()
            raise typer.Exit(0) from None
        except KeyboardInterrupt as interrupt:
            typer.echo(_interrupted_message(interrupt), err=True)
            raise typer.Exit(interrupt_exit_code()) from None
        except CommandError as error:
            typer.echo(f"Error: {_one_line(str(error))}", err=True)
            raise typer.Exit(error.exit_code) from None
        finally:
            restore_handlers(previous_handlers)
            restore_threads()

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            outcome = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as error:
            _print_help(error)
            sys.exit(error.exit_code)
        except UsageError as error:
            typer.echo(f"Error: {_one_line(error.format_message())}{_help_hint(error)}", err=True)
            sys.exit(error.exit_code)
        except ClickException as error:
            typer.echo(f"Error: {_one_line(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        # Without standalone mode a finished command returns its value, and typer.Exit its code.
        sys.exit(outcome if isinstance(outcome, int) else 0)


def _interrupted_message(interrupt: KeyboardInterrupt) -> str:
    by = f" by {interrupt_name()}" if interrupt_name() else ""
    # Files are written through temporary names, so an interrupt leaves nothing half-written; rows already
    # sent to stdout are out of our hands, and the streaming writer says how many went.
    outcome = getattr(interrupt, "outcome", None) or "nothing half-written was left behind"
    return f"Interrupted{by}; {outcome}."


def _silence_stdout() -> None:
    # Python flushes stdout at exit; into the closed pipe that prints "Exception ignored ... BrokenPipeError".
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (AttributeError, ValueError, OSError):  # an in-process runner's stdout has no descriptor
        pass


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    # One line, without the source location a user of the command line cannot act on.
    typer.echo(f"Warning: {_one_line(str(message))}", err=True)


def _print_help(error: NoArgsIsHelpError) -> None:
    # With rich help, Typer prints the help while building the error and leaves the message empty.
    if error.format_message().strip():
        typer.echo(error.format_message(), err=True)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _help_hint(error: UsageError) -> str:
    if error.ctx is None:
        return ""
    return f" (see '{error.ctx.command_path} --help')"
