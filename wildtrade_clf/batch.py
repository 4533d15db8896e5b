"""Score exports in chunks, keeping every row and every cell exactly as it came in.

Reading is :mod:`wildtrade_clf.readers`' job, writing :mod:`wildtrade_clf.writers`' and deciding where each chunk
is scored (this process, worker processes, a Dask cluster) :mod:`wildtrade_clf.schedule`'s. This module runs a
file through them: it chooses what is written (``Selection``: flagged rows only, a minimum score, some columns,
the first or a random sample of rows) and tells what the run found: flagged counts by product family, posts too
long to score whole, text damaged before it reached us.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np

from .errors import InputError
from .lexicon import PLACEHOLDER_FAMILIES
from .memory import release_memory
from .model import Model, as_model
from .readers import CHUNK_ROWS, STDIO, Chunk, Table, expand_inputs, input_kind, is_missing, open_table
from .schedule import Submitter, scored
from .terms import TERMS_SEPARATOR
from .writers import Writer, check_not_input, default_output, new_columns, output_format

if TYPE_CHECKING:
    import pandas as pd

NEW_COLUMNS = ("trade_score", "trade_flag", "trade_terms")
# Sale signals, not products: left out of the flagged counts by product family.
SIGNALS = frozenset(PLACEHOLDER_FAMILIES.values())
# How many row numbers a warning lists before giving only the count.
ROWS_SHOWN = 5

Progress = Callable[[int, "float | None"], None]
"""Called after each chunk is written with the rows scored so far and the share of the input they cover (None
when unknown, e.g. on standard input)."""
Notify = Callable[[str, bool], None]
"""Called with a one-line message as soon as it is known, and whether it is a warning: which column the posts
were read from, a doubtful encoding, posts too long to score whole."""


@dataclass(frozen=True)
class Selection:
    """Which rows and columns a run writes: every row and column by default.

    ``min_score`` and ``flagged_only`` keep rows scoring at least that (or the threshold); ``columns`` names
    the input columns to keep, in that order; ``limit`` scores only the first rows; ``sample`` a random
    sample of that many rows (the same for the same ``seed``), written in input order.
    """

    flagged_only: bool = False
    min_score: float | None = None
    columns: Sequence[str] = ()
    limit: int | None = None
    sample: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        if self.limit is not None and self.sample is not None:
            raise InputError("give --limit or --sample, not both")
        for name, value in (("--limit", self.limit), ("--sample", self.sample)):
            if value is not None and value < 1:
                raise InputError(f"{name} must be at least 1, not {value}")
        if self.min_score is not None and not 0 <= self.min_score <= 1:
            raise InputError(f"--min-score must be between 0 and 1, not {self.min_score}")


@dataclass
class ScoreSummary:
    """What a scoring run did: rows scored and flagged, rows written (fewer with a Selection), flagged rows
    per product family, the text columns used and the warnings given."""

    rows: int
    flagged: int
    seconds: float
    output: str
    input: str = ""
    read: int = 0
    written: int = 0
    families: dict[str, int] = field(default_factory=dict)
    unnamed: int = 0
    text_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def join_texts(frame: pd.DataFrame, columns: Sequence) -> list[str]:
    """One post per row: the non-blank cells of ``columns`` joined by a space (e.g. title and description).

    >>> import pandas as pd
    >>> join_texts(pd.DataFrame({"t": ["象牙", ""], "d": ["私聊", "x"]}), ["t", "d"])
    ['象牙 私聊', 'x']
    """
    return join_cells([frame[c].tolist() for c in columns])


def join_cells(columns: Sequence[Sequence]) -> list[str]:
    """:func:`join_texts` for cells given column by column.

    >>> join_cells([["象牙", None], ["私聊", "x"]])
    ['象牙 私聊', 'x']
    """
    return [" ".join(s for s in row if isinstance(s, str) and s.strip()) for row in zip(*columns, strict=False)]


def row_numbers(chunk: Chunk) -> Sequence[int]:
    """The data row numbers (1 for the first row after the header) of a chunk's rows."""
    return range(chunk.start + 1, chunk.start + 1 + len(chunk.rows)) if chunk.positions is None else \
        [p + 1 for p in chunk.positions]


def _rows_text(numbers: list[int], count: int) -> str:
    shown = ", ".join(map(str, numbers[:ROWS_SHOWN]))
    return f"data row {shown}" if count == 1 else \
        f"data rows {shown}" + (f" and {count - ROWS_SHOWN:,} more" if count > ROWS_SHOWN else "")


