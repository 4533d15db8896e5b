"""The ``wildtrade`` command line: a thin layer over the library."""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from typing import Any

import click

from ._version import __version__
from .errors import InputError, WildtradeError

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Our own errors: one line and exit code 2; anything else: one line and exit code 1. --debug shows tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`wildtrade score x.csv -o - | head`): it has all it wanted, so stop quietly
            # with success, as other tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except Exception as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            if isinstance(error, WildtradeError):
                click.echo(f"Error: {error}", err=True)
                sys.exit(2)
            click.echo(f"Error: unexpected failure ({type(error).__name__}: {error}). Run again with --debug for "
                       f"details and report it if it persists.", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings=_CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="wildtrade")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Score online posts for likely illegal wildlife-product trade.

    Scores flag posts for human review; they are not evidence of guilt.

    Exit codes: 0 success, 2 usage or input error, 1 anything else.
    """
    ctx.obj = {"debug": debug}


_text_col = click.option("--text-col", "text_cols", multiple=True, metavar="COL",
                         help="Column holding the post; repeat to join several (e.g. title and description). "
                              "Default: the 'text' column, or the only column.")
_model = click.option("--model", "model_dir", type=click.Path(), default=None, metavar="DIR",
                      help="Model folder (default: the shipped model).")
_encoding = click.option("--encoding", default=None, metavar="ENC",
                         help="Text encoding of INPUT, e.g. utf-8 or gb18030 (default: detected).")
_split = [click.option("--split-col", default=None, metavar="COL", help="Use only rows where this column ..."),
          click.option("--split-value", default=None, metavar="VAL", help="... equals this value (e.g. train).")]
_prefix = click.option("--prefix", default="", metavar="TEXT",
                       help="Put TEXT before the added columns' names (for an input that already has them).")
_positive = click.option("--positive-label", default=None, metavar="VALUE",
                         help="With labels written as two words (e.g. ad / other), the one meaning trade.")


def _options(*decorators):
    def apply(function):
        for decorator in reversed(decorators):
            function = decorator(function)
        return function
    return apply


class _Progress:
    """A one-line progress display on stderr: rows scored, rows per second and, when the share of the input
    they cover is known, the percentage and the time left."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, rows: int, done: float | None) -> None:
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        line = f"{rows:,} rows  {rows / elapsed:,.0f} rows/s"
        if done:
            left = elapsed * (1 - done) / done
            line += f"  {done:.0%}  {int(left) // 60}:{int(left) % 60:02d} left"
        click.echo(f"\r{line}\x1b[K", err=True, nl=False)

    def close(self) -> None:
        click.echo("\r\x1b[K", err=True, nl=False)


def _notifier(quiet: bool):
    """Messages from a run on stderr: information unless --quiet, warnings always."""
    def notify(message: str, warning: bool) -> None:
        if warning or not quiet:
            click.echo(f"{'Warning: ' if warning else ''}{message}", err=True)
    return notify


def _columns(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


def _summary_lines(summary) -> list[str]:
    where = "stdout" if summary.output == "-" else summary.output
    scored = f"Scored {summary.rows:,} rows ({summary.flagged:,} flagged)"
    if summary.read != summary.rows:
        scored = f"Scored {summary.rows:,} of {summary.read:,} rows ({summary.flagged:,} flagged)"
    wrote = f", wrote {summary.written:,}" if summary.written != summary.rows else ""
    lines = [f"{scored}{wrote} in {summary.seconds:.1f}s -> {where}"]
    if summary.flagged:
        parts = [f"{family} {count:,}" for family, count in summary.families.items()]
        if summary.unnamed:
            parts.append(f"no product named {summary.unnamed:,}")
        lines.append("Flagged by product family: " + ", ".join(parts))
    return lines


@cli.command(context_settings=_CONTEXT)
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@click.option("-o", "--output", default=None, metavar="OUTPUT",
              help="Where to write: .csv, .tsv, .jsonl or .parquet (needs pyarrow); '-' for stdout; a folder for "
                   "several inputs. Default: INPUT's name with .scored.csv (.jsonl, .parquet for those), next to it.")
@_options(_text_col, _model)
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, metavar="T",
              help="Flag posts scoring at or above T (default: the model's threshold).")
