"""Score CSV/TSV exports in chunks, keeping every row and every column exactly as it came in.

Reading: the encoding is sniffed from the first 64 KB (BOM, UTF-8, else GB18030, a superset of GBK) and the
delimiter from the extension (.tsv/.tab) or the header line; every cell is read as the string it was, so ids
with leading zeros, "NA" or "null" survive unchanged. Writing goes to a temporary file in the output's folder
that replaces the output only once every row is written.
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import functools
import gc
import io
import itertools
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple
from pathlib import Path

import numpy as np
import pandas as pd

from .atomic import staging_file
from .errors import InputError
from .predictor import Model, load_model

STDIO = "-"
SNIFF_BYTES = 1 << 16
CHUNK_ROWS = 5000
MIN_CHUNKS_FOR_WORKERS = 4
NEW_COLUMNS = ("trade_score", "trade_flag", "trade_terms")
TERMS_SEPARATOR = "|"
DEFAULT_TEXT_COLUMN = "text"
# A real export has posts of kilobytes and tens of columns; a line of gigabytes or a header of a million
# columns is a wrong or hostile file, refused before it can fill the memory.
MAX_LINE_BYTES = 64 << 20
MAX_COLUMNS = 10_000

Progress = Callable[[int, int, "int | None"], None]
"""Called after each chunk with rows done, bytes read and the input's size in bytes (None if unknown)."""


@dataclass
class ScoreSummary:
    """What a scoring run did."""

    rows: int
    flagged: int
    seconds: float
    output: str


class _Prepended(io.RawIOBase):
    """A byte stream that replays bytes already read (the sniffed head) before the rest of ``stream``, and
    stops with an InputError at a line longer than ``MAX_LINE_BYTES``."""

    def __init__(self, head: bytes, stream, name: str = "the input") -> None:
        self._head = memoryview(head)
        self._stream = stream
        self._name = name
        self._line_bytes = 0
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
        else:
            data = self._stream.read(len(buffer))
            n = len(data)
            buffer[:n] = data
        self.consumed += n
        last_newline = bytes(buffer[:n]).rfind(b"\n")
        self._line_bytes = n - last_newline - 1 if last_newline >= 0 else self._line_bytes + n
        if self._line_bytes > MAX_LINE_BYTES:
            raise InputError(f"{self._name} has a line longer than {MAX_LINE_BYTES >> 20} MB (before byte "
                             f"{self.consumed:,}); it does not look like a CSV export of posts")
        return n