class _RowNotes:
    """Rows that share a problem: the first few numbers and how many in all, for one warning per run."""

    def __init__(self) -> None:
        self.numbers: list[int] = []
        self.count = 0

    def add(self, numbers: Sequence[int], hits: np.ndarray) -> None:
        found = np.flatnonzero(hits)
        self.count += len(found)
        if len(self.numbers) < ROWS_SHOWN:
            self.numbers += [numbers[i] for i in found[:ROWS_SHOWN - len(self.numbers)]]


def _limited(chunks: Iterator[Chunk], limit: int) -> Iterator[Chunk]:
    """The first ``limit`` rows; reading stops there."""
    left = limit
    for chunk in chunks:
        if len(chunk.rows) >= left:
            yield chunk._replace(rows=chunk.rows[:left],
                                 records=chunk.records[:left] if chunk.records is not None else None)
            return
        left -= len(chunk.rows)
        yield chunk


def _sampled(chunks: Iterator[Chunk], size: int, seed: int, chunk_rows: int) -> Iterator[Chunk]:
    """A uniform random sample of ``size`` rows, in input order: each row gets a random key and the rows of
    the ``size`` smallest keys are kept, so memory holds only the sample however long the input."""
    rng = np.random.default_rng(seed)
    keys = np.empty(0)
    kept: list[tuple[int, list, dict | None]] = []
    for chunk in chunks:
        records: Sequence[dict | None] = chunk.records if chunk.records else [None] * len(chunk.rows)
        kept += [(chunk.start + i, row, record) for i, (row, record) in enumerate(zip(chunk.rows, records, strict=False))]
        keys = np.concatenate([keys, rng.random(len(chunk.rows))])
        if len(keys) > size:
            best = np.argpartition(keys, size - 1)[:size]
            keys, kept = keys[best], [kept[i] for i in best]
    kept.sort(key=lambda item: item[0])
    has_records = any(record is not None for _, _, record in kept)
    for at in range(0, len(kept), chunk_rows):
        part = kept[at:at + chunk_rows]
        yield Chunk([row for _, row, _ in part], part[0][0], None,
                    cast(list[dict], [record for _, _, record in part]) if has_records else None,  # all JSON objects
                    [p for p, _, _ in part])


