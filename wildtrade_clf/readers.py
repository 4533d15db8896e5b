"""Read exports as rows of cells, every cell exactly as it was: CSV and TSV (any of , ; | and tab, from a file
or standard input), JSON Lines, Excel workbooks (.xlsx) and Parquet.

CSV cells are the strings written, so ids with leading zeros, "NA" or "null" survive unchanged; JSON Lines and
Parquet cells keep their types. The encoding of a text file is detected (see :mod:`wildtrade_clf.encodings`)
from its head or, when the head is plain ASCII, from its first non-ASCII bytes however far in; the delimiter
from the extension (.tsv/.tab) or the header line.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import json
import math
import os
import queue
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, NoReturn, cast

from .encodings import check_encoding, detect_encoding, is_chinese_legacy
from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

STDIO = "-"
SNIFF_BYTES = 1 << 16
CHUNK_ROWS = 5000
# A real export has posts of kilobytes and tens of columns; a line of gigabytes or a header of a million
# columns is a wrong or hostile file, refused before it can fill the memory.
MAX_LINE_BYTES = 64 << 20
MAX_COLUMNS = 10_000
DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
# Header names that hold the posts when no --text-col is given, most likely first: "text" in any case and
# spacing, then the usual Chinese headers (simplified and traditional), then the title as a last resort.
TEXT_COLUMN_NAMES = ("text", "内容", "內容", "正文", "帖子", "文本", "标题", "標題")
# The first bytes of files that are not text, and what they are.
_MAGIC = {b"PK\x03\x04": "an Excel workbook (.xlsx) or another zip file", b"PAR1": "a Parquet file",
          b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)"}
_EXTENSIONS = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
               ".xlsx": "xlsx", ".xlsm": "xlsx", ".parquet": "parquet", ".pq": "parquet"}


class Chunk(NamedTuple):
    """Data rows: their cells by header position, the position of the first among all data rows (0 for the
    first), the share of the input read once they were (None if unknown), for JSON Lines the objects as read,
    and each row's position when the rows are not consecutive (a sample)."""

    rows: list[list]
    start: int
    done: float | None
    records: list[dict] | None = None
    positions: list[int] | None = None


def parse_delimiter(value: str) -> str:
    """The delimiter named on the command line: one character, or tab, comma, semicolon, pipe.

    >>> parse_delimiter("tab"), parse_delimiter(";")
    ('\\t', ';')
    """
    delimiter = DELIMITER_NAMES.get(value.lower(), value)
    if len(delimiter) != 1 or delimiter in "\r\n\"":
        raise InputError(f"--delimiter takes one character (e.g. ';' or '|') or tab, not {value!r}")
    return delimiter


def detect_delimiter(name: str, header_line: str) -> str:
    """Tab for .tsv/.tab files, else whichever of comma, tab, semicolon and pipe the header line has most of
    outside quotes (comma when it has none).

    >>> detect_delimiter("posts.csv", "id;text;\\"a,b\\"")
    ';'
    >>> detect_delimiter("posts.tab", "id,text")
    '\\t'
    """
    if Path(name).suffix.lower() in (".tsv", ".tab"):
        return "\t"
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=counts.__getitem__)  # the earlier one wins a tie: comma first
    return best if counts[best] else ","