@click.option("--prior", type=click.FloatRange(0, 1, min_open=True, max_open=True), default=None, metavar="P",
              help="Restate trade_score as the probability of trade in a feed where a share P of posts is trade "
                   "(e.g. 0.001); the same posts are flagged. Default: the model's training mix (see its card).")
@_encoding
@click.option("--delimiter", default=None, metavar="CHAR",
              help="Delimiter of a CSV INPUT: , ; | or tab (default: detected from the header line).")
@click.option("--sheet", default=None, metavar="NAME", help="Sheet of an .xlsx INPUT (needed when it has several).")
@click.option("--columns", "columns", multiple=True, metavar="A,B",
              help="Input columns to keep in the output, in this order (default: all).")
@click.option("--flagged-only", is_flag=True, help="Write only the flagged rows.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=None, metavar="S",
              help="Write only rows scoring at least S.")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Score only the first N rows (a quick look).")
@click.option("--sample", type=click.IntRange(min=1), default=None, metavar="N",
              help="Score a random sample of N rows, written in input order.")
@click.option("--seed", type=int, default=None, metavar="S", help="Random seed of --sample (default 0).")
@click.option("--bom", "--excel", "bom", flag_value=True, default=None,
              help="Start CSV output with a UTF-8 BOM, so that a double-click opens it in Excel with Chinese "
                   "shown right (default: when INPUT had one, was GBK/GB18030/Big5 or .xlsx).")
@_prefix
@click.option("--concat", is_flag=True, help="With several inputs: write them all, one after another, to -o.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes (default: all cores).")
@click.option("-q", "--quiet", is_flag=True, help="No progress line, notes or summary (warnings still show).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Score on a Dask cluster: the scheduler's address (tcp://host:8786), or 'local' for a cluster "
                   "of this machine's cores. -o then names the folder for the NAME.scored.csv files. Needs "
                   "pip install 'wildtrade-clf[dask]'.")
def score(inputs: tuple[str, ...], output: str | None, text_cols: tuple[str, ...], model_dir: str | None,
          threshold: float | None, prior: float | None, encoding: str | None, delimiter: str | None, sheet: str | None,
          columns: tuple[str, ...], flagged_only: bool, min_score: float | None, limit: int | None,
          sample: int | None, seed: int | None, bom: bool | None, prefix: str, concat: bool, jobs: int | None,
          quiet: bool, scheduler: str | None) -> None:
    """Score every post in exports: CSV, TSV, JSON Lines, .xlsx or Parquet files, glob patterns
    ('exports/*.csv'), or '-' for stdin (rows are scored as they arrive).

    Writes every row, in order, with every column unchanged, plus trade_score (0-1), trade_flag (0/1) and
    trade_terms (e.g. ivory|contact). UTF-8 (with or without BOM), UTF-16, GBK, GB18030 and Big5 are
    detected, and the delimiter (, ; | or tab). Scores flag posts for human review; they are not evidence of
    guilt.

    Example: wildtrade score export.csv --text-col title --text-col body -o scored.csv

    On a cluster: wildtrade score 'exports/*.csv' --scheduler tcp://10.0.0.5:8786 -o scored/
    """
    from . import batch

    if seed is not None and sample is None:
        raise InputError("--seed goes with --sample")
    select = batch.Selection(flagged_only=flagged_only, min_score=min_score, columns=_columns(columns), limit=limit,
                             sample=sample, seed=seed or 0)
    if scheduler and not output:
        raise InputError("with --scheduler, give -o OUTDIR: the folder for the scored files")
    if scheduler and (concat or select != batch.Selection() or delimiter or sheet or bom or prefix or prior):
        raise InputError("--scheduler scores whole files as they are; drop --concat, --columns, --flagged-only, "
                         "--min-score, --limit, --sample, --delimiter, --sheet, --bom, --prefix and --prior, or "
                         "score without --scheduler")
    progress = _Progress() if not quiet and sys.stderr.isatty() else None
    options: dict[str, Any] = dict(model=model_dir, threshold=threshold, encoding=encoding, progress=progress)
    try:
        if scheduler:
            from .distributed import score_files

            assert output is not None  # refused above without -o
            summaries = score_files(list(inputs), output, text_cols, scheduler=scheduler, **options)
        else:
            summaries = batch.score_inputs(list(inputs), output, concat=concat, text_cols=text_cols, jobs=jobs,
                                           delimiter=delimiter, sheet=sheet, bom=bom, select=select, prefix=prefix,
                                           notify=_notifier(quiet), prior=prior, **options)
    finally:
        if progress:
            progress.close()
    if not quiet:
        for summary in summaries:
            for line in _summary_lines(summary):
                click.echo(line, err=True)