def detect_encoding(head: bytes) -> str:
    """The encoding of a file whose first bytes are ``head``: utf-8-sig, utf-16, utf-8 or gb18030.

    >>> detect_encoding("犀角".encode("gbk"))
    'gb18030'
    >>> detect_encoding(codecs.BOM_UTF8 + "犀角".encode())
    'utf-8-sig'
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            # Not final: the 64 KB cut may fall inside a character.
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    if best is None:
        raise InputError("cannot tell the file's text encoding; give it with --encoding (e.g. utf-8, gb18030)")
    return best.encoding


def detect_delimiter(name: str, head_text: str) -> str:
    """Tab for .tsv/.tab files, else tab or comma, whichever the header line has more of.

    >>> detect_delimiter("posts.csv", "id\\ttext\\n1\\thello")
    '\\t'
    """
    if Path(name).suffix.lower() in (".tsv", ".tab"):
        return "\t"
    first_line = head_text.split("\n", 1)[0]
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


class Table:
    """An open CSV/TSV file (or stdin for ``-``) read in chunks of strings, with its header.

    ``header`` is the first row exactly as written (duplicate or blank names included); ``chunks()`` yields
    DataFrames whose columns are positions 0..n-1 and whose cells are all strings.
    """

    def __init__(self, path: str | os.PathLike, encoding: str | None = None, chunk_rows: int = CHUNK_ROWS):
        self.name = str(path)
        self.size: int | None = None
        if self.name == STDIO:
            binary = sys.stdin.buffer
        else:
            file = Path(path)
            if file.is_dir():
                raise InputError(f"{file} is a folder; give a CSV or TSV file")
            if file.suffix.lower() in (".parquet", ".xlsx", ".xls"):
                raise InputError(f"{file.name}: only CSV and TSV files can be read; save it as CSV (UTF-8) first")
            try:
                binary = open(file, "rb")  # noqa: SIM115 - closed by close()
            except FileNotFoundError:
                raise InputError(f"input file {file} does not exist") from None
            except OSError as error:
                raise InputError(f"cannot open {file}: {error.strerror}") from None
            self.size = file.stat().st_size
        self._binary = binary
        self._rows_read = 0
        try:
            self._open(encoding, chunk_rows)
        except BaseException:
            self.close()
            raise

    def _open(self, encoding: str | None, chunk_rows: int) -> None:
        head = self._binary.read(SNIFF_BYTES)
        while b"\n" not in head and len(head) <= MAX_LINE_BYTES:  # the whole header line, to count its columns
            more = self._binary.read(SNIFF_BYTES)
            if not more:
                break
            head += more
        self._raw = _Prepended(head, self._binary, self.name)
        self.encoding = encoding or detect_encoding(head)
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise InputError(f"unknown encoding {self.encoding!r}; try utf-8, gbk or gb18030") from None
        sniffed = head.decode(self.encoding, errors="replace").lstrip("\ufeff")
        self.delimiter = detect_delimiter(self.name, sniffed)
        header_line = head.split(b"\n", 1)[0]
        if len(header_line) > MAX_LINE_BYTES:
            raise InputError(f"the first line of {self.name} is longer than {MAX_LINE_BYTES >> 20} MB; it does not "
                             f"look like a CSV export of posts")
        if header_line.count(self.delimiter.encode()) >= MAX_COLUMNS:
            raise InputError(f"{self.name} has more than {MAX_COLUMNS:,} columns; it does not look like an export "
                             f"of posts (is the delimiter right?)")
        text = io.TextIOWrapper(io.BufferedReader(self._raw), encoding=self.encoding, newline="")
        with self._translated_errors():
            # header=None: the header is taken as written; pandas would rename blank and duplicate names.
            self._reader = pd.read_csv(text, sep=self.delimiter, header=None, dtype=str, na_filter=False,
                                       skip_blank_lines=False, chunksize=chunk_rows, engine="c")
            self.header = [str(name) for name in self._reader.get_chunk(1).iloc[0]]
        # A BOM read with --encoding utf-8 would otherwise stick to the first column's name.
        self.had_bom = self.encoding.lower().replace("_", "-") in ("utf-8-sig", "utf-16") or \
            self.header[0].startswith("\ufeff")
        self.header[0] = self.header[0].lstrip("\ufeff")

    @property
    def bytes_read(self) -> int:
        return self._raw.consumed

    def column_index(self, name: str) -> int:
        """Position of the column called ``name``, or an error naming the columns that exist."""
        if name in self.header:
            return self.header.index(name)
        raise InputError(f"column {name!r} not found in {self.name}; its columns are: "
                         f"{', '.join(repr(h) for h in self.header)}")

    def text_columns(self, names: Sequence[str]) -> list[int]:
        """Positions of the text columns; with none named, the ``text`` column or the only column."""
        if names:
            return [self.column_index(name) for name in names]
        if DEFAULT_TEXT_COLUMN in self.header:
            return [self.header.index(DEFAULT_TEXT_COLUMN)]
        if len(self.header) == 1:
            return [0]
        raise InputError(f"name the column holding the posts with --text-col; the columns of {self.name} are: "
                         f"{', '.join(repr(h) for h in self.header)}")

    def chunks(self) -> Iterator[pd.DataFrame]:
        """The data rows in chunks; raises InputError naming the line of a malformed row."""
        while True:
            with self._translated_errors():
                chunk = next(self._reader, None)
            if chunk is None:
                return
            self._rows_read += len(chunk)
            yield chunk

    def read_all(self) -> pd.DataFrame:
        """Every data row at once, columns named as in the header (for training and evaluation)."""
        parts = list(self.chunks())
        frame = pd.concat(parts) if parts else pd.DataFrame(columns=range(len(self.header)), dtype=str)
        frame.columns = self.header
        return frame.reset_index(drop=True)

    @contextlib.contextmanager
    def _translated_errors(self) -> Iterator[None]:
        """pandas' and the codec's errors as InputErrors a non-programmer can act on."""
        try:
            yield
        except pd.errors.EmptyDataError:
            raise InputError(f"{self.name} is empty: it has no header row and no posts") from None
        except UnicodeDecodeError:
            raise InputError(f"{self.name} is not valid {self.encoding} text (past data row {self._rows_read}); "
                             f"give the right encoding with --encoding (e.g. gb18030 or utf-8)") from None
        except pd.errors.ParserError as error:
            detail = str(error).strip().replace("Error tokenizing data. C error: ", "")
            raise InputError(f"{self.name} is not well-formed {_kind(self.delimiter)}: {detail}. Check the quotes "
                             f"and the number of fields on that line") from None

    def close(self) -> None:
        if self._binary is not sys.stdin.buffer:
            self._binary.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _kind(delimiter: str) -> str:
    return "TSV" if delimiter == "\t" else "CSV"


def join_texts(frame: pd.DataFrame, columns: Sequence) -> list[str]:
    """One post per row: the non-blank cells of ``columns`` joined by a space (e.g. title and description).

    >>> join_texts(pd.DataFrame({"t": ["象牙", ""], "d": ["私聊", "x"]}), ["t", "d"])
    ['象牙 私聊', 'x']
    """
    cells = [frame[c].tolist() for c in columns]
    return [" ".join(s for s in row if isinstance(s, str) and s.strip()) for row in zip(*cells)]


def default_output(input_path: str) -> str:
    """``NAME.scored.csv`` next to the input; stdout for stdin.

    >>> default_output("exports/day1.tsv"), default_output("-")
    ('exports/day1.scored.csv', '-')
    """
    if input_path == STDIO:
        return STDIO
    path = Path(input_path)
    return str(path.with_name(f"{path.stem}.scored.csv"))


def output_format(path: str, input_delimiter: str) -> str:
    """'csv', 'tsv' or 'parquet' from the output's extension; stdout keeps the input's delimiter.

    >>> output_format("out.tsv", ","), output_format("-", "\\t")
    ('tsv', 'tsv')
    """
    if path == STDIO:
        return "tsv" if input_delimiter == "\t" else "csv"
    suffix = Path(path).suffix.lower()
    formats = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "tsv" if input_delimiter == "\t" else "csv",
               ".parquet": "parquet"}
    if suffix not in formats:
        raise InputError(f"cannot tell the output format from {Path(path).name!r}; end the name with .csv, .tsv "
                         f"or .parquet")
    return formats[suffix]


# Scoring is done by module-level functions so that worker processes can run them.
_worker_model: Model | None = None


def _init_worker(model: Model | str | None) -> None:
    global _worker_model
    _worker_model = model if isinstance(model, Model) else load_model(model)


def _score_texts(texts: list[str], model: Model | None = None) -> tuple[np.ndarray, list[str]]:
    model = model or _worker_model
    scores, families = model.score_with_terms(texts)
    scored = scores, [TERMS_SEPARATOR.join(found) for found in families]
    # Scoring leaves reference cycles behind; left to the collector's own schedule they pile up and the
    # peak memory grows with the file's length (about +25% at a million rows). ~40 ms per chunk.
    gc.collect()
    return scored


class _Writer:
    """Writes scored chunks as CSV, TSV or Parquet to a temporary file, moved onto ``path`` by ``commit``."""

    def __init__(self, path: str, fmt: str, header: list[str], bom: bool):
        self.path, self.format, self.header = path, fmt, header + list(NEW_COLUMNS)
        self._parquet = None
        if fmt == "parquet":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise InputError("writing Parquet needs pyarrow: run `pip install pyarrow`, or write .csv") from None
        if path == STDIO:
            self._tmp = None
            self._handle = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
        else:
            folder = Path(path).resolve().parent
            if not folder.is_dir():
                raise InputError(f"cannot write {path}: folder {folder} does not exist")
            if Path(path).is_dir():
                raise InputError(f"cannot write {path}: it is a folder")
            fd, self._tmp = staging_file(path)
            self._handle = open(fd, "wb" if fmt == "parquet" else "w", **(
                {} if fmt == "parquet" else {"encoding": "utf-8-sig" if bom else "utf-8", "newline": ""}))
        self._started = False

    def write(self, frame: pd.DataFrame) -> None:
        if self.format == "parquet":
            self._write_parquet(frame)
        else:
            frame.to_csv(self._handle, sep="\t" if self.format == "tsv" else ",", index=False, lineterminator="\n",
                         header=self.header if not self._started else False, float_format="%.6f")
        self._started = True

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_arrays([pa.array(frame[c]) for c in frame.columns], names=self.header)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._handle, table.schema)
        self._parquet.write_table(table)

    def commit(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._tmp is None:
            self._handle.flush()
            self._handle.detach()
            return
        self._handle.close()
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        if self._tmp is None:
            self._handle.detach()
            return
        self._handle.close()
        Path(self._tmp).unlink(missing_ok=True)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def _release_memory() -> None:
    """Give the memory freed by the last chunk back to the system.

    pandas keeps strings in pyarrow, whose allocator, like glibc's, holds on to freed memory; without this the
    peak grows with the file's length (about +20% at a million rows) instead of staying flat.
    """
    pyarrow = sys.modules.get("pyarrow")
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class Cluster(NamedTuple):
    """A Dask client, the model already sent to its workers, and how many workers there are."""

    client: object
    model: object
    workers: int


def _empty(width: int) -> pd.DataFrame:
    """No rows, the input's columns as strings plus the three new ones, for a header-only input."""
    frame = pd.DataFrame({i: pd.Series(dtype=str) for i in range(width)})
    frame[width], frame[width + 1], frame[width + 2] = (pd.Series(dtype="float64"), pd.Series(dtype="int8"),
                                                        pd.Series(dtype=str))
    return frame


