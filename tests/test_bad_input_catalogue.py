"""Every bad input the issue lists, with the exact one-line message an analyst sees: the command exits 2, prints
that line alone on stderr, no traceback, and writes nothing."""

import os
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from wildtrade_clf import InputError, load_model
from wildtrade_clf.cli import cli

TRADE = "出老犀角杯，价格私聊，加V详谈"


def _workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Posts"
    book.active.append(["text"])
    book.create_sheet("Notes")
    book.save(path)


def _hard_link(path: Path) -> None:
    path.write_text("text\nx\n", encoding="utf-8")
    os.link(path, path.with_name("out.csv"))


# (case, the input file: bytes, text or a function writing it, arguments after the input, the exact message);
# {in} and {out} stand for the input's and the output's paths.
CATALOGUE = [
    ("output is the input", b"text\nx\n", ["-o", "{in}"],
     "the output {in} is the input file {in}: writing it would replace your data; give -o another name"),
    ("output is a hard link to the input", _hard_link, ["-o", "{out}"],
     "the output {out} is the input file {in}: writing it would replace your data; give -o another name"),
    ("two text columns", "id,text,text\n1,a,b\n", [],
     "{in} has 2 columns called 'text' (columns 2 and 3); rename them so it is clear which one to use"),
    ("output column exists", "text,trade_flag\nx,1\n", [],
     "{in} already has a 'trade_flag' column (was it scored before?); to keep it unchanged, name the new columns "
     "apart with --prefix, e.g. --prefix new_, or leave the old one out with --columns"),
    ("two columns could hold the posts", "Text,TEXT\na,b\n", [],
     "{in} has several columns that could hold the posts ('Text', 'TEXT'); choose one with --text-col"),
    ("undecidable encoding", b"text\n" + "".join(chr(0x20000 + 37 * i) for i in range(40)).encode("gb18030"), [],
     "cannot tell the text encoding of {in}: read as gb18030, 100% of its letters are rare characters "
     "(𠀀 𠀥 𠁊 𠁯 𠂔 𠂹); give it with --encoding (e.g. gb18030, big5, utf-8)"),
    ("not valid in the given encoding", f"text\n{TRADE}\n".encode("gbk"), ["--encoding", "utf-8"],
     "{in} is not valid utf-8 text (past data row 0); give the right encoding with --encoding (e.g. gb18030, "
     "big5 or utf-8)"),
    ("unknown encoding", b"text\nx\n", ["--encoding", "klingon"],
     "unknown encoding 'klingon'; try utf-8, gb18030 or big5"),
    ("xlsx saved as .csv", b"PK\x03\x04rest of a zip", [],
     "{in} is an Excel workbook (.xlsx) or another zip file, not CSV text: give it a name ending in .xlsx or "
     ".parquet, or save it as CSV"),
    ("NUL bytes but not UTF-16", b"text\n\x00\x00\x00\x00\x00\x00", [],
     "{in} contains NUL bytes but is not UTF-16 text; it does not look like a text export"),
    ("bad delimiter option", b"text\nx\n", ["--delimiter", "::"],
     "--delimiter takes one character (e.g. ';' or '|') or tab, not '::'"),
    ("too many fields", "a;text\n1;x;extra\n", [],
     "{in} is not well-formed CSV: line 2 has 3 fields, the header 2. Check the quotes and the number of fields on "
     "that line"),
    ("unclosed quote", 'text\n"never closed\n', [],
     "{in} is not well-formed CSV: unexpected end of data (line 2). Check the quotes and the number of fields on "
     "that line"),
    ("text after a closing quote", 'text,b\n"abc"def,x\n', [],
     "{in} is not well-formed CSV: ',' expected after '\"' (line 2). Check the quotes and the number of fields on "
     "that line"),
    ("xlsx of several sheets", _workbook, [],
     "{in} has 2 sheets ('Posts', 'Notes'); choose the one to score with --sheet"),
    ("sheet that does not exist", _workbook, ["--sheet", "Nope"],
     "{in} has no sheet 'Nope'; its sheets are: 'Posts', 'Notes'"),
    ("sheet of a csv", b"text\nx\n", ["--sheet", "Posts"], "--sheet is for Excel workbooks; {in} is not one"),
    ("old .xls", b"\xd0\xcf\x11\xe0", [],
     "in.xls is an old Excel workbook (.xls): open it in Excel and save it as .xlsx or CSV UTF-8"),
    ("jsonl line not an object", '{"text": "a"}\n[1, 2]\n', [],
     "line 2 of {in} is a JSON list, not an object; JSON Lines need one object per line, e.g. {\"text\": \"...\"}"),
    ("jsonl line not JSON", '{"text": "a"}\n{"text": \n', [],
     "line 2 of {in} is not valid JSON (Expecting value at character 10); JSON Lines need one object per line"),
    ("jsonl post that is a number", '{"text": 12345}\n', [],
     "data row 1 of {in}: 'text' is int 12345, not text; the posts must be strings"),
    ("jsonl key missing from the first line, to csv", '{"text": "a"}\n{"text": "b", "more": 1}\n', ["-o", "{out}"],
     "line 2 of {in} has a key 'more' that the first line does not have; a table output needs the same keys on "
     "every line (write .jsonl to keep every key)"),
    ("jsonl line already scored", '{"text": "a"}\n{"text": "b", "trade_score": 1}\n', [],
     "data row 2 of {in} already has a 'trade_score' key (was it scored before?); to keep it unchanged, name the "
     "new columns apart with --prefix"),
    ("xlsx output", b"text\nx\n", ["-o", "out.xlsx"],
     "cannot tell the output format from 'out.xlsx'; end the name with .csv, .tsv, .jsonl, .parquet (add --excel so "
     "that Excel shows Chinese correctly)"),
    ("limit and sample", b"text\nx\n", ["--limit", "1", "--sample", "1"], "give --limit or --sample, not both"),
    ("seed without sample", b"text\nx\n", ["--seed", "3"], "--seed goes with --sample"),
    ("unknown kept column", b"id,text\n1,x\n", ["--columns", "id,body"],
     "column 'body' not found in {in}; its columns are: 'id', 'text'"),
    ("concat without output", b"text\nx\n", ["--concat"],
     "--concat writes every input into one output: give it with -o (a file, or - for stdout)"),
]