def _param(values: tuple[str, ...]) -> dict:
    params = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or "__" not in key:
            raise click.BadParameter(f"{item!r}: write STEP__NAME=VALUE, e.g. classify__C=3", param_hint="--param")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


_FIGURES = ("precision", "recall", "f1", "mcc", "roc_auc", "pr_auc")


def _show_metrics(title: str, metrics: dict) -> None:
    """The figures in a fixed order, an undefined one (precision with nothing flagged, say) as a dash."""
    shown = ", ".join(f"{name} {'–' if metrics.get(name) is None else format(metrics[name], '.3f')}"
                      for name in _FIGURES)
    click.echo(f"{title}: {shown}")


def _show_intervals(what: str, ci: dict) -> None:
    click.echo(f"{ci['level']:.0%} {what}: " + ", ".join(
        f"{name} {'–' if ci.get(name) is None else f'{ci[name][0]:.3f}-{ci[name][1]:.3f}'}" for name in _FIGURES))


_skip = click.option("--skip-unlabelled", is_flag=True,
                     help="Leave out rows whose label is empty (e.g. a file from suggest, partly labelled) and say "
                          "how many; without it they are refused.")


def _labelled_input(label_help: str):
    """INPUT and the options saying how to read its labelled posts, handed to the command as one
    :class:`~wildtrade_clf.labels.LabelledInput` named ``source``."""
    def apply(function):
        @functools.wraps(function)
        def command(input_path: str, label_col: str, text_cols, positive_label, skip_unlabelled: bool, split_col,
                    split_value, encoding, **rest):
            from .labels import LabelledInput

            return function(source=LabelledInput(input_path, label_col, tuple(text_cols), encoding, split_col,
                                                 split_value, positive_label, skip_unlabelled), **rest)
        return _options(click.argument("input_path", metavar="INPUT"),
                        click.option("--label-col", required=True, metavar="COL", help=label_help),
                        _text_col, _positive, _skip, *_split, _encoding)(command)
    return apply


def _background_input(function):
    """The --background options, handed to the command as one :class:`~wildtrade_clf.labels.BackgroundInput`
    named ``background`` (None without --background), read with the labelled input's encoding."""
    @functools.wraps(function)
    def command(source, background_path, background_cols, background_group_col, **rest):
        from .labels import BackgroundInput

        if (background_cols or background_group_col) and not background_path:
            raise InputError("--background-text-col and --background-group-col go with --background FILE")
        background = BackgroundInput(background_path, tuple(background_cols), background_group_col,
                                     source.encoding) if background_path else None
        return function(source=source, background=background, **rest)
    return _options(
        click.option("--background", "background_path", default=None, metavar="FILE",
                     help="Unlabelled real posts from your own feed (CSV or TSV), trained on as not trade and "
                          "reported apart: how many of them the model flags out of fold."),
        click.option("--background-text-col", "background_cols", multiple=True, metavar="COL",
                     help="Column(s) of --background holding the post (default: 'text', or the only column)."),
        click.option("--background-group-col", "background_group_col", default=None, metavar="COL",
                     help="Column of --background naming each post's source: a source stays in one fold, and its "
                          "flag rate is reported apart."))(command)