def score_file(input: str | os.PathLike, output: str | os.PathLike | None = None, text_cols: Sequence[str] = (),
               model: Model | str | os.PathLike | None = None, threshold: float | None = None,
               encoding: str | None = None, jobs: int | None = None, chunk_rows: int = CHUNK_ROWS,
               progress: Progress | None = None, cluster: Cluster | None = None) -> ScoreSummary:
    """Score every row of a CSV/TSV file and write it with ``trade_score``, ``trade_flag`` and ``trade_terms``.

    ``input`` and ``output`` may be ``"-"`` for stdin/stdout; without ``output`` the result goes to
    ``NAME.scored.csv`` next to the input. ``model`` is a Model or a model folder (the shipped model if None);
    ``jobs`` worker processes score chunks in parallel (all cores if None), or the workers of a Dask
    ``cluster`` (see :func:`wildtrade_clf.distributed.score_files`). Rows come out in input order.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "posts.csv").write_text("id,text\\n1,出老犀角杯，加V详谈\\n2,周末去看大象\\n", encoding="utf-8")
    >>> summary = score_file(folder / "posts.csv", jobs=1)
    >>> summary.rows, summary.flagged
    (2, 1)
    >>> (folder / "posts.scored.csv").read_text(encoding="utf-8").splitlines()[0]
    'id,text,trade_score,trade_flag,trade_terms'
    """
    start = time.monotonic()
    input, output = str(input), str(output) if output is not None else default_output(str(input))
    if threshold is not None and not 0 <= threshold <= 1:
        raise InputError(f"the threshold must be between 0 and 1, not {threshold}")
    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {jobs}")
    loaded = model if isinstance(model, Model) else load_model(model)
    cut = loaded.threshold if threshold is None else float(threshold)
    with Table(input, encoding, chunk_rows) as table:
        columns = table.text_columns(text_cols)
        clash = [name for name in NEW_COLUMNS if name in table.header]
        if clash:
            raise InputError(f"{input} already has a {clash[0]!r} column (was it scored before?); rename or drop "
                             f"it first")
        fmt = output_format(output, table.delimiter)
        writer = _Writer(output, fmt, table.header, bom=table.had_bom or table.encoding.lower().startswith("gb"))
        rows = flagged = 0
        try:
            for chunk, (scores, terms) in _scored(table.chunks(), columns, loaded, model, jobs, cluster):
                flags = (scores >= cut).astype(np.int8)
                chunk = chunk.copy()
                width = len(table.header)
                chunk[width], chunk[width + 1], chunk[width + 2] = scores, flags, terms
                writer.write(chunk)
                rows += len(chunk)
                flagged += int(flags.sum())
                _release_memory()
                if progress:
                    progress(rows, table.bytes_read, table.size)
            if not rows:
                writer.write(_empty(len(table.header)))
            writer.commit()
        except BaseException:
            writer.discard()
            raise
    return ScoreSummary(rows, flagged, time.monotonic() - start, output)