def input_kind(path: str) -> str:
    """'csv', 'tsv', 'jsonl', 'xlsx' or 'parquet' from a file's extension (CSV when it has another).

    >>> input_kind("a/posts.JSONL"), input_kind("export.xlsx"), input_kind("data.dat")
    ('jsonl', 'xlsx', 'csv')
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".xls":
        raise InputError(f"{Path(path).name} is an old Excel workbook (.xls): open it in Excel and save it as "
                         f".xlsx or CSV UTF-8")
    return _EXTENSIONS.get(suffix, "csv")


class Table:
    """An open export read in chunks of rows.

    ``header`` is the first row (or the first object's keys) exactly as written, duplicate or blank names
    included; ``chunks()`` yields :class:`Chunk` objects whose rows have one cell per header name.
    """

    kind = "csv"
    delimiter = ","
    line_ending = "\n"
    had_bom = False
    streaming = False
    schema: pa.Schema | None = None

    @property
    def encoding(self) -> str | None:
        """The encoding the input is read in (None when it is not text)."""
        return None

    def __init__(self, name: str):
        self.name = name
        self.header: list[str] = []
        self.notes: list[str] = []

    @property
    def bom_for_excel(self) -> bool:
        """Whether a CSV written from this input should start with a BOM: it had one, was in a GB or Big5
        encoding, or came from Excel, and so is likely opened in Excel, which needs the BOM to show Chinese."""
        return self.had_bom or self.kind == "xlsx" or bool(self.encoding and is_chinese_legacy(self.encoding))

    def positions(self, name: str) -> list[int]:
        return [i for i, h in enumerate(self.header) if h == name]

    def column_index(self, name: str) -> int:
        """Position of the column called ``name``; an error naming the columns if there is none, or naming
        both positions if two columns have that name."""
        found = self.positions(name)
        if len(found) == 1:
            return found[0]
        if found:
            self._twins(name, found)
        raise InputError(f"column {name!r} not found in {self.name}; its columns are: {self.listing()}")

    def _twins(self, name: str, found: list[int]) -> NoReturn:
        numbers = ", ".join(str(i + 1) for i in found[:-1]) + f" and {found[-1] + 1}"
        raise InputError(f"{self.name} has {len(found)} columns called {name!r} (columns {numbers}); rename them "
                         f"so it is clear which one to use")

    def listing(self) -> str:
        return ", ".join(repr(h) for h in self.header)

    def check_unique(self) -> None:
        """Refuse a header with a repeated name (for outputs keyed by name: JSON Lines, Parquet)."""
        for name in dict.fromkeys(self.header):
            found = self.positions(name)
            if len(found) > 1:
                self._twins(name, found)

    def text_columns(self, names: Sequence[str]) -> list[int]:
        """Positions of the text columns: those named, else the first of :data:`TEXT_COLUMN_NAMES` found
        (ignoring case and surrounding spaces), else the only column."""
        if names:
            return [self.column_index(name) for name in names]
        exact = self.positions("text")
        if exact:
            return [self.column_index("text")]
        for wanted in TEXT_COLUMN_NAMES:
            found = [i for i, h in enumerate(self.header) if h.strip().casefold() == wanted]
            if len(found) == 1:
                return found
            if found:
                raise InputError(f"{self.name} has several columns that could hold the posts "
                                 f"({', '.join(repr(self.header[i]) for i in found)}); choose one with --text-col")
        if len(self.header) == 1:
            return [0]
        raise InputError(f"name the column holding the posts with --text-col; the columns of {self.name} are: "
                         f"{self.listing()}")

    def chunks(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
        raise NotImplementedError

    def read_all(self) -> pd.DataFrame:
        """Every data row at once, columns named as in the header (for training and evaluation)."""
        import pandas as pd

        rows = [row for chunk in self.chunks() for row in chunk.rows]
        return pd.DataFrame(rows if rows else None, columns=self.header, dtype=object)

    def close(self) -> None:
        """Release the file."""

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_table(path: str | os.PathLike, encoding: str | None = None, delimiter: str | None = None,
               sheet: str | None = None, uniform_keys: bool = True) -> Table:
    """Open a CSV, TSV, JSON Lines, .xlsx or Parquet export (by its extension), or standard input for ``-``
    (CSV, TSV or JSON Lines, told apart by the first character).

    ``uniform_keys``: a JSON Lines object with a key the first object lacks is refused (a table cannot hold
    it); with False such objects are kept whole in ``Chunk.records``.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "posts.csv"
    >>> _ = path.write_bytes("id;内容\\r\\n007;出象牙\\r\\n".encode("gbk"))
    >>> with open_table(path) as table:
    ...     table.header, table.delimiter, table.encoding, repr(table.line_ending), table.text_columns([])
    (['id', '内容'], ';', 'gb18030', "'\\\\r\\\\n'", [1])
    """
    name = str(path)
    kind = "csv" if name == STDIO else input_kind(name)
    if name != STDIO:
        file = Path(path)
        if file.is_dir():
            raise InputError(f"{file} is a folder; give a CSV, TSV, JSON Lines, .xlsx or Parquet file")
        if not file.exists():
            raise InputError(f"input file {file} does not exist")
    if sheet is not None and kind != "xlsx":
        raise InputError(f"--sheet is for Excel workbooks; {name} is not one")
    if kind == "xlsx":
        return ExcelTable(name, sheet)
    if kind == "parquet":
        return ParquetTable(name)
    return TextTable(name, encoding, delimiter, kind, uniform_keys)


class _Source(io.RawIOBase):
    """The input's bytes as UTF-8: the sniffed head replayed, then the rest of the stream, decoded from the
    input's encoding. With no encoding yet (standard input whose head is ASCII), ASCII passes through and
    the encoding is detected at the first non-ASCII bytes. Stops with an InputError at a line longer than
    ``MAX_LINE_BYTES``."""

    def __init__(self, head: bytes, stream, encoding: str | None, name: str):
        self._head = head
        self._stream = stream
        self._name = name
        self._pending = b""
        self._line_bytes = 0
        self._decoder: codecs.IncrementalDecoder | None = None
        self.encoding: str | None = None
        self.consumed = 0
        if encoding:
            self._decide(encoding)

    def _decide(self, encoding: str) -> None:
        self.encoding = encoding
        self._decoder = codecs.getincrementaldecoder(encoding)()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            block = self._next_block(len(buffer))
            if block is None:
                return 0
            self._pending = self._decoded(block)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _next_block(self, size: int) -> bytes | None:
        if self._head:
            block, self._head = self._head, b""
        else:
            # read1: what is there now, so that rows arriving on a pipe are read as they come.
            block = self._stream.read1(max(size, 1 << 14))
        if not block:
            if self._decoder is not None:
                self._decoder.decode(b"", final=True)
            return None
        self.consumed += len(block)
        last_newline = block.rfind(b"\n")
        self._line_bytes = len(block) - last_newline - 1 if last_newline >= 0 else self._line_bytes + len(block)
        if self._line_bytes > MAX_LINE_BYTES:
            raise InputError(f"{self._name} has a line longer than {MAX_LINE_BYTES >> 20} MB (before byte "
                             f"{self.consumed:,}); it does not look like an export of posts")
        return block

    def _decoded(self, block: bytes) -> bytes:
        if self._decoder is None:
            if block.isascii():
                return block
            self._decide(detect_encoding(block[_first_non_ascii(block):], self._name))
        assert self._decoder is not None  # _decide has set it
        text = self._decoder.decode(block)
        return block if self.encoding in ("utf-8", "ascii") else text.encode("utf-8")


def _first_non_ascii(block: bytes) -> int:
    return next(i for i, byte in enumerate(block) if byte > 0x7F)


def _scan_for_non_ascii(binary, start: int) -> bytes:
    """The first ``SNIFF_BYTES`` from the first non-ASCII byte at or after ``start`` of a seekable file
    (empty if it is ASCII throughout); the file is left where it was."""
    binary.seek(start)
    try:
        while block := binary.read(1 << 20):
            if not block.isascii():
                offset = _first_non_ascii(block)
                return block[offset:offset + SNIFF_BYTES] + binary.read(max(0, SNIFF_BYTES - len(block) + offset))
        return b""
    finally:
        binary.seek(start)


class TextTable(Table):
    """A CSV, TSV or JSON Lines file, or standard input (rows are read as they arrive)."""

    def __init__(self, name: str, encoding: str | None, delimiter: str | None, kind: str, uniform_keys: bool):
        super().__init__(name)
        self.uniform_keys = uniform_keys
        self.size: int | None = None
        if name == STDIO:
            # A buffered binary stream (with read1): a BufferedReader, or a BytesIO under test; typeshed says BinaryIO.
            self._binary: io.BufferedIOBase = cast(io.BufferedIOBase, sys.stdin.buffer)
            self.streaming = True
        else:
            try:
                self._binary = open(name, "rb")  # noqa: SIM115 - closed by close()
            except OSError as error:
                raise InputError(f"cannot open {name}: {error.strerror}") from None
            self.size = os.fstat(self._binary.fileno()).st_size
        self._rows_read = 0
        try:
            self._open(encoding, delimiter, kind)
        except BaseException:
            self.close()
            raise

    def _read_head(self) -> bytes:
        head = b""
        # The whole first line, to count its columns; from a pipe, only what has arrived (a stream may pause).
        while b"\n" not in head and len(head) <= MAX_LINE_BYTES:
            more = self._binary.read1(SNIFF_BYTES) if self.streaming else self._binary.read(SNIFF_BYTES)
            if not more:
                break
            head += more
        return head

    def _open(self, encoding: str | None, delimiter: str | None, kind: str) -> None:
        head = self._read_head()
        for magic, what in _MAGIC.items():
            if head.startswith(magic):
                raise InputError(f"{self.name} is {what}, not CSV text: give it a name ending in .xlsx or .parquet, "
                                 f"or save it as CSV")
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise InputError(f"unknown encoding {encoding!r}; try utf-8, gb18030 or big5") from None
            warning = check_encoding(head, encoding, self.name)
            if warning:
                self.notes.append(warning)
        elif not head.isascii() or b"\x00" in head:
            encoding = detect_encoding(head, self.name)
        elif not self.streaming:
            later = _scan_for_non_ascii(self._binary, len(head))
            encoding = detect_encoding(later, self.name) if later else "utf-8"
        self._source = _Source(head, self._binary, encoding, self.name)
        text = io.TextIOWrapper(io.BufferedReader(self._source), encoding="utf-8", newline="")
        first_line = _first_line(head, encoding)
        self.had_bom = first_line.startswith("\ufeff") or bool(encoding and codecs.lookup(encoding).name in
                                                              ("utf-8-sig", "utf-16"))
        first_line = first_line.lstrip("\ufeff")
        self.line_ending = "\r\n" if first_line.endswith("\r\n") else "\n"
        if len(first_line.encode("utf-8", "replace")) > MAX_LINE_BYTES:
            raise InputError(f"the first line of {self.name} is longer than {MAX_LINE_BYTES >> 20} MB; it does not "
                             f"look like an export of posts")
        if self.name == STDIO and first_line.lstrip().startswith("{"):
            kind = "jsonl"
        self.kind = kind
        if kind == "jsonl":
            self._lines = self._json_lines(text)
            with self._translated_errors():
                self._first = next(self._lines, None)
            if self._first is None:
                raise InputError(f"{self.name} is empty: it has no JSON objects")
            self.header = list(self._first[1])
            return
        self.delimiter = parse_delimiter(delimiter) if delimiter else detect_delimiter(self.name, first_line)
        self.kind = "tsv" if self.delimiter == "\t" else "csv"
        if first_line.count(self.delimiter) >= MAX_COLUMNS:
            raise InputError(f"{self.name} has more than {MAX_COLUMNS:,} columns; it does not look like an export "
                             f"of posts (is the delimiter right?)")
        csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
        self._reader = csv.reader(text, delimiter=self.delimiter, quotechar='"', doublequote=True, strict=True)
        with self._translated_errors():
            header = next(self._reader, None)
        if header is None:
            raise InputError(f"{self.name} is empty: it has no header row and no posts")
        header[0] = header[0].lstrip("\ufeff")  # a BOM read with --encoding utf-8 would stick to the name
        self.header = header

    @property
    def encoding(self) -> str | None:
        """The encoding the input is read in (None while a stream has been ASCII throughout)."""
        return self._source.encoding

    def _json_lines(self, text) -> Iterator[tuple[int, dict]]:
        for number, line in enumerate(text, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as error:
                raise InputError(f"line {number} of {self.name} is not valid JSON ({error.msg} at character "
                                 f"{error.pos + 1}); JSON Lines need one object per line") from None
            if not isinstance(value, dict):
                raise InputError(f"line {number} of {self.name} is a JSON {type(value).__name__}, not an object; "
                                 f"JSON Lines need one object per line, e.g. {{\"text\": \"...\"}}")
            yield number, value

    def _rows(self) -> Iterator[tuple[list, dict | None]]:
        width = len(self.header)
        if self.kind == "jsonl":
            known = set(self.header)
            with self._translated_errors():
                yield from self._records(known)
            return
        with self._translated_errors():
            for row in self._reader:
                if len(row) > width:
                    raise InputError(f"{self.name} is not well-formed {self.kind.upper()}: line "
                                     f"{self._reader.line_num} has {len(row)} fields, the header {width}. Check the "
                                     f"quotes and the number of fields on that line")
                if len(row) < width:  # a blank line or a short row: a row of empty cells
                    row += [""] * (width - len(row))
                self._rows_read += 1
                yield row, None

    def _records(self, known: set) -> Iterator[tuple[list, dict]]:
        assert self._first is not None  # _open refused a file without one
        for number, record in itertools.chain([self._first], self._lines):
            if self.uniform_keys and not known.issuperset(record):
                extra = next(key for key in record if key not in known)
                raise InputError(f"line {number} of {self.name} has a key {extra!r} that the first line does "
                                 f"not have; a table output needs the same keys on every line (write .jsonl "
                                 f"to keep every key)")
            self._rows_read += 1
            yield [record.get(key) for key in self.header], record

    def chunks(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
        """The data rows in chunks; from standard input, a chunk holds the rows that have arrived."""
        rows = _background(self._rows(), 4 * chunk_rows) if self.streaming else self._rows()
        start = 0
        while True:
            batch = (list(itertools.islice(rows, chunk_rows)) if not isinstance(rows, queue.Queue)
                     else _arrived(rows, chunk_rows))
            if not batch:
                return
            cells = [row for row, _ in batch]
            # Each JSON Lines row comes with its object.
            records = cast(list[dict], [record for _, record in batch]) if self.kind == "jsonl" else None
            done = min(self._source.consumed / self.size, 1.0) if self.size else None
            yield Chunk(cells, start, done, records)
            start += len(batch)

    @contextlib.contextmanager
    def _translated_errors(self) -> Iterator[None]:
        """The parser's and the codec's errors as InputErrors a non-programmer can act on."""
        try:
            yield
        except UnicodeDecodeError:
            raise InputError(f"{self.name} is not valid {self.encoding} text (past data row {self._rows_read}); "
                             f"give the right encoding with --encoding (e.g. gb18030, big5 or utf-8)") from None
        except csv.Error as error:
            raise InputError(f"{self.name} is not well-formed {self.kind.upper()}: {error} (line "
                             f"{self._reader.line_num}). Check the quotes and the number of fields on that line") \
                from None

    def close(self) -> None:
        if self._binary is not sys.stdin.buffer:
            self._binary.close()


def _first_line(head: bytes, encoding: str | None) -> str:
    text = codecs.getincrementaldecoder(encoding or "ascii")(errors="replace").decode(head)
    end = text.find("\n")
    return text if end < 0 else text[:end + 1]


_END = object()


def _background(items: Iterator, limit: int) -> queue.Queue:
    """Run ``items`` in a thread into a bounded queue, so the rows that have arrived can be taken without
    waiting for more; an error in the thread is put in the queue and raised where it is taken."""
    found: queue.Queue = queue.Queue(maxsize=limit)

    def run() -> None:
        try:
            for item in items:
                found.put(item)
            found.put(_END)
        except BaseException as error:  # noqa: BLE001 - handed to the reading thread
            found.put(error)

    threading.Thread(target=run, daemon=True, name="wildtrade-stdin").start()
    return found


def _arrived(found: queue.Queue, limit: int) -> list:
    """At least one item (waiting for it), then whatever else is already there, up to ``limit``."""
    batch: list = []
    item = found.get()
    while True:
        if item is _END:
            found.put(_END)  # the next call sees the end too
            return batch
        if isinstance(item, BaseException):
            raise item
        batch.append(item)
        if len(batch) >= limit:
            return batch
        try:
            item = found.get_nowait()
        except queue.Empty:
            return batch


def excel_cell_text(value: object, number_format: str = "General") -> str:
    """An Excel cell's value as the text it shows for the usual formats: ids formatted with leading zeros
    ("00000") keep them, whole numbers have no ".0", dates have no time of midnight.

    >>> excel_cell_text(7, "00000"), excel_cell_text(3.0), excel_cell_text(0.1), excel_cell_text(True)
    ('00007', '3', '0.1', 'TRUE')
    >>> excel_cell_text(datetime(2024, 3, 1)), excel_cell_text(None)
    ('2024-03-01', '')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        if number_format and set(number_format) == {"0"}:
            return str(value).zfill(len(number_format))
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class ExcelTable(Table):
    """A sheet of an .xlsx workbook (read with openpyxl, streaming); every cell as the text Excel shows for it
    (see :func:`excel_cell_text`). Empty rows after the last row with a value are not data and are left out."""

    kind = "xlsx"

    def __init__(self, name: str, sheet: str | None):
        super().__init__(name)
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            self._book = load_workbook(name, read_only=True, data_only=True)
        except (InvalidFileException, OSError, KeyError, ValueError) as error:
            detail = getattr(error, "strerror", None) or "not a valid .xlsx workbook"
            raise InputError(f"cannot read {name}: {detail}") from None
        names = self._book.sheetnames
        if sheet is None and len(names) > 1:
            self.close()
            raise InputError(f"{name} has {len(names)} sheets ({', '.join(map(repr, names))}); choose the one to "
                             f"score with --sheet")
        if sheet is not None and sheet not in names:
            self.close()
            raise InputError(f"{name} has no sheet {sheet!r}; its sheets are: {', '.join(map(repr, names))}")
        self.sheet = sheet or names[0]
        worksheet = self._book[self.sheet]
        self._expected_rows = max((worksheet.max_row or 0) - 1, 0) or None
        # Some writers record a wrong sheet size; without it every row is read, however many there are.
        worksheet.reset_dimensions()
        self._rows_iter = worksheet.iter_rows()
        first = next(self._rows_iter, None)
        if first is None:
            self.close()
            raise InputError(f"{name} is empty: sheet {self.sheet!r} has no header row and no posts")
        header = [excel_cell_text(cell.value) for cell in first]
        while header and not header[-1]:
            header.pop()
        if not header:
            self.close()
            raise InputError(f"{name}: the first row of sheet {self.sheet!r} is empty; it should hold the column "
                             f"names")
        self.header = header

    def _rows(self) -> Iterator[list[str]]:
        width = len(self.header)
        blank: list[list[str]] = []  # empty rows, kept only if a row with a value follows
        for number, cells in enumerate(self._rows_iter, 2):
            row = [excel_cell_text(cell.value, getattr(cell, "number_format", "General")) for cell in cells]
            extra = next((i for i in range(width, len(row)) if row[i]), None)
            if extra is not None:
                raise InputError(f"{self.name}: row {number} of sheet {self.sheet!r} has a value in column "
                                 f"{extra + 1}, past the {width} named in the header row; name that column")
            row = row[:width] + [""] * (width - len(row))
            if not any(row):
                blank.append(row)
                continue
            yield from blank
            blank.clear()
            yield row

    def chunks(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
        rows = self._rows()
        start = 0
        while batch := list(itertools.islice(rows, chunk_rows)):
            done = min((start + len(batch)) / self._expected_rows, 1.0) if self._expected_rows else None
            yield Chunk(batch, start, done)
            start += len(batch)

    def close(self) -> None:
        self._book.close()


class ParquetTable(Table):
    """A Parquet file, read in record batches with pyarrow; cells keep their types (``schema``)."""

    kind = "parquet"

    def __init__(self, name: str):
        super().__init__(name)
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError("reading Parquet needs pyarrow: run `pip install pyarrow`, or give a CSV") from None
        import pyarrow as pa

        try:
            self._file = pq.ParquetFile(name)
        except (pa.ArrowException, OSError) as error:
            raise InputError(f"cannot read {name} as Parquet: {error}") from None
        self.schema: pa.Schema = self._file.schema_arrow
        self.header = list(self.schema.names)
        self._total = self._file.metadata.num_rows

    def text_columns(self, names: Sequence[str]) -> list[int]:
        import pyarrow as pa

        columns = super().text_columns(names)
        for i in columns:
            kind = self.schema.field(i).type
            if isinstance(kind, pa.DictionaryType):
                kind = kind.value_type
            if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind)
                    or getattr(pa.types, "is_string_view", lambda _: False)(kind)):
                raise InputError(f"column {self.header[i]!r} of {self.name} holds {kind} values, not text; "
                                 f"choose the column of posts with --text-col")
        return columns

    def chunks(self, chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
        start = 0
        for batch in self._file.iter_batches(batch_size=chunk_rows, use_threads=False):
            columns = [column.to_pylist() for column in batch.columns]
            rows = [list(row) for row in zip(*columns, strict=False)]
            yield Chunk(rows, start, (start + len(rows)) / self._total if self._total else None)
            start += len(rows)

    def close(self) -> None:
        self._file.close()


def is_missing(value: object) -> bool:
    """None, NaN and pandas' missing values: cells scored as empty posts.

    >>> is_missing(None), is_missing(float("nan")), is_missing(""), is_missing(0)
    (True, True, False, False)
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    pd = sys.modules.get("pandas")  # its missing values exist only once it is imported; scoring does not import it
    return pd is not None and (value is pd.NA or value is pd.NaT)


def expand_inputs(inputs: Sequence[str]) -> list[str]:
    """The files named, with glob patterns ('exports/*.csv') expanded in sorted order.

    A pattern that matches nothing is an error; so is a file named twice.
    """
    import glob

    paths: list[str] = []
    for pattern in inputs:
        if pattern != STDIO and glob.has_magic(pattern) and not Path(pattern).exists():
            matched = sorted(glob.glob(pattern))
            if not matched:
                raise InputError(f"no file matches {pattern!r}")
            paths.extend(matched)
        else:
            paths.append(pattern)
    if STDIO in paths and len(paths) > 1:
        raise InputError("'-' (standard input) cannot be scored together with other inputs")
    seen: dict[str, str] = {}
    for path in paths:
        key = os.path.realpath(path)
        if key in seen:
            raise InputError(f"{path} is given twice (also as {seen[key]})")
        seen[key] = path
    return paths

