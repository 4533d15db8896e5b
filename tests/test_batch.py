"""The library side of batch scoring: reading any export as strings, scoring in chunks, writing atomically."""

import codecs
import sys

import pandas as pd
import pytest

import wildtrade_clf
from wildtrade_clf.batch import NEW_COLUMNS, join_texts, score_file
from wildtrade_clf.encodings import detect_encoding
from wildtrade_clf.errors import InputError
from wildtrade_clf.readers import detect_delimiter, open_table

TRADE = "出老犀角杯，价格私聊，加V详谈"
INNOCENT = "周末去野生动物园看犀牛，小朋友很开心"


@pytest.fixture(scope="module")
def model():
    return wildtrade_clf.load_model()


def read_strings(path) -> pd.DataFrame:
    with open_table(path) as table:
        return table.read_all()


@pytest.mark.parametrize("data, expected", [
    ("象牙 犀角".encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + "象牙".encode("utf-8"), "utf-8-sig"),
    ("象牙 犀角 私聊".encode("gbk"), "gb18030"),
    ("象牙 \U00020000 私聊".encode("gb18030"), "gb18030"),
    ("text\n象牙".encode("utf-16"), "utf-16"),
    (b"plain ascii", "utf-8"),
])
def test_encoding_is_detected(data, expected):
    assert detect_encoding(data) == expected


def test_a_character_cut_at_the_end_of_the_sniffed_bytes_still_reads_as_utf8():
    assert detect_encoding("象牙".encode("utf-8")[:-1]) == "utf-8"


@pytest.mark.parametrize("name, head, expected", [
    ("a.tsv", "id,text", "\t"),
    ("a.TAB", "id,text", "\t"),
    ("a.csv", "id,text", ","),
    ("a.txt", "id\ttext\tlang", "\t"),
    ("-", "text", ","),
])
def test_delimiter_comes_from_the_extension_or_the_header(name, head, expected):
    assert detect_delimiter(name, head) == expected


def test_several_text_columns_are_joined_skipping_blanks():
    frame = pd.DataFrame({"title": ["象牙", "", "  "], "body": ["私聊", "手镯", ""]})
    assert join_texts(frame, ["title", "body"]) == ["象牙 私聊", "手镯", ""]


def test_every_column_and_row_comes_back_unchanged(tmp_path, model):
    source = tmp_path / "in.csv"
    source.write_text('id,title,text,note\n007,出,"多行\n帖子, 有逗号",NA\n008,,,null\n009,x,"""引号""",\n'
                      f"010,,{TRADE},nan\n", encoding="utf-8")
    score_file(source, tmp_path / "out.csv", ["text"], model=model, jobs=1)
    out = read_strings(tmp_path / "out.csv")
    assert list(out.columns) == ["id", "title", "text", "note", *NEW_COLUMNS]
    pd.testing.assert_frame_equal(out.drop(columns=list(NEW_COLUMNS)), read_strings(source))
    assert out.id.tolist() == ["007", "008", "009", "010"]
    assert out.note.tolist() == ["NA", "null", "", "nan"]


def test_scores_flags_and_terms_are_filled_for_every_row(tmp_path, model):
    source = tmp_path / "in.csv"
    source.write_text(f"text\n{TRADE}\n{INNOCENT}\n", encoding="utf-8")
    score_file(source, tmp_path / "out.csv", model=model, jobs=1)
    out = pd.read_csv(tmp_path / "out.csv", keep_default_na=False)
    assert out.trade_score.between(0, 1).all()
    assert out.trade_flag.tolist() == [1, 0]
    assert "contact" in out.trade_terms[0].split("|")
    assert out.trade_score.tolist() == pytest.approx(model.score([TRADE, INNOCENT]).tolist(), abs=1e-6)


def test_blank_lines_are_rows_too(tmp_path, model):
    source = tmp_path / "in.csv"
    source.write_text(f"text\n{TRADE}\n\n{INNOCENT}\n", encoding="utf-8")
    summary = score_file(source, tmp_path / "out.csv", model=model, jobs=1)
    assert summary.rows == 3


@pytest.mark.slow
def test_parallel_scores_equal_serial_scores(tmp_path):
    rows = pd.read_csv("tests/data/posts.csv").text.tolist() * 3
    source = tmp_path / "in.csv"
    pd.DataFrame({"text": rows}).to_csv(source, index=False)
    score_file(source, tmp_path / "one.csv", jobs=1, chunk_rows=40)
    score_file(source, tmp_path / "two.csv", jobs=2, chunk_rows=40)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


@pytest.mark.slow
def test_progress_is_reported_per_chunk_with_the_rows_scored(tmp_path, model):
    source = tmp_path / "in.csv"
    source.write_text("text\n" + "象牙\n" * 25, encoding="utf-8")
    calls = []
    score_file(source, tmp_path / "out.csv", model=model, jobs=1, chunk_rows=10,
               progress=lambda rows, done: calls.append((rows, done)))
    assert calls == [(10, 1.0), (20, 1.0), (25, 1.0)]  # the whole small file was read at once