def _scored(chunks: Iterator[pd.DataFrame], columns: list[int], loaded: Model, model_spec, jobs: int,
            cluster: Cluster | None = None):
    """(chunk, (scores, terms)) in input order: on a Dask cluster, in worker processes once there is more than
    one chunk, or in this process."""
    if cluster is not None:
        yield from _in_order(chunks, columns, lambda texts: cluster.client.submit(
            _score_texts, texts, cluster.model, pure=False), limit=2 * cluster.workers)
        return
    # Starting workers costs about a second each: a file of a few chunks is scored sooner in this process.
    head = list(itertools.islice(chunks, MIN_CHUNKS_FOR_WORKERS))
    everything = itertools.chain(head, chunks)
    if len(head) < MIN_CHUNKS_FOR_WORKERS or jobs == 1:
        for chunk in everything:
            yield chunk, _score_texts(join_texts(chunk, columns), loaded)
        return
    spec = model_spec if isinstance(model_spec, Model) or model_spec is None else str(model_spec)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(spec,)) as pool:
        yield from _in_order(everything, columns, lambda texts: pool.submit(_score_texts, texts), limit=2 * jobs)


def _in_order(chunks: Iterator[pd.DataFrame], columns: list[int], submit, limit: int):
    """Submit each chunk's texts, yield (chunk, result) in input order with at most ``limit`` in flight."""
    pending: deque[tuple[pd.DataFrame, Future]] = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, submit(join_texts(chunk, columns))))
            # A bounded number of chunks in flight keeps memory flat however long the file is.
            if len(pending) >= limit:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    except BaseException:
        for _, future in pending:
            future.cancel()
        raise
