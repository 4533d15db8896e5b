"""`wildtrade score` on the files people actually hand over, run for real on files in tmp_path: formats, line
endings, several inputs, row and column selection, standard input as a stream, and refusals that keep data safe."""

import codecs
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from wildtrade_clf.cli import cli

ROOT = Path(__file__).resolve().parent.parent
TRADE = "出老犀角杯，价格私聊，加V详谈"
IVORY = "祖上传下来的白料手镯一对，包浆自然，懂行的私聊"
INNOCENT = "周末去野生动物园看犀牛，小朋友很开心"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def command(*args, **kwargs):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "wildtrade_clf", *map(str, args)], env=env, **kwargs)


def rows_of(path, sep=","):
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=sep)


@pytest.fixture
def posts(tmp_path) -> Path:
    path = tmp_path / "posts.csv"
    path.write_text(f"id,text\n00001,{TRADE}\n00002,{INNOCENT}\n00003,{IVORY}\n00004,NA\n", encoding="utf-8")
    return path


# --- data kept safe ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("link", ["same name", "hard link", "symlink"])
def test_an_output_that_is_the_input_file_is_refused(tmp_path, posts, link):
    before = posts.read_bytes()
    output = posts
    if link == "hard link":
        os.link(posts, output := tmp_path / "linked.csv")
    elif link == "symlink":
        (output := tmp_path / "alias.csv").symlink_to(posts)
    result = run("score", posts, "-o", output)
    assert result.exit_code == 2
    assert f"the output {output} is the input file {posts}" in result.stderr
    assert posts.read_bytes() == before


def test_two_columns_of_the_same_name_as_the_text_column_are_refused_naming_both(tmp_path):
    (tmp_path / "in.csv").write_text("id,text,text\n1,a,b\n", encoding="utf-8")
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv")
    assert result.exit_code == 2
    assert "has 2 columns called 'text' (columns 2 and 3)" in result.stderr
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("output", ["out.jsonl", "out.parquet"])
def test_outputs_keyed_by_name_refuse_any_repeated_column_name(tmp_path, output):
    (tmp_path / "in.csv").write_text("note,text,note\na,象牙,b\n", encoding="utf-8")
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / output)
    assert result.exit_code == 2
    assert "has 2 columns called 'note' (columns 1 and 3)" in result.stderr


def test_an_existing_output_column_is_refused_and_prefix_keeps_it_unchanged(tmp_path):
    (tmp_path / "in.csv").write_text(f"text,trade_score\n{TRADE},my own 0.5\n", encoding="utf-8")
    refused = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv")
    assert refused.exit_code == 2 and "--prefix" in refused.stderr and "--columns" in refused.stderr
    assert run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--prefix", "v2_").exit_code == 0
    out = rows_of(tmp_path / "out.csv")
    assert list(out.columns) == ["text", "trade_score", "v2_trade_score", "v2_trade_flag", "v2_trade_terms"]
    assert out.trade_score.tolist() == ["my own 0.5"]


def test_leaving_the_old_score_column_out_with_columns_scores_afresh(tmp_path):
    (tmp_path / "in.csv").write_text(f"id,text,trade_score\n7,{TRADE},0.5\n", encoding="utf-8")
    assert run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--columns", "id,text").exit_code == 0
    assert list(rows_of(tmp_path / "out.csv").columns) == ["id", "text", "trade_score", "trade_flag", "trade_terms"]


def test_crlf_line_endings_are_kept_and_embedded_line_breaks_too(tmp_path):
    (tmp_path / "in.csv").write_bytes(f'id,text\r\n1,"两行\r\n{TRADE}"\r\n2,"lone\rcr"\r\n'.encode())
    assert run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv").exit_code == 0
    data = (tmp_path / "out.csv").read_bytes().decode()
    lines = data.split("\r\n")
    assert lines[0] == "id,text,trade_score,trade_flag,trade_terms"
    assert lines[1] == '1,"两行' and lines[2].startswith(f'{TRADE}",')
    assert lines[3].startswith('2,"lone\rcr",')
    assert data.count("\n") == data.count("\r\n") == 4