def _suffix(case: str) -> str:
    return {"xlsx of several sheets": ".xlsx", "sheet that does not exist": ".xlsx", "old .xls": ".xls",
            "jsonl line not an object": ".jsonl", "jsonl line not JSON": ".jsonl",
            "jsonl post that is a number": ".jsonl", "jsonl key missing from the first line, to csv": ".jsonl",
            "jsonl line already scored": ".jsonl"}.get(case, ".csv")


@pytest.mark.parametrize("case, content, args, message", CATALOGUE, ids=[row[0] for row in CATALOGUE])
def test_bad_input_gives_exactly_this_one_line(tmp_path, monkeypatch, case, content, args, message):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / f"in{_suffix(case)}"
    if callable(content):
        content(source)
    elif isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    out = tmp_path / ("out.csv" if case != "jsonl line already scored" else "out.jsonl")
    names = {"{in}": str(source), "{out}": str(out)}
    before = sorted(p.name for p in tmp_path.iterdir())
    default_out = [] if "-o" in args or case == "concat without output" else ["-o", str(out)]
    result = CliRunner().invoke(cli, ["score", str(source), *[names.get(a, a) for a in args], *default_out])
    expected = message
    for placeholder, value in names.items():
        expected = expected.replace(placeholder, value)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {expected}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


API_CATALOGUE = [
    ("numbers", [1, 2, 3], "posts must be text: the post at position 0 is an int (1); pass each post as a string "
                           "(None and NaN count as empty posts)"),
    ("a dict", ["ok", {"text": "x"}], "posts must be text: the post at position 1 is a dict ({'text': 'x'}); pass "
                                      "each post as a string (None and NaN count as empty posts)"),
    ("a nested list", [["x"]], "posts must be text: the post at position 0 is a list (['x']); pass each post as a "
                               "string (None and NaN count as empty posts)"),
    ("bytes not UTF-8", ["犀角".encode("gbk")], "the post at position 0 is bytes that are not UTF-8 "
                                               "(b'\\xcf\\xac\\xbd\\xc7'); decode it first, e.g. "
                                               "raw.decode('gb18030')"),
    ("a bare string", "犀角", "expected a list of posts, got a single string: wrap it in a list, e.g. [text]"),
]


@pytest.mark.parametrize("case, posts, message", API_CATALOGUE, ids=[row[0] for row in API_CATALOGUE])
def test_bad_posts_give_exactly_this_message(case, posts, message):
    with pytest.raises(InputError) as error:
        load_model().score(posts)
    assert str(error.value) == message


def test_an_int_series_names_its_index_label():
    import pandas as pd

    with pytest.raises(InputError) as error:
        load_model().score(pd.Series([5, 6], index=[10, 11]))
    assert str(error.value) == ("posts must be text: the post at index 10 is an int (5); pass each post as a "
                                "string (None and NaN count as empty posts)")


def test_a_dataframe_names_the_column_to_pass():
    import pandas as pd

    with pytest.raises(InputError) as error:
        load_model().score(pd.DataFrame({"id": [1], "内容": ["x"]}))
    assert str(error.value) == ("expected one column of posts, got a DataFrame with columns 'id', '内容': pass the "
                                "column holding the posts, e.g. frame['内容']")


def test_explain_of_a_list_names_what_to_do():
    with pytest.raises(InputError) as error:
        load_model().explain(["x"])
    assert str(error.value) == ("explain takes one post as a string, not list: call it once per post, e.g. "
                                "[model.explain(post) for post in posts]")