@pytest.mark.slow
def test_progress_follows_the_rows_scored_not_the_bytes_read_ahead(tmp_path, model):
    source = tmp_path / "in.csv"
    source.write_text("id,text\n" + "".join(f"{i:06d},{'犀角杯价格私聊' * 4}\n" for i in range(8000)), encoding="utf-8")
    shares = []
    score_file(source, tmp_path / "out.csv", model=model, jobs=1, chunk_rows=1000,
               progress=lambda rows, done: shares.append(done))
    assert len(shares) == 8
    assert shares == sorted(shares) and shares[-1] == 1.0
    assert shares[0] < 0.25 and shares[3] < 0.6


def test_header_only_gives_header_only_output(tmp_path, model):
    (tmp_path / "in.csv").write_text("id,text\n", encoding="utf-8")
    summary = score_file(tmp_path / "in.csv", tmp_path / "out.csv", model=model, jobs=1)
    assert summary.rows == 0
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "id,text,trade_score,trade_flag,trade_terms\n"


def test_parquet_output_keeps_strings_and_adds_typed_columns(tmp_path, model):
    pytest.importorskip("pyarrow")
    (tmp_path / "in.csv").write_text(f"id,text\n007,{TRADE}\n", encoding="utf-8")
    score_file(tmp_path / "in.csv", tmp_path / "out.parquet", model=model, jobs=1)
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert out.id.tolist() == ["007"]
    assert out.trade_flag.tolist() == [1]


def test_parquet_without_pyarrow_says_what_to_install(tmp_path, model, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    (tmp_path / "in.csv").write_text("text\nx\n", encoding="utf-8")
    with pytest.raises(InputError, match="pip install pyarrow"):
        score_file(tmp_path / "in.csv", tmp_path / "out.parquet", model=model, jobs=1)


@pytest.mark.parametrize("content, message", [
    ('text\n"unclosed quote\n', "not well-formed CSV"),
    ("a,text\n1,x,extra\n", "line 2"),
    ("text,trade_score\nx,0.5\n", "already has a 'trade_score' column"),
])
def test_bad_input_is_refused_with_a_reason(tmp_path, model, content, message):
    (tmp_path / "in.csv").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        score_file(tmp_path / "in.csv", tmp_path / "out.csv", model=model, jobs=1)


@pytest.mark.slow
def test_gbk_past_a_head_of_plain_ascii_is_detected_from_the_first_non_ascii_bytes(tmp_path, model):
    (tmp_path / "in.csv").write_bytes("text\n".encode() + b"x\n" * 40000 + f"{TRADE}\n".encode("gbk"))
    score_file(tmp_path / "in.csv", tmp_path / "out.csv", model=model, jobs=1)
    out = read_strings(tmp_path / "out.csv")
    assert len(out) == 40001 and out.text.iloc[-1] == TRADE


def test_unknown_output_extension_is_refused(tmp_path, model):
    (tmp_path / "in.csv").write_text("text\nx\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"\.csv, \.tsv, \.jsonl, \.parquet \(add --excel"):
        score_file(tmp_path / "in.csv", tmp_path / "out.xlsx", model=model, jobs=1)


def test_a_failed_run_leaves_no_temporary_file(tmp_path, model):
    (tmp_path / "in.csv").write_text('text\nok\n"broken\n', encoding="utf-8")
    with pytest.raises(InputError):
        score_file(tmp_path / "in.csv", tmp_path / "out.csv", model=model, jobs=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_gbk_output_gets_a_bom_so_excel_shows_chinese(tmp_path, model):
    (tmp_path / "in.csv").write_bytes(f"text\n{TRADE}\n".encode("gbk"))
    score_file(tmp_path / "in.csv", tmp_path / "out.csv", model=model, jobs=1)
    assert (tmp_path / "out.csv").read_bytes().startswith(codecs.BOM_UTF8)


def test_a_bom_read_with_an_explicit_utf8_encoding_stays_out_of_the_header(tmp_path, model):
    (tmp_path / "in.csv").write_bytes(codecs.BOM_UTF8 + f"id,text\n1,{TRADE}\n".encode())
    score_file(tmp_path / "in.csv", tmp_path / "out.csv", model=model, encoding="utf-8", jobs=1)
    assert read_strings(tmp_path / "out.csv").columns[0] == "id"


def test_duplicate_and_blank_column_names_not_used_are_kept_as_written(tmp_path, model):
    (tmp_path / "in.csv").write_text(",note,note,text\n0,a,b,象牙\n", encoding="utf-8")
    score_file(tmp_path / "in.csv", tmp_path / "out.csv", model=model, jobs=1)
    header, row = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert header == ",note,note,text,trade_score,trade_flag,trade_terms"
    assert row.startswith("0,a,b,象牙,")