def test_lf_files_stay_lf(tmp_path, posts):
    assert run("score", posts, "-o", tmp_path / "out.csv").exit_code == 0
    assert b"\r" not in (tmp_path / "out.csv").read_bytes()


# --- formats -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("delimiter", [";", "|"])
def test_semicolon_and_pipe_files_are_detected_and_written_back_alike(tmp_path, delimiter):
    (tmp_path / "in.csv").write_text(f"id{delimiter}text{delimiter}note\n007{delimiter}{TRADE}{delimiter}a,b\n",
                                     encoding="utf-8")
    assert run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv").exit_code == 0
    out = rows_of(tmp_path / "out.csv", sep=delimiter)
    assert out.id.tolist() == ["007"] and out.note.tolist() == ["a,b"] and out.trade_flag.tolist() == ["1"]


@pytest.mark.slow
def test_the_delimiter_option_overrides_detection(tmp_path):
    (tmp_path / "in.csv").write_text(f"text;id\n{TRADE};1\n", encoding="utf-8")
    assert run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--delimiter", ",").exit_code == 0
    assert rows_of(tmp_path / "out.csv").columns[0] == "text;id"
    assert run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--delimiter", "semicolon").exit_code == 0
    assert rows_of(tmp_path / "out.csv", sep=";").text.tolist() == [TRADE]


def test_a_big5_export_is_scored_on_its_real_text(tmp_path):
    traditional = "出老犀角杯，價格私聊，加V詳談"
    (tmp_path / "in.csv").write_bytes(f"id,text\n1,{traditional}\n".encode("big5"))
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv")
    assert result.exit_code == 0
    out = rows_of(tmp_path / "out.csv")
    assert out.text.tolist() == [traditional] and out.trade_flag.tolist() == ["1"]
    assert (tmp_path / "out.csv").read_bytes().startswith(codecs.BOM_UTF8)