def _show_labels(data) -> None:
    from .labels import describe_mapping

    click.echo("Labels: " + describe_mapping(data.mapping))
    if data.skipped:
        click.echo(f"Skipped {data.skipped:,} unlabelled rows")


def _say(message: str) -> None:
    """A progress line on stderr."""
    click.echo(f"  {message}", err=True)


@cli.command(context_settings=_CONTEXT)
@_labelled_input("Column holding the labels: yes/no words (1/0, true/false, yes/no, 是/否 ...), or two values "
                 "with --positive-label naming the one meaning trade.")
@click.option("-o", "--output", "model_out", required=True, metavar="MODEL_DIR",
              help="Folder to write the model and its MODEL_CARD.md to (an existing one only with --force).")
@click.option("--force", is_flag=True, help="Replace MODEL_DIR if it exists (only once the new model is complete).")
@click.option("--seed", default=0, show_default=True, help="Random seed; the same data and seed give the same model.")
@click.option("--min-precision", type=click.FloatRange(0, 1), default=None, metavar="P",
              help="Choose the lowest threshold reaching this cross-validated precision (default: maximise F1).")
@click.option("--min-recall", type=click.FloatRange(0, 1), default=None, metavar="R",
              help="Choose the highest threshold keeping this cross-validated recall (default: maximise F1).")
@click.option("--tune", is_flag=True,
              help="Search a wider grid, repeated inside each cross-validation fold so that the card's figures are "
                   "not flattered by the choice (several times slower).")
@click.option("--score-parts", is_flag=True,
              help="Score each post whole and line by line (and by sentence and list item), keeping the highest, as "
                   "the default model does: for long posts and lists; on short posts it costs precision.")
@click.option("--no-search", is_flag=True,
              help="Keep the pipeline's default features and regularisation instead of choosing them by inner "
                   "cross-validation.")
@click.option("--with-default-corpus", is_flag=True,
              help="Also train on the shipped corpus (data/corpus.csv in a checkout); threshold and metrics "
                   "stay those of INPUT's rows.")
@click.option("--corpus", "corpus_path", default=None, metavar="PATH",
              help="With --with-default-corpus: the corpus file to add (columns text, label, optional split).")
@_background_input
@click.option("--max-flag-rate", type=click.FloatRange(0, 1, max_open=True), default=None, metavar="R",
              help="With --background: the threshold is the lowest flagging at most this share of the background "
                   "out of fold (e.g. 0.001).")
@click.option("--max-group-flag-rate", type=click.FloatRange(0, 1, max_open=True), default=None, metavar="R",
              help="With --max-flag-rate: also at most this share of each --background-group-col source "
                   "(e.g. 0.003).")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Cross-validation folds.")
@click.option("--param", "params", multiple=True, metavar="STEP__NAME=VALUE",
              help="Set a pipeline parameter, e.g. classify__C=3 or features__min_df=1 (then not searched); "
                   "repeatable.")
@click.option("--group-col", default=None, metavar="COL",
              help="Keep rows sharing this column's value (a seller, a source) in one cross-validation fold. "
                   "Default: group posts that are equal once numbers and handles are dropped.")