class _Run:
    """One scoring run over one or more tables: the model, the threshold, what to write and what was found."""

    def __init__(self, model, threshold: float | None, jobs: int | None, chunk_rows: int,
                 submitter: Submitter | None, select: Selection, prefix: str, progress: Progress | None,
                 notify: Notify | None, prior: float | None = None):
        self.jobs = jobs or os.cpu_count() or 1
        if self.jobs < 1:
            raise InputError(f"--jobs must be at least 1, not {self.jobs}")
        self.model_spec = model
        self.model = as_model(model)
        self.threshold, self.prior = threshold, prior
        if prior is not None:
            self.model.restate(np.zeros(1), prior)  # refuses a bad prior before any row is read
        self.model.cut(threshold, prior)  # and a bad threshold
        self.chunk_rows, self.submitter, self.select, self.prefix = chunk_rows, submitter, select, prefix
        self.progress, self.notify = progress, notify
        self.max_chars = self.model.max_chars

    def prepare(self, table: Table, text_cols: Sequence[str], fmt: str) -> tuple[list[int], list[int], list[str]]:
        """The text columns, the kept columns and the added column names for ``table``, or an InputError."""
        columns = table.text_columns(text_cols)
        keep = [table.column_index(name) for name in self.select.columns] if self.select.columns else \
            list(range(len(table.header)))
        kept = [table.header[i] for i in keep]
        if fmt in ("jsonl", "parquet") and len(set(kept)) < len(kept):
            table.check_unique()
        added = new_columns(table.name, kept, NEW_COLUMNS, self.prefix, "or leave the old one out with --columns")
        return columns, keep, added

    def say(self, message: str, warning: bool, summary: ScoreSummary) -> None:
        if warning:
            summary.warnings.append(message)
        if self.notify:
            self.notify(message, warning)

    def score(self, table: Table, writer: Writer, columns: list[int], keep: list[int], added: list[str],
              summary: ScoreSummary, text_cols: Sequence[str]) -> None:
        """Score every (selected) row of ``table`` into ``writer``, adding to ``summary``."""
        summary.text_columns = [table.header[i] for i in columns]
        for note in table.notes:
            self.say(note, True, summary)
        chunks = table.chunks(self.chunk_rows)
        if self.select.limit is not None:
            chunks = _limited(chunks, self.select.limit)
        if self.select.sample is not None:
            chunks = _sampled(self._counted(chunks, summary), self.select.sample, self.select.seed, self.chunk_rows)
        long_posts, damaged = _RowNotes(), _RowNotes()
        families: Counter = Counter(summary.families)
        started = False
        for chunk, texts, (scores, terms) in scored(self._with_texts(chunks, columns, table, set(added)), self.model,
                                                    self.model_spec, self.jobs, table.streaming, self.submitter):
            if not started:
                # With the first rows scored, so that a file failing to read gives its one error line alone.
                self._say_how_read(table, summary, bool(text_cols))
                started = True
            if self.select.sample is None:
                summary.read += len(chunk.rows)
            if self.prior is not None:
                scores = self.model.restate(scores, self.prior)
            numbers = row_numbers(chunk)
            lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
            if self.max_chars is not None:
                long_posts.add(numbers, lengths > self.max_chars)
            damaged.add(numbers, np.array(["\ufffd" in text for text in texts], dtype=bool))
            flags = self.model.flags(scores, self.threshold, self.prior)
            for i in np.flatnonzero(flags):
                named = [family for family in terms[i].split(TERMS_SEPARATOR) if family and family not in SIGNALS]
                families.update(named)
                summary.unnamed += not named
            summary.written += self._write(chunk, table, writer, keep, scores, flags, terms)
            summary.rows += len(scores)
            summary.flagged += int(flags.sum())
            release_memory()
            if self.progress:
                self.progress(summary.rows, chunk.done)
        summary.families = dict(families.most_common())
        if long_posts.count and self.max_chars is not None:
            self.say(f"{long_posts.count:,} post{'s' if long_posts.count > 1 else ''} longer than "
                     f"{self.max_chars:,} characters ({_rows_text(long_posts.numbers, long_posts.count)} of "
                     f"{table.name}) scored on the first and last {self.max_chars // 2:,} characters", True, summary)
        if damaged.count:
            self.say(f"{_rows_text(damaged.numbers, damaged.count)} of {table.name} "
                     f"{'holds' if damaged.count == 1 else 'hold'} the replacement character \ufffd: the text was "
                     f"damaged by a wrong conversion before it reached this file, and may score wrong", True, summary)

    def _write(self, chunk: Chunk, table: Table, writer: Writer, keep: list[int], scores: np.ndarray,
               flags: np.ndarray, terms: list[str]) -> int:
        """Write the chunk's rows that the selection keeps, with their scores; how many were written."""
        wanted = np.ones(len(scores), dtype=bool)
        if self.select.flagged_only:
            wanted &= flags
        if self.select.min_score is not None:
            wanted &= scores >= self.select.min_score
        chosen = np.flatnonzero(wanted)
        every_column = keep == list(range(len(table.header)))
        rows = [chunk.rows[i] for i in chosen] if every_column else [[chunk.rows[i][j] for j in keep] for i in chosen]
        records = None
        if chunk.records is not None:
            records = [chunk.records[i] for i in chosen]
            if not every_column:
                kept_keys = [table.header[j] for j in keep]
                records = [{key: record[key] for key in kept_keys if key in record} for record in records]
        writer.write(rows, [[round(score, 6) for score in scores[chosen].tolist()],
                            flags[chosen].astype(np.int64).tolist(), [terms[i] for i in chosen]], records)
        return len(chosen)

    def _say_how_read(self, table: Table, summary: ScoreSummary, column_given: bool) -> None:
        """What was detected: the encoding and delimiter when not the usual ones, the column of the posts."""
        details = []
        if table.encoding and table.encoding.lower().replace("_", "-") not in ("utf-8", "utf-8-sig", "ascii"):
            details.append(table.encoding)
        if table.kind == "csv" and table.delimiter != ",":
            details.append(f"{table.delimiter!r} between columns")
        read = f"Read {table.name}" + (f" ({', '.join(details)})" if details else "")
        if not column_given:
            self.say(f"{read}: posts from column {', '.join(map(repr, summary.text_columns))} (choose another with "
                     f"--text-col)", False, summary)
        elif details:
            self.say(read, False, summary)

    @staticmethod
    def _counted(chunks: Iterator[Chunk], summary: ScoreSummary) -> Iterator[Chunk]:
        for chunk in chunks:
            summary.read += len(chunk.rows)
            yield chunk

    @staticmethod
    def _with_texts(chunks: Iterator[Chunk], columns: list[int], table: Table, reserved: set[str]):
        """(chunk, its posts): the text cells joined, each checked to be text (JSON Lines can hold numbers)."""
        for chunk in chunks:
            cells = [[row[i] for row in chunk.rows] for i in columns]
            if table.kind == "jsonl":
                _check_json_chunk(chunk, cells, columns, table, reserved)
            yield chunk, join_cells(cells)


