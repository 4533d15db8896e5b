"""Write scored rows as CSV, TSV, JSON Lines or Parquet, to standard output as they come or to a temporary file
in the output's folder that replaces the output only once every row is written."""

from __future__ import annotations

import functools
import io
import json
import math
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from .atomic import staging_file
from .errors import InputError
from .readers import STDIO, is_missing

if TYPE_CHECKING:
    import pyarrow.parquet as pq

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def default_output(input_path: str, kind: str = "csv") -> str:
    """``NAME.scored.csv`` next to the input (``.jsonl`` and ``.parquet`` for those inputs); stdout for stdin.

    >>> default_output("exports/day1.tsv"), default_output("a.jsonl", "jsonl"), default_output("-")
    ('exports/day1.scored.csv', 'a.scored.jsonl', '-')
    """
    if input_path == STDIO:
        return STDIO
    path = Path(input_path)
    return str(path.with_name(f"{path.stem}.scored.{kind if kind in ('jsonl', 'parquet') else 'csv'}"))


def output_format(path: str, input_kind: str, allowed: Sequence[str] = ("csv", "tsv", "jsonl", "parquet")) -> str:
    """'csv', 'tsv', 'jsonl' or 'parquet' from the output's extension; standard output takes the input's format.

    >>> output_format("out.tsv", "csv"), output_format("-", "jsonl"), output_format("out.txt", "tsv")
    ('tsv', 'jsonl', 'tsv')
    """
    if path == STDIO:
        return input_kind if input_kind in ("csv", "tsv", "jsonl") else "csv"
    suffix = Path(path).suffix.lower()
    fmt = FORMATS.get(suffix) or ({"tsv": "tsv"}.get(input_kind, "csv") if suffix == ".txt" else None)
    if fmt is None or fmt not in allowed:
        shown = ", ".join(f".{name}" for name in allowed)
        excel = " (add --excel so that Excel shows Chinese correctly)" if suffix in (".xlsx", ".xls") else ""
        raise InputError(f"cannot tell the output format from {Path(path).name!r}; end the name with {shown}{excel}")
    return fmt


def check_not_input(output: str, inputs: Sequence[str]) -> None:
    """Refuse an output that is one of the inputs (by inode: hard links and symlinks too)."""
    if output == STDIO or not os.path.exists(output):
        return
    for source in inputs:
        if source != STDIO and os.path.exists(source) and os.path.samefile(source, output):
            raise InputError(f"the output {output} is the input file {source}: writing it would replace your data; "
                             f"give -o another name")


def new_columns(source: str, header: Sequence[str], names: Sequence[str], prefix: str = "",
                other_option: str = "") -> list[str]:
    """The names of the columns a command adds to the columns ``header`` of ``source`` (``prefix`` before
    each); refused when one is already there, since writing it would change the user's data.

    ``other_option`` names a further way out, e.g. "or leave the old one out with --columns".

    >>> new_columns("in.csv", ["id", "text"], ["trade_score"], prefix="v2_")
    ['v2_trade_score']
    """
    chosen = [prefix + name for name in names]
    for name in chosen:
        if name in header:
            extra = f", {other_option}" if other_option else ""
            raise InputError(f"{source} already has a {name!r} column (was it scored before?); to keep it "
                             f"unchanged, name the new columns apart with --prefix, e.g. --prefix new_{extra}")
    return chosen


def format_score(value: float) -> str:
    """A score as written to text outputs: six decimals.

    >>> format_score(0.1234567)
    '0.123457'
    """
    return f"{value:.6f}"