def train(source, background, model_out: str, force: bool, no_search: bool, with_default_corpus: bool, corpus_path,
          params, group_col, **training) -> None:
    """Train a model on the labelled posts in INPUT and write it to MODEL_DIR.

    Features and regularisation are chosen by inner cross-validation, the threshold by cross-validation on the
    training rows; card.json and MODEL_CARD.md record the settings tried and the cross-validated precision,
    recall, F1, MCC, ROC-AUC and PR-AUC at that threshold. Progress goes to stderr.

    Example: wildtrade train labelled.csv --text-col text --label-col label -o my_model
    """
    from pathlib import Path

    from .train import default_corpus, train_to_folder

    if training["min_precision"] is not None and training["min_recall"] is not None:
        raise InputError("give --min-precision or --min-recall, not both")
    if corpus_path and not with_default_corpus:
        raise InputError("--corpus goes with --with-default-corpus")
    if training["max_flag_rate"] is not None and not background:
        raise InputError("--max-flag-rate goes with --background FILE")
    if training["max_group_flag_rate"] is not None and (training["max_flag_rate"] is None or not background.group_col):
        raise InputError("--max-group-flag-rate goes with --max-flag-rate and --background-group-col")
    result, data = train_to_folder(
        source, model_out, force=force, background=background, group_col=group_col, progress=_say,
        params=_param(params), corpus=default_corpus(corpus_path) if with_default_corpus else None,
        select=not no_search, **training)
    _show_labels(data)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    card = result.model.card
    data_card = card["training_data"]
    click.echo(f"Trained on {data_card['rows']:,} rows ({data_card['positives']:,} trade); text: "
               f"{', '.join(data.text_columns)}")
    cv = card["metrics"]["cross_validated"]
    if cv:
        _show_metrics(f"Cross-validated ({cv['folds']} folds)", cv)
    _show_training_extras(card)
    click.echo(f"Threshold: {card['threshold']:.4f} ({card['threshold_rule']})")
    click.echo(f"Model written to {model_out} (card: {Path(model_out) / 'MODEL_CARD.md'})")


def _show_training_extras(card: dict) -> None:
    data = card["training_data"]
    click.echo(f"Cross-validation groups: {data['groups']:,} ({data.get('rows_in_multi_row_groups', 0):,} rows in "
               f"groups of near-duplicates or --group-col, largest {data.get('largest_group', 1):,})")
    ci = card["metrics"].get("cross_validated_ci")
    if ci:
        _show_intervals("bootstrap intervals", ci)
    if "corpus" in data:
        click.echo(f"Also trained on {data['corpus']['rows']:,} corpus rows ({data['corpus']['positives']:,} trade)")
    background = card["metrics"].get("background")
    if background:
        click.echo(f"Background: {background['rows']:,} rows trained on as not trade; flagged out of fold at the "
                   f"threshold: {background['flagged']:,} ({background['flag_rate']:.2%})")
        for name, group in background.get("by_group", {}).items():
            click.echo(f"  {name}: {group['flagged']:,} of {group['rows']:,} ({group['flag_rate']:.2%})")
    selection = card.get("selection")
    if selection and selection["tried"]:
        best = max(selection["tried"], key=lambda row: row["pr_auc"])
        how = "nested in each fold" if selection["nested"] else f"{len(selection['tried'])} tried"
        click.echo(f"Chosen by {selection['inner_folds']}-fold inner cross-validation ({how}; PR-AUC "
                   f"{best['pr_auc']:.3f}): " + ", ".join(f"{key.split('__', 1)[1]}={value}" for key, value in
                                                          selection["chosen"].items()))


@cli.command(context_settings=_CONTEXT)
@_labelled_input("Column holding the true labels: yes/no words, or two values with --positive-label.")
@_model
@click.option("--report", "report_dir", required=True, metavar="DIR",
              help="Folder for metrics.json, the plots, errors.csv and report.html (created if needed).")
@click.option("--by", "by_cols", multiple=True, metavar="COL",
              help="Also break the metrics down by this column (e.g. lang or kind); repeatable.")
@click.option("--id-col", default=None, metavar="COL", help="Column identifying each post, first in errors.csv.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, metavar="T",
              help="Evaluate at this threshold instead of the model's.")