def _check_json_chunk(chunk: Chunk, cells: list[list], columns: list[int], table: Table, reserved: set[str]) -> None:
    for column, values in zip(columns, cells, strict=False):
        for number, value in zip(row_numbers(chunk), values, strict=False):
            if not isinstance(value, str) and not is_missing(value):
                raise InputError(f"data row {number} of {table.name}: {table.header[column]!r} is "
                                 f"{type(value).__name__} {value!r:.40}, not text; the posts must be strings")
    for number, record in zip(row_numbers(chunk), chunk.records or (), strict=False):
        clash = reserved.intersection(record)
        if clash:
            raise InputError(f"data row {number} of {table.name} already has a {sorted(clash)[0]!r} key (was it "
                             f"scored before?); to keep it unchanged, name the new columns apart with --prefix")


def _writer(table: Table, output: str, fmt: str, keep: list[int], added: list[str], bom: bool | None) -> Writer:
    header = [table.header[i] for i in keep]
    schema = None
    if fmt == "parquet" and table.schema is not None:
        schema = [table.schema.field(i) for i in keep]
    with_bom = bom if bom is not None else output != STDIO and table.bom_for_excel
    return Writer(output, fmt, header, added, delimiter=table.delimiter if table.kind in ("csv", "tsv") else ",",
                  line_ending=table.line_ending, bom=with_bom and fmt in ("csv", "tsv"), schema=schema)


def score_file(input: str | os.PathLike, output: str | os.PathLike | None = None, text_cols: Sequence[str] = (),
               model: Model | str | os.PathLike | None = None, threshold: float | None = None,
               encoding: str | None = None, jobs: int | None = None, chunk_rows: int = CHUNK_ROWS,
               progress: Progress | None = None, submitter: Submitter | None = None, *, delimiter: str | None = None,
               sheet: str | None = None, bom: bool | None = None, select: Selection = Selection(),
               prefix: str = "", notify: Notify | None = None, prior: float | None = None) -> ScoreSummary:
    """Score every row of an export and write it with ``trade_score``, ``trade_flag`` and ``trade_terms``.

    ``input`` is a CSV, TSV, JSON Lines, .xlsx or Parquet file, or ``"-"`` for standard input (rows are
    scored as they arrive); ``output`` a .csv, .tsv, .jsonl or .parquet file or ``"-"`` for standard output,
    by default ``NAME.scored.csv`` next to the input. ``model`` is a Model or a model folder (the shipped
    model if None); ``jobs`` worker processes score chunks in parallel (all cores if None), or ``submitter``
    sends them elsewhere (a Dask cluster: see :func:`wildtrade_clf.distributed.score_files`). Rows come out in
    input order.
    ``bom`` forces a UTF-8 BOM on CSV output (None: when the input had one, was GB or Big5, or was .xlsx);
    ``select`` chooses rows and columns; ``prefix`` goes before the added columns' names. ``prior`` restates
    the scores for a feed whose share of trade it is (see :meth:`Model.score`); the flags stay the same unless
    ``threshold`` is given too (it is then compared with the restated scores).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "posts.csv").write_text("id,text\\n1,出老犀角杯，加V详谈\\n2,周末去看大象\\n", encoding="utf-8")
    >>> summary = score_file(folder / "posts.csv", jobs=1)
    >>> summary.rows, summary.flagged, summary.families
    (2, 1, {'rhino_horn': 1})
    >>> (folder / "posts.scored.csv").read_text(encoding="utf-8").splitlines()[0]
    'id,text,trade_score,trade_flag,trade_terms'
    """
    start = time.monotonic()
    input = str(input)
    output = str(output) if output is not None else default_output(input, "csv" if input == STDIO else
                                                                   input_kind(input))
    run = _Run(model, threshold, jobs, chunk_rows, submitter, select, prefix, progress, notify, prior)
    check_not_input(output, [input])
    keyed = output == STDIO or Path(output).suffix.lower() in (".jsonl", ".ndjson")
    with open_table(input, encoding, delimiter, sheet, uniform_keys=not keyed) as table:
        fmt = output_format(output, table.kind)
        columns, keep, added = run.prepare(table, text_cols, fmt)
        summary = ScoreSummary(0, 0, 0.0, output, input)
        writer = _writer(table, output, fmt, keep, added, bom)
        try:
            run.score(table, writer, columns, keep, added, summary, text_cols)
            writer.commit()
        except BaseException:
            writer.discard()
            raise
    summary.seconds = time.monotonic() - start
    return summary