def test_an_xlsx_export_is_scored_and_its_ids_keep_their_zeros(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["编号", "内容 "])
    book.active.append([1, TRADE])
    book.active.append(["00002", INNOCENT])
    book.active["A2"].number_format = "00000"
    book.save(tmp_path / "in.xlsx")
    result = run("score", tmp_path / "in.xlsx", "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    assert "posts from column '内容 '" in result.stderr
    out = rows_of(tmp_path / "out.csv")
    assert out["编号"].tolist() == ["00001", "00002"] and out.trade_flag.tolist() == ["1", "0"]
    assert (tmp_path / "out.csv").read_bytes().startswith(codecs.BOM_UTF8)


def test_a_workbook_of_several_sheets_needs_sheet(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Posts"
    book.active.append(["text"])
    book.active.append([TRADE])
    book.create_sheet("Notes")
    book.save(tmp_path / "in.xlsx")
    refused = run("score", tmp_path / "in.xlsx", "-o", tmp_path / "out.csv")
    assert refused.exit_code == 2 and "--sheet" in refused.stderr and "'Posts', 'Notes'" in refused.stderr
    assert run("score", tmp_path / "in.xlsx", "--sheet", "Posts", "-o", tmp_path / "out.csv").exit_code == 0
    assert rows_of(tmp_path / "out.csv").trade_flag.tolist() == ["1"]


def test_parquet_in_and_out_keeps_the_column_types(tmp_path):
    pytest.importorskip("pyarrow")
    pd.DataFrame({"id": pd.array([1, None], dtype="Int64"), "text": [TRADE, None], "x": [0.5, 2.0]}).to_parquet(
        tmp_path / "in.parquet")
    assert run("score", tmp_path / "in.parquet").exit_code == 0
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "in.scored.parquet")
    assert [str(t) for t in table.schema.types[:3]] == ["int64", "large_string", "double"]
    assert table.column("id").to_pylist() == [1, None] and table.column("trade_flag").to_pylist() == [1, 0]


def test_json_lines_in_and_out_keep_every_key_and_value(tmp_path):
    lines = [{"id": "001", "text": TRADE, "likes": 3}, {"id": "002", "text": None, "extra": {"a": [1]}}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    assert run("score", tmp_path / "in.jsonl").exit_code == 0
    out = [json.loads(line) for line in (tmp_path / "in.scored.jsonl").read_text("utf-8").splitlines()]
    assert [{k: v for k, v in x.items() if not k.startswith("trade_")} for x in out] == lines
    assert [x["trade_flag"] for x in out] == [1, 0] and isinstance(out[0]["trade_score"], float)


def test_json_lines_to_csv_refuse_a_key_the_first_line_lacks(tmp_path):
    (tmp_path / "in.jsonl").write_text('{"text": "a"}\n{"text": "b", "more": 1}\n', "utf-8")
    result = run("score", tmp_path / "in.jsonl", "-o", tmp_path / "out.csv")
    assert result.exit_code == 2 and "line 2" in result.stderr and "'more'" in result.stderr


def test_json_lines_on_stdin_come_out_as_json_lines(tmp_path):
    result = run("score", "-", "-o", "-", "-q", input=json.dumps({"text": TRADE}, ensure_ascii=False) + "\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["trade_flag"] == 1


def test_a_csv_can_be_written_as_json_lines(tmp_path, posts):
    assert run("score", posts, "-o", tmp_path / "out.jsonl").exit_code == 0
    first = json.loads((tmp_path / "out.jsonl").read_text("utf-8").splitlines()[0])
    assert first["id"] == "00001" and first["trade_flag"] == 1


@pytest.mark.parametrize("option", ["--excel", "--bom"])
def test_excel_option_writes_a_bom(tmp_path, posts, option):
    assert run("score", posts, "-o", tmp_path / "out.csv", option).exit_code == 0
    assert (tmp_path / "out.csv").read_bytes().startswith(codecs.BOM_UTF8)


def test_without_excel_a_utf8_input_gives_no_bom(tmp_path, posts):
    assert run("score", posts, "-o", tmp_path / "out.csv").exit_code == 0
    assert not (tmp_path / "out.csv").read_bytes().startswith(codecs.BOM_UTF8)


def test_the_column_used_for_the_posts_is_named(tmp_path):
    (tmp_path / "in.csv").write_text(f"标题,正文\n老货,{TRADE}\n", encoding="utf-8")
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv")
    assert result.exit_code == 0
    assert f"Read {tmp_path / 'in.csv'}: posts from column '正文' (choose another with --text-col)" in result.stderr


def test_a_detected_encoding_and_delimiter_are_named(tmp_path):
    (tmp_path / "in.csv").write_bytes(f"id;內容\n1;{TRADE}\n".encode("gb18030"))
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv")
    assert f"Read {tmp_path / 'in.csv'} (gb18030, ';' between columns): posts from column '內容'" in result.stderr


# --- which rows and columns ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, ids", [
    (["--flagged-only"], ["00001", "00003"]),
    (["--limit", "2"], ["00001", "00002"]),
    (["--limit", "3", "--flagged-only"], ["00001", "00003"]),
])
def test_row_selection(tmp_path, posts, args, ids):
    assert run("score", posts, "-o", tmp_path / "out.csv", *args).exit_code == 0
    assert rows_of(tmp_path / "out.csv").id.tolist() == ids


def test_min_score_keeps_only_the_rows_scoring_at_least_it(tmp_path, posts, default_model):
    trade, ivory = default_model.score([TRADE, IVORY])
    assert trade != ivory
    cut = f"{(trade + ivory) / 2:.8f}"
    assert run("score", posts, "-o", tmp_path / "out.csv", "--min-score", cut).exit_code == 0
    assert rows_of(tmp_path / "out.csv").id.tolist() == (["00001"] if trade > ivory else ["00003"])


def test_columns_keeps_the_named_input_columns_in_that_order(tmp_path):
    (tmp_path / "in.csv").write_text(f"a,text,b,c\n1,{TRADE},2,3\n", encoding="utf-8")
    assert run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--columns", "c,a", "--columns",
               "b").exit_code == 0
    assert list(rows_of(tmp_path / "out.csv").columns) == ["c", "a", "b", "trade_score", "trade_flag", "trade_terms"]