def evaluate(source, model_dir, report_dir: str, by_cols, id_col, threshold) -> None:
    """Measure a model on the labelled posts in INPUT and write a report to DIR.

    The report holds metrics.json (with 95% bootstrap intervals), precision-recall and ROC curves, a confusion
    matrix, a score histogram by class (PNG), errors.csv (misclassified posts, most wrong first, with INPUT's
    columns) and report.html showing them together. Warns when INPUT holds posts the model was trained on.

    Example: wildtrade evaluate test.csv --label-col label --by lang --report report/
    """
    from pathlib import Path

    from .report import evaluate_file

    if Path(report_dir).exists() and not Path(report_dir).is_dir():
        raise click.BadParameter(f"{report_dir} is a file; give a folder for the report", param_hint="--report")
    evaluation = evaluate_file(source, report_dir, model_dir, by_cols, id_col, threshold, progress=_say)
    result, data = evaluation.result, evaluation.data
    _show_labels(data)
    overlap = result.get("overlap_with_training")
    if overlap is None:
        click.echo("Note: the model's card keeps no sketch of its training rows, so whether these posts were trained "
                   "on cannot be checked", err=True)
    elif overlap["rows"]:
        click.echo(f"Warning: {overlap['rows']:,} of the {len(data.texts):,} posts ({overlap['share']:.1%}) are among "
                   f"the model's training rows; figures on them are flattered. Evaluate on posts it never saw",
                   err=True)
    overall = result["overall"]
    _show_metrics(f"{overall['rows']:,} rows, threshold {result['threshold']:.3f}", overall)
    ci = result.get("overall_ci")
    if ci:
        _show_intervals("intervals", ci)
    click.echo(f"Report written to {evaluation.page}")


@cli.command(context_settings=_CONTEXT)
@click.argument("texts", nargs=-1, required=True)
@_model
@click.option("--top", default=8, show_default=True, help="How many terms to show per post.")
def explain(texts: tuple[str, ...], model_dir: str | None, top: int) -> None:
    """Score each TEXT and show the terms behind the score.

    Example: wildtrade explain "出老犀角杯，价格私聊，加V详谈"
    """
    from .model import load_model

    model = load_model(model_dir)
    scores, found = model.score_with_terms(list(texts))
    for text, score, flag, families in zip(texts, scores, model.flags(scores), found, strict=True):
        flag = "TRADE" if flag else "no"
        click.echo(f"{score:.3f}  {flag:5}  {text}")
        click.echo(f"       families: {'|'.join(families) or '-'}")
        for term, weight in model.explain(text, top=top):
            click.echo(f"       {weight:+.3f}  {term}")


@cli.command(context_settings=_CONTEXT)
@click.argument("input_path", metavar="INPUT")
@_options(_model)
@click.option("-n", "count", type=click.IntRange(min=1), default=200, show_default=True,
              help="How many posts to suggest.")
@click.option("-o", "--output", default=None, metavar="OUTPUT",
              help="CSV to write ('-' for stdout). Default: INPUT's name with .to_label.csv, next to it.")
@_text_col
@click.option("--label-col", default="label", show_default=True, metavar="COL",
              help="Empty column added for the labels; rows of INPUT already labelled in it are skipped.")
@click.option("--diversity", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="0: most uncertain first; higher trades uncertainty for variety (one post per near-duplicate "
                   "group always).")
@_options(_encoding, _prefix)
def suggest(input_path: str, model_dir, count: int, output, text_cols, label_col: str, diversity: float,
            encoding, prefix: str) -> None:
    """Write the unlabelled posts of INPUT most worth labelling next, as a CSV ready to label.

    Picks posts scored near the model's threshold (the model is least sure of them), at most one per group
    of near-duplicates and spread out over the vocabulary, so one seller's repeated advert cannot fill the list.

    Example: wildtrade suggest unlabelled.csv --model my_model -n 200 -o to_label.csv
    """
    from .labelling import suggest_file

    _say("scoring the unlabelled posts")
    out, rows, candidates = suggest_file(input_path, output, model_dir, count, text_cols, encoding, label_col,
                                         diversity, prefix, progress=_say)
    if out != "-":
        click.echo(f"Suggested {rows:,} of {candidates:,} unlabelled rows -> {out}", err=True)