def output_paths(inputs: Sequence[str], output: str | None) -> list[str]:
    """Where each of several inputs is written: ``NAME.scored.csv`` next to it, or in the folder ``output``."""
    if output == STDIO:
        raise InputError("several inputs cannot all go to standard output; add --concat to write them as one")
    if output is not None and Path(output).exists() and not Path(output).is_dir():
        raise InputError(f"with several inputs, -o names a folder for the scored files; {output} is a file (add "
                         f"--concat to write all inputs into it)")
    if output is not None:
        Path(output).mkdir(parents=True, exist_ok=True)
    paths = [default_output(path, input_kind(path)) for path in inputs]
    if output is not None:
        paths = [str(Path(output) / Path(path).name) for path in paths]
    seen: dict[str, str] = {}
    for source, path in zip(inputs, paths, strict=False):
        if path in seen:
            raise InputError(f"{seen[path]} and {source} would both be written to {path}; rename one or score them "
                             f"separately")
        seen[path] = source
    return paths


def score_inputs(inputs: Sequence[str], output: str | None = None, *, concat: bool = False,
                 **options) -> list[ScoreSummary]:
    """Score several exports (paths or glob patterns such as ``'exports/*.csv'``), each to its own output
    (next to it, or in the folder ``output``), or with ``concat`` all into ``output`` one after another
    (they must have the same columns). ``options`` are :func:`score_file`'s."""
    paths = expand_inputs(inputs)
    if not concat:
        if len(paths) == 1 and not (output is not None and Path(output).is_dir()):
            return [score_file(paths[0], output, **options)]
        model = options.pop("model", None)
        loaded = as_model(model)
        return [score_file(path, out, model=loaded, **options) for path, out in zip(paths, output_paths(paths, output), strict=False)]
    if output is None:
        raise InputError("--concat writes every input into one output: give it with -o (a file, or - for stdout)")
    return [_concatenated(paths, output, **options)]


def _concatenated(paths: list[str], output: str, text_cols: Sequence[str] = (), model=None,
                  threshold: float | None = None, encoding: str | None = None, jobs: int | None = None,
                  chunk_rows: int = CHUNK_ROWS, progress: Progress | None = None, *, delimiter: str | None = None,
                  sheet: str | None = None, bom: bool | None = None, select: Selection = Selection(),
                  prefix: str = "", notify: Notify | None = None, prior: float | None = None) -> ScoreSummary:
    start = time.monotonic()
    check_not_input(output, paths)
    run = _Run(model, threshold, jobs, chunk_rows, None, select, prefix, progress, notify, prior)
    keyed = output == STDIO or Path(output).suffix.lower() in (".jsonl", ".ndjson")
    summary = ScoreSummary(0, 0, 0.0, output, ", ".join(paths))
    writer: Writer | None = None
    first: tuple[str, list[str]] = ("", [])  # the first input and its header, set with the writer
    try:
        for path in paths:
            with open_table(path, encoding, delimiter, sheet, uniform_keys=not keyed) as table:
                fmt = output_format(output, table.kind)
                columns, keep, added = run.prepare(table, text_cols, fmt)
                header = [table.header[i] for i in keep]
                if writer is None:
                    writer, first = _writer(table, output, fmt, keep, added, bom), (path, header)
                elif header != first[1]:
                    raise InputError(f"--concat needs the same columns in every input; {path} has "
                                     f"{', '.join(map(repr, header))}, {first[0]} has "
                                     f"{', '.join(map(repr, first[1]))}")
                run.score(table, writer, columns, keep, added, summary, text_cols)
        assert writer is not None  # expand_inputs gives at least one path
        writer.commit()
    except BaseException:
        if writer is not None:
            writer.discard()
        raise
    summary.seconds = time.monotonic() - start
    return summary