@pytest.mark.slow
def test_a_sample_is_random_rows_in_input_order_and_the_same_for_a_seed(tmp_path):
    (tmp_path / "in.csv").write_text("id,text\n" + "".join(f"{i:04d},象牙{i}\n" for i in range(500)), "utf-8")
    picks = []
    for seed in ("1", "1", "2"):
        assert run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--sample", "20", "--seed",
                   seed).exit_code == 0
        picks.append(rows_of(tmp_path / "out.csv").id.tolist())
    assert len(picks[0]) == 20 and picks[0] == sorted(picks[0]) and len(set(picks[0])) == 20
    assert picks[0] == picks[1] != picks[2]


def test_the_summary_counts_flagged_rows_per_product_family(tmp_path, posts):
    result = run("score", posts, "-o", tmp_path / "out.csv", "--flagged-only")
    scored, families = result.stderr.splitlines()[-2:]
    assert scored.startswith("Scored 4 rows (2 flagged), wrote 2 in ")
    assert families == "Flagged by product family: rhino_horn 1, ivory 1"


# --- several inputs ----------------------------------------------------------------------------------------------

@pytest.fixture
def exports(tmp_path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    for name, text in (("day1", TRADE), ("day2", INNOCENT)):
        (folder / f"{name}.csv").write_text(f"id,text\n{name},{text}\n", encoding="utf-8")
    return folder


def test_several_inputs_each_get_their_own_output_next_to_them(exports):
    assert run("score", exports / "day1.csv", exports / "day2.csv").exit_code == 0
    assert rows_of(exports / "day1.scored.csv").trade_flag.tolist() == ["1"]
    assert rows_of(exports / "day2.scored.csv").trade_flag.tolist() == ["0"]


def test_a_glob_goes_into_an_output_folder(tmp_path, exports):
    result = run("score", str(exports / "*.csv"), "-o", tmp_path / "scored")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "scored").iterdir()) == ["day1.scored.csv", "day2.scored.csv"]


def test_concat_writes_every_input_into_one_output(tmp_path, exports):
    result = run("score", str(exports / "*.csv"), "--concat", "-o", tmp_path / "all.csv")
    assert result.exit_code == 0
    assert rows_of(tmp_path / "all.csv").id.tolist() == ["day1", "day2"]
    assert [line.split(":")[0] for line in result.stderr.splitlines() if line.startswith("Read ")] == [
        f"Read {exports / 'day1.csv'}", f"Read {exports / 'day2.csv'}"]


@pytest.mark.slow
def test_concat_refuses_inputs_with_other_columns(tmp_path, exports):
    (exports / "day3.csv").write_text("id,body\nx,y\n", encoding="utf-8")
    result = run("score", str(exports / "*.csv"), "--concat", "-o", tmp_path / "all.csv", "--text-col", "id")
    assert result.exit_code == 2 and "--concat needs the same columns" in result.stderr
    assert not (tmp_path / "all.csv").exists()


def test_several_inputs_to_stdout_need_concat(exports):
    result = run("score", exports / "day1.csv", exports / "day2.csv", "-o", "-")
    assert result.exit_code == 2 and "--concat" in result.stderr


# --- standard input and pipes --------------------------------------------------------------------------------------

def _line(stream, seconds=120) -> bytes:
    ready, _, _ = select.select([stream], [], [], seconds)
    assert ready, "no output line came"
    return stream.readline()


@pytest.mark.slow
def test_stdin_rows_come_out_as_they_are_scored_before_the_input_ends():
    process = command("score", "-", "-o", "-", "-q", stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                      stderr=subprocess.PIPE)
    try:
        process.stdin.write(f"id,text\n1,{TRADE}\n".encode())
        process.stdin.flush()
        assert _line(process.stdout).startswith(b"id,text,trade_score")
        assert _line(process.stdout).startswith("1,".encode())  # while the input is still open
        process.stdin.write(f"2,{INNOCENT}\n".encode())
        process.stdin.close()
        assert _line(process.stdout).startswith(b"2,")
        assert process.wait(timeout=120) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()
        process.stderr.close()


