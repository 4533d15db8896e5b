"""Reading exports as people hand them over: encodings, delimiters, header names, JSON Lines, Excel and Parquet."""

import codecs
import datetime
import json

import opencc
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wildtrade_clf.encodings import check_encoding, commonness, detect_encoding
from wildtrade_clf.errors import InputError
from wildtrade_clf.readers import detect_delimiter, open_table

POSTS = ["出老犀角杯，价格私聊，加V详谈", "周末去野生动物园看犀牛，小朋友很开心", "祖上传下来的白料手镯一对，包浆自然，懂行的私聊"]
TRADITIONAL = [opencc.OpenCC("s2t").convert(post) for post in POSTS]
CANTONESE = ["有啲老象牙，懂嘅PM，唔使問價", "呢隻犀角杯係真嘅，冇證書"]


def export(rows, header="id,text", newline="\n") -> str:
    return newline.join([header, *(f"{i:05d},{row}" for i, row in enumerate(rows))]) + newline


def read(path, **options):
    with open_table(path, **options) as table:
        return table, table.read_all()


@pytest.mark.parametrize("text, encoding, expected", [
    (export(TRADITIONAL), "big5", "big5"),
    (export(CANTONESE), "big5hkscs", "big5hkscs"),
    (export(POSTS), "gbk", "gb18030"),
    (export(TRADITIONAL), "gbk", "gb18030"),
    (export(POSTS), "utf-16-le", "utf-16-le"),
    (export(POSTS), "utf-16-be", "utf-16-be"),
    (export(POSTS), "utf-8", "utf-8"),
])
def test_the_encoding_of_an_export_is_detected(text, encoding, expected):
    assert detect_encoding(text.encode(encoding)) == expected


@pytest.mark.parametrize("encoding, rows", [("big5", TRADITIONAL), ("big5hkscs", CANTONESE), ("utf-16-le", POSTS),
                                            ("gbk", POSTS)])
def test_a_file_in_a_detected_encoding_reads_back_its_text(tmp_path, encoding, rows):
    path = tmp_path / "in.csv"
    path.write_bytes(export(rows).encode(encoding))
    table, frame = read(path)
    assert frame.text.tolist() == rows and frame.id.tolist()[0] == "00000"


