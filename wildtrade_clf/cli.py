"""The ``wildtrade`` command line: a thin layer over the library."""

from __future__ import annotations

import sys

import click

from ._version import __version__
from .errors import WildtradeError


class _Group(click.Group):
    """Turns the package's own errors into a one-line message and exit code 2; --debug shows the traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except WildtradeError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {error}", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="wildtrade")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Score online posts for likely illegal wildlife-product trade.

    Scores flag posts for human review; they are not evidence of guilt.
    """
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("texts", nargs=-1, required=True)
@click.option("--model", "model_dir", type=click.Path(), default=None, help="Model folder (default: the shipped model).")
@click.option("--top", default=8, show_default=True, help="How many terms to show per post.")
def explain(texts: tuple[str, ...], model_dir: str | None, top: int) -> None:
    """Score each TEXT and show the terms behind the score.

    Example: wildtrade explain "出老犀角杯，价格私聊，加V详谈"
    """
    from .predictor import load_model

    model = load_model(model_dir)
    scores = model.score(list(texts))
    for text, score, families in zip(texts, scores, model.terms(list(texts))):
        flag = "TRADE" if score >= model.threshold else "no"
        click.echo(f"{score:.3f}  {flag:5}  {text}")
        click.echo(f"       families: {'|'.join(families) or '-'}")
        for term, weight in model.explain(text, top=top):
            click.echo(f"       {weight:+.3f}  {term}")


def main(prog_name: str | None = None) -> None:
    """Run the command line."""
    cli.main(prog_name=prog_name)