@pytest.mark.slow
def test_a_closed_downstream_pipe_exits_0_quietly(tmp_path):
    path = tmp_path / "big.csv"
    # More than a pipe holds, so the command is still writing when the reader goes away.
    path.write_text("id,text\n" + "".join(f"{i},{TRADE}{i}\n" for i in range(3000)), encoding="utf-8")
    process = command("score", path, "-o", "-", "-q", "--jobs", "1", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert _line(process.stdout).startswith(b"id,text")
    process.stdout.close()
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0
    assert err == b""


# --- warnings ------------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_long_posts_give_one_warning_per_run_with_their_rows_from_every_worker(tmp_path, capfd):
    from wildtrade_clf.batch import score_file

    rows = [TRADE if i % 3 else "象牙" * 6000 for i in range(9)]
    pd.DataFrame({"text": rows}).to_csv(tmp_path / "in.csv", index=False)
    summary = score_file(tmp_path / "in.csv", tmp_path / "out.csv", jobs=2, chunk_rows=2)  # 5 chunks: workers
    assert summary.warnings == [
        f"3 posts longer than 10,000 characters (data rows 1, 4, 7 of {tmp_path / 'in.csv'}) scored on the first "
        f"and last 5,000 characters"]
    assert "Warning" not in capfd.readouterr().err


def test_damaged_text_is_warned_about_with_its_rows(tmp_path):
    (tmp_path / "in.csv").write_text(f"text\n{TRADE}\n犀\ufffd杯\n", encoding="utf-8")
    result = run("score", tmp_path / "in.csv", "-o", tmp_path / "out.csv", "-q")
    assert result.exit_code == 0
    assert result.stderr.startswith("Warning: data row 2 of")
    assert "replacement character" in result.stderr


# --- suggest and audit keep the user's data too ---------------------------------------------------------------

def test_suggest_refuses_an_input_with_its_own_columns_and_takes_a_prefix(tmp_path):
    (tmp_path / "in.csv").write_text("text,suggest_score\n" + "".join(f"象牙{i},mine\n" for i in range(5)), "utf-8")
    (tmp_path / "scored.csv").write_text("text,trade_score,suggest_score\n" +
                                         "".join(f"象牙{i},0.5,mine\n" for i in range(5)), "utf-8")
    refused = run("suggest", tmp_path / "scored.csv", "-n", "2", "-o", tmp_path / "out.csv")
    assert refused.exit_code == 2 and "already has a 'suggest_score' column" in refused.stderr
    assert run("suggest", tmp_path / "in.csv", "-n", "2", "-o", tmp_path / "out.csv", "--prefix", "m_").exit_code == 0
    out = rows_of(tmp_path / "out.csv")
    assert list(out.columns) == ["text", "suggest_score", "m_trade_score", "m_trade_terms", "label"]
    assert set(out.suggest_score) == {"mine"}


def test_suggest_leaves_whitespace_labels_as_they_were_and_keeps_crlf(tmp_path):
    posts = ["象牙手镯", "犀角杯", "周末看大象", "穿山甲片"]
    (tmp_path / "in.csv").write_bytes(b"text,label\r\n" + "".join(f"{post}, \r\n" for post in posts).encode())
    assert run("suggest", tmp_path / "in.csv", "-n", "2", "-o", tmp_path / "out.csv").exit_code == 0
    data = (tmp_path / "out.csv").read_bytes()
    assert data.count(b"\r\n") == 3 and rows_of(tmp_path / "out.csv").label.tolist() == [" ", " "]


def test_suggest_refuses_to_write_over_its_input(tmp_path):
    (tmp_path / "in.csv").write_text("text\na\nb\n", encoding="utf-8")
    result = run("suggest", tmp_path / "in.csv", "-o", tmp_path / "in.csv")
    assert result.exit_code == 2 and "is the input file" in result.stderr


def test_audit_refuses_an_input_with_a_column_it_adds_before_training(tmp_path):
    (tmp_path / "in.csv").write_text("text,label,oof_score\n象牙,1,x\n看大象,0,y\n", encoding="utf-8")
    result = run("audit", tmp_path / "in.csv", "--label-col", "label", "-o", tmp_path / "out.csv")
    assert result.exit_code == 2 and "already has a 'oof_score' column" in result.stderr