def test_an_ascii_head_then_big5_is_read_as_big5(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(("id,text\n" + "1,plain ascii line\n" * 8000).encode() + export(TRADITIONAL, header="").encode(
        "big5")[1:])
    table, frame = read(path)
    assert table.encoding == "big5"
    assert frame.text.tolist()[-3:] == TRADITIONAL


def test_an_ascii_head_then_gbk_on_stdin_is_detected_when_the_gbk_arrives(tmp_path, monkeypatch):
    import io
    import sys

    data = ("id,text\n" + "1,plain\n" * 9000).encode() + "2,出象牙手镯\n".encode("gbk")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    table, frame = read("-")
    assert frame.text.tolist()[-1] == "出象牙手镯"
    assert table.encoding == "gb18030"


def test_a_decode_of_mostly_rare_characters_is_refused_naming_the_option():
    rare = "".join(chr(0x20000 + 37 * i) for i in range(40)).encode("gb18030")  # GB18030 only, all rare
    with pytest.raises(InputError, match=r"read as gb18030, 100% of its letters are rare .*--encoding"):
        detect_encoding(b"text\n" + rare)


def test_an_explicit_encoding_that_reads_badly_is_warned_about_with_the_better_one(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(export(TRADITIONAL).encode("big5"))
    table, frame = read(path, encoding="gb18030")
    assert table.notes == [f"{path} does not read well as gb18030: 67% of its letters are rare characters "
                           f"(U+E65E ρ 礡 à U+E4C7 U+E1BD); big5 reads better. Check --encoding"]


def test_a_right_explicit_encoding_gives_no_warning(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(export(TRADITIONAL).encode("big5"))
    assert read(path, encoding="big5")[0].notes == []


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(POSTS + TRADITIONAL), min_size=3, max_size=12))
def test_gbk_and_big5_exports_are_told_apart(rows):
    text = export(rows)
    assert detect_encoding(text.encode("gbk")) == "gb18030"
    assert detect_encoding(opencc.OpenCC("s2t").convert(text).encode("big5")) in ("big5", "big5hkscs")


def test_the_shipped_corpus_reads_as_common_characters():
    import pandas as pd

    text = "\n".join(pd.read_csv("data/corpus.csv").text.head(3000))
    assert commonness(text).share > 0.95


def test_check_encoding_says_nothing_for_utf8():
    assert check_encoding("犀角".encode(), "utf-8") is None


@pytest.mark.parametrize("name, header, expected", [
    ("a.csv", "id;text;note", ";"),
    ("a.csv", "id|text|note", "|"),
    ("a.csv", "id\ttext", "\t"),
    ("a.csv", "id,text", ","),
    ("a.csv", '"a;b",text,x', ","),
    ("a.csv", "text", ","),
    ("a.tsv", "id;text", "\t"),
])
def test_the_delimiter_is_the_one_the_header_line_has_most_of(name, header, expected):
    assert detect_delimiter(name, header) == expected


@pytest.mark.parametrize("header, expected", [
    ("id,text", "text"), ("id,Text", "Text"), ("id,TEXT", "TEXT"), ("id,text ", "text "), ("id, Text", " Text"),
    ("id,内容", "内容"), ("id,正文", "正文"), ("id,帖子", "帖子"), ("id,文本", "文本"), ("id,标题", "标题"),
    ("标题,内容", "内容"), ("Text,text", "text"), ("only", "only"),
])
def test_the_default_text_column_is_found_by_its_usual_names(tmp_path, header, expected):
    path = tmp_path / "in.csv"
    path.write_text(header + "\n" + ",".join("x" * len(header.split(","))) + "\n", encoding="utf-8")
    with open_table(path) as table:
        assert [table.header[i] for i in table.text_columns([])] == [expected]


def test_two_columns_matching_the_default_name_are_refused(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id,Text,TEXT\n1,a,b\n", encoding="utf-8")
    with open_table(path) as table, pytest.raises(InputError, match="'Text', 'TEXT'.*--text-col"):
        table.text_columns([])


def test_json_lines_keep_their_types_and_missing_keys_are_empty(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "007", "text": "象牙", "n": 1}\n\n{"id": "008", "text": null}\n', encoding="utf-8")
    table, frame = read(path)
    assert table.header == ["id", "text", "n"]
    assert frame.to_dict("records") == [{"id": "007", "text": "象牙", "n": 1}, {"id": "008", "text": None, "n": None}]


def test_an_xlsx_sheet_reads_as_the_text_excel_shows(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "内容", "日期", "价格", "ok"])
    sheet.append([7, "出象牙", datetime.datetime(2024, 3, 1), 3800.0, True])
    sheet.append(["00008", None, datetime.datetime(2024, 3, 1, 10, 30), 0.1, False])
    sheet.append([None, None, None, None, None])
    sheet["A2"].number_format = "00000"
    book.save(tmp_path / "in.xlsx")
    table, frame = read(tmp_path / "in.xlsx")
    assert [table.header[i] for i in table.text_columns([])] == ["内容"]
    assert frame.values.tolist() == [["00007", "出象牙", "2024-03-01", "3800", "TRUE"],
                                     ["00008", "", "2024-03-01 10:30:00", "0.1", "FALSE"]]


def test_blank_rows_inside_an_xlsx_sheet_are_rows_too(tmp_path):
    book = openpyxl.Workbook()
    for row in (["text"], ["a"], [None], ["b"]):
        book.active.append(row)
    book.save(tmp_path / "in.xlsx")
    assert read(tmp_path / "in.xlsx")[1].text.tolist() == ["a", "", "b"]


def test_a_parquet_file_reads_with_its_types(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    pd.DataFrame({"id": [1, 2], "text": ["象牙", None]}).to_parquet(tmp_path / "in.parquet")
    table, frame = read(tmp_path / "in.parquet")
    assert frame.values.tolist() == [[1, "象牙"], [2, None]]


def test_a_header_with_a_bom_read_as_utf8_loses_the_bom_but_remembers_it(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"id,text\n1,x\n")
    table, frame = read(path, encoding="utf-8")
    assert table.header == ["id", "text"] and table.had_bom


def test_jsonl_on_stdin_is_told_from_csv_by_its_first_character(monkeypatch):
    import io
    import sys

    data = (json.dumps({"text": "象牙"}, ensure_ascii=False) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    table, frame = read("-")
    assert table.kind == "jsonl" and frame.text.tolist() == ["象牙"]