def cell_text(value: object) -> str:
    """A cell as CSV text: strings as they are, missing values empty, other JSON and Parquet values as JSON.

    >>> cell_text("007"), cell_text(None), cell_text(12), cell_text(True), cell_text({"a": [1]})
    ('007', '', '12', 'true', '{"a": [1]}')
    """
    if isinstance(value, str):
        return value
    if is_missing(value):
        return ""
    if isinstance(value, (bool, int, float, list, dict)) and not (isinstance(value, float) and math.isinf(value)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@functools.cache
def _needs_quotes(delimiter: str) -> re.Pattern:
    return re.compile(f'[{re.escape(delimiter)}"\n\r]')


def _csv_line(cells: Sequence[str], delimiter: str, line_ending: str) -> str:
    # The csv module quotes a field holding a lone "\r" only when "\r" is in the line terminator, and a
    # reader then splits the row there; so each field is quoted here when it holds any line-break character.
    special = _needs_quotes(delimiter).search
    fields = [f'"{cell.replace(chr(34), chr(34) * 2)}"' if special(cell) else cell for cell in cells]
    if fields == [""]:
        fields = ['""']  # a row of one empty cell, which would otherwise read back as a blank line
    return delimiter.join(fields) + line_ending


class Writer:
    """Writes rows (input cells, then the added values) to ``path`` or standard output.

    CSV and TSV keep the input's delimiter and line ending (``bom`` puts a UTF-8 BOM first, for Excel); JSON
    Lines write each input object with the added keys; Parquet keeps the input's column types when it was
    Parquet (``schema``) and writes text otherwise.
    """

    def __init__(self, path: str, fmt: str, header: Sequence[str], added: Sequence[str], *, delimiter: str = ",",
                 line_ending: str = "\n", bom: bool = False, schema=None):
        self.path, self.format = path, fmt
        self.header, self.added = list(header), list(added)
        # A .csv keeps a CSV input's , ; or | (what the user's Excel reads); a TSV input written as .csv gets commas.
        self.delimiter = "\t" if fmt == "tsv" else "," if delimiter == "\t" else delimiter
        self.line_ending = line_ending if fmt in ("csv", "tsv") else "\n"
        self._schema_in = schema
        self._parquet: pq.ParquetWriter | None = None
        self._tmp = None
        # Text for CSV, TSV and JSON Lines; a binary file that pyarrow writes for Parquet.
        self._handle: IO[Any]
        if fmt == "parquet":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise InputError("writing Parquet needs pyarrow: run `pip install pyarrow`, or write .csv") from None
        if path == STDIO:
            self._handle = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8-sig" if bom else "utf-8",
                                            newline="", write_through=True)
        else:
            folder = Path(path).resolve().parent
            if not folder.is_dir():
                raise InputError(f"cannot write {path}: folder {folder} does not exist")
            if Path(path).is_dir():
                raise InputError(f"cannot write {path}: it is a folder")
            fd, self._tmp = staging_file(path)
            handle = open(fd, "wb") if fmt == "parquet" else open(  # noqa: SIM115 - closed by commit()
                fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")
            self._handle = cast(IO[Any], handle)
        if fmt in ("csv", "tsv"):
            self._handle.write(_csv_line([*self.header, *self.added], self.delimiter, self.line_ending))

    def write(self, rows: Sequence[Sequence], added: Sequence[Sequence], records: Sequence[dict] | None = None) -> None:
        """Write ``rows`` with the ``added`` columns (one sequence per added column); for JSON Lines input,
        ``records`` are the objects as read, written whole."""
        if self.format == "parquet":
            self._write_parquet(rows, added)
            return
        extras = list(zip(*added, strict=False)) if added else [()] * len(rows)
        if self.format == "jsonl":
            objects = records if records is not None else [dict(zip(self.header, row, strict=False)) for row in rows]
            self._handle.write("".join(
                json.dumps({**obj, **dict(zip(self.added, values, strict=False))}, ensure_ascii=False, default=str) + "\n"
                for obj, values in zip(objects, extras, strict=False)))
        else:
            self._handle.write("".join(
                _csv_line([cell_text(cell) for cell in row] +
                          [format_score(v) if isinstance(v, float) else str(v) for v in values],
                          self.delimiter, self.line_ending) for row, values in zip(rows, extras, strict=False)))
        if self.path == STDIO:
            sys.stdout.buffer.flush()  # rows go out as they are scored

    def _write_parquet(self, rows: Sequence[Sequence], added: Sequence[Sequence]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            fields = list(self._schema_in) if self._schema_in is not None else [
                pa.field(name, pa.string()) for name in self.header]
            fields += [pa.field(self.added[0], pa.float64()), pa.field(self.added[1], pa.int8())] + [
                pa.field(name, pa.string()) for name in self.added[2:]]
            self._parquet = pq.ParquetWriter(self._handle, pa.schema(fields))
        schema = self._parquet.schema
        columns = [list(column) for column in zip(*rows, strict=False)] if rows else [[] for _ in self.header]
        arrays = [pa.array(values if self._schema_in is not None else [cell_text(v) for v in values],
                           type=schema.field(i).type) for i, values in enumerate(columns)]
        arrays += [pa.array(list(values), type=schema.field(len(self.header) + i).type)
                   for i, values in enumerate(added)]
        self._parquet.write_table(pa.Table.from_arrays(arrays, schema=schema))

    def commit(self) -> None:
        """Finish: the output is complete (a file replaces ``path`` only now)."""
        if self.format == "parquet" and self._parquet is None:
            self._write_parquet([], [[] for _ in self.added])
        if self._parquet is not None:
            self._parquet.close()
        if self._tmp is None:
            assert isinstance(self._handle, io.TextIOWrapper)  # the wrapper of standard output
            self._handle.flush()
            self._handle.detach()
            return
        self._handle.close()
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        """Give up: a file output is left as it was."""
        if self._parquet is not None:
            self._parquet.close()
        if self._tmp is None:
            assert isinstance(self._handle, io.TextIOWrapper)  # the wrapper of standard output
            try:
                self._handle.detach()
            except ValueError:
                pass
            return
        self._handle.close()
        Path(self._tmp).unlink(missing_ok=True)


def write_frame(frame, path: str, *, fmt: str = "csv", delimiter: str = ",", line_ending: str = "\n",
                bom: bool = False) -> None:
    """Write a DataFrame of text cells as CSV or TSV, atomically ('-' for stdout): suggest's and audit's lists."""
    writer = Writer(path, fmt, [str(name) for name in frame.columns], [], delimiter=delimiter,
                    line_ending=line_ending, bom=bom)
    try:
        writer.write(frame.to_numpy(dtype=object).tolist(), [])
        writer.commit()
    except BaseException:
        writer.discard()
        raise