@cli.command(context_settings=_CONTEXT)
@_labelled_input("Column holding the labels: yes/no words, or two values with --positive-label.")
@click.option("-o", "--output", default=None, metavar="OUTPUT",
              help="CSV to write ('-' for stdout). Default: INPUT's name with .audit.csv, next to it.")
@click.option("-n", "count", type=click.IntRange(min=1), default=200, show_default=True,
              help="How many rows to write, worst first.")
@click.option("--group-col", default=None, metavar="COL",
              help="Keep rows sharing this column's value in one fold (default: near-duplicates grouped).")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Cross-validation folds.")
@click.option("--seed", default=0, show_default=True, help="Random seed.")
@click.option("--param", "params", multiple=True, metavar="STEP__NAME=VALUE",
              help="Set a pipeline parameter, e.g. classify__C=3; repeatable.")
@_prefix
def audit(source, output, count: int, group_col, folds: int, seed: int, params, prefix: str) -> None:
    """List the rows of a labelled file whose labels look most likely wrong, worst first.

    Each row is scored by a model cross-validated without it; rows whose label disagrees most with that
    out-of-fold score come first, with the score, the terms and the features behind it. Real labelled sets
    contain mistakes: check these rows, fix the labels, retrain.

    Example: wildtrade audit labelled.csv --label-col label -n 100 -o check_these.csv
    """
    from .labelling import audit_file
    from .labels import describe_mapping

    audit = audit_file(source, output, group_col, count, seed, folds, _param(params), progress=_say, prefix=prefix)
    click.echo("Labels: " + describe_mapping(audit.mapping), err=True)
    for warning in audit.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if audit.skipped:
        click.echo(f"Skipped {audit.skipped:,} unlabelled rows", err=True)
    if audit.output != "-":
        click.echo(f"{audit.disagreeing:,} of {audit.total:,} labels disagree with the out-of-fold prediction; "
                   f"wrote the {audit.rows:,} most doubtful rows -> {audit.output}", err=True)


@cli.command(context_settings=_CONTEXT)
@_model
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 for every interface (put TLS and a firewall in front).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes, each with its own copy of the model; one per core uses them all.")
@click.option("--api-key-file", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Require 'Authorization: Bearer KEY' on /v1/ requests, KEY being the contents of FILE.")
@click.option("--max-batch", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Most posts in one request.")
@click.option("--max-explain", type=click.IntRange(min=0), default=100, show_default=True,
              help="Most posts in one request with explain (explaining costs about 15 times as much as scoring).")
@click.option("--max-body-mb", type=click.FloatRange(min=0, min_open=True), default=16, show_default=True,
              help="Largest request body, in megabytes (millions of bytes).")
def serve(model_dir: str | None, host: str, port: int, workers: int, api_key_file: str | None, max_batch: int,
          max_explain: int, max_body_mb: float) -> None:
    """Serve the model over HTTP until stopped (SIGTERM finishes the requests in flight first).

    POST /v1/score scores {"posts": [{"id", "text"}]} or {"texts": [...]}; GET /v1/model, /healthz, /readyz
    and /metrics (Prometheus); the OpenAPI description is at /openapi.json. Needs
    pip install 'wildtrade-clf[serve]'.

    Example: wildtrade serve --model my_model --port 8000 --workers 2
    """
    from .serve import Limits
    from .serve import serve as run_service

    run_service(model_dir, host, port, workers, api_key_file,
                Limits(max_batch=max_batch, max_body_bytes=int(max_body_mb * 1_000_000), max_explain=max_explain))


def main(prog_name: str | None = None) -> None:
    """Run the command line."""
    cli.main(prog_name=prog_name)
