"""The scoring fast path (wildtrade_clf.fastpath) gives what the pipeline's own steps give, to the bit: normalised
text, tokens, count and TF-IDF matrices, scores and terms, on the corpus, the hand-written posts and generated
text, and the same output files for every kind of input. The reference is the pipeline's ``transform`` path,
scored as ``Model`` scored before the fast path existed (``reference_score_with_terms``)."""

import copy
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

import wildtrade_clf
from wildtrade_clf import batch, textrules
from wildtrade_clf.model import Model
from wildtrade_clf.parts import highest, with_parts
from wildtrade_clf.posts import as_posts
from wildtrade_clf.textrules import _EMOJI_WORDS, _to_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS_ROWS = 3000


def _texts(path: Path, limit: int | None = None) -> list[str]:
    with open(path, newline="", encoding="utf-8") as file:
        return [row["text"] for _, row in zip(range(limit or 10**9), csv.DictReader(file), strict=False)]


CORPUS = _texts(ROOT / "data" / "corpus.csv", CORPUS_ROWS)
WRITTEN = [text for path in sorted((ROOT / "data" / "written").glob("*.csv")) for text in _texts(path)]
HANDWRITTEN = _texts(ROOT / "data" / "handwritten.csv")
POSTS = CORPUS + WRITTEN + HANDWRITTEN


def reference_score_with_terms(model: Model, texts) -> tuple[np.ndarray, list[list[str]]]:
    """``Model.score_with_terms`` as it was before the fast path: every step's own ``transform``."""
    distinct: dict[str, int] = {}
    rows = np.array([distinct.setdefault(_to_text(text), len(distinct)) for text in as_posts(texts)], dtype=np.intp)
    posts = list(distinct)
    entries, owner = with_parts(posts) if model.scores_parts else (posts, None)
    steps = model.pipeline.named_steps
    tokens = steps["tokenize"].transform(steps["normalise"].transform(as_posts(entries)))
    scores = model.pipeline[2:].predict_proba(tokens)[:, 1] if tokens else np.empty(0, dtype=np.float64)
    if owner is not None:
        scores = highest(scores, owner, len(posts))
    found = [model._matcher.families(post) for post in tokens[:len(posts)]]
    return scores[rows], [found[row] for row in rows]


def assert_same_scores(model: Model, texts) -> None:
    scores, terms = model.score_with_terms(texts)
    expected, expected_terms = reference_score_with_terms(model, texts)
    assert scores.dtype == expected.dtype and scores.tobytes() == expected.tobytes()
    assert terms == expected_terms


def reference_explanations(model: Model, texts: list[str], top: int) -> list[list[tuple[str, float]]]:
    """``Model.explain`` of each text as it was before the fast path explained: the pipeline's own steps and
    coefficients."""
    steps = model.pipeline.named_steps
    tokens = steps["tokenize"].transform(steps["normalise"].transform([model.deciding_part(text) for text in texts]))
    rows = steps["features"].transform(tokens).tocsr()
    coef, all_names = steps["classify"].coef_, steps["features"].get_feature_names_out()
    found = []
    for row in rows:
        weights, names = row.data * coef[row.indices], all_names[row.indices]
        order = sorted(range(len(weights)), key=lambda i: (-abs(weights[i]), names[i]))
        found.append([(str(names[i]), float(weights[i])) for i in order[:top] if weights[i] != 0])
    return found


def assert_same_explanations(model: Model, texts: list[str]) -> None:
    expected = reference_explanations(model, texts, top=40)
    assert [model.explain(text, top=40) for text in texts] == expected


def assert_same_matrices(model: Model, texts: list[str]) -> None:
    path = model._scoring_path()
    steps = model.pipeline.named_steps
    normalised = list(dict.fromkeys(steps["normalise"].transform(texts)))
    tokens, rows = path.tokens_and_counts(normalised)
    counts = path.matrix(rows)
    assert tokens == steps["tokenize"].transform(normalised)
    vectorizer = steps["features"].vectorizer_
    expected = CountVectorizer.transform(vectorizer, tokens)
    assert type(counts) is type(expected) and counts.shape == expected.shape
    for name in ("data", "indices", "indptr"):
        got, want = getattr(counts, name), getattr(expected, name)
        assert got.dtype == want.dtype and got.tobytes() == want.tobytes(), name
    weighted, reference = path.features(normalised)[1], steps["features"].transform(tokens)
    for name in ("data", "indices", "indptr"):
        assert getattr(weighted, name).tobytes() == getattr(reference, name).tobytes(), name


@pytest.fixture(scope="module")
def model() -> Model:
    return wildtrade_clf.load_model()


@pytest.fixture(scope="module")
def entries() -> list[str]:
    """The posts and their parts, each once."""
    return list(dict.fromkeys(with_parts(POSTS)[0]))


def test_gated_normalisation_equals_the_reference_on_posts_and_their_parts(model, entries):
    normaliser = model.pipeline.named_steps["normalise"]
    assert len(entries) > len(POSTS)
    expected = [normaliser.normalise(text) for text in entries]
    mismatches = [(text, want, got) for text, want, got in zip(entries, expected, normaliser.normalise_batch(entries),
                                                               strict=True) if want != got]
    assert mismatches == []


def test_gated_normalisation_of_a_text_does_not_depend_on_the_texts_beside_it(model, entries):
    normaliser = model.pipeline.named_steps["normalise"]
    alone = [normaliser.normalise_batch([text])[0] for text in entries[:3000]]
    assert normaliser.normalise_batch(entries[:3000][::-1])[::-1] == alone
    assert normaliser.normalise_batch(["", "\x00", *entries[:50], "\x00"])[2:-1] == alone[:50]


def test_gated_normalisation_finds_no_gate_across_two_neighbouring_texts(model):
    # Each pair, written as one text, would open a pass that neither text opens alone.
    pairs = [("犀/", "角杯"), ("加", "v 详谈"), ("q ", " q 123456"), ("138001", "38000"), ("价格", "300"), ("iv0", "ry"),
             ("xiang", "ya"), ("r.h", ".i.n.o"), ("象", "牙"), ("一三八一", "二三四五"), ("🐘", "牙"), ("@", "abc_12"),
             ("www.", "a.com"), ("薇", "信"), ("纸飞", "机"), ("whats", " app")]
    texts = [text for pair in pairs for text in pair]
    normaliser = model.pipeline.named_steps["normalise"]
    assert normaliser.normalise_batch(texts) == [normaliser.normalise(text) for text in texts]
    joined_differently = [a + b for a, b in pairs if normaliser.normalise(a + b) != normaliser.normalise(a) +
                          normaliser.normalise(b)]
    assert len(joined_differently) > len(pairs) // 2, joined_differently


def test_gated_normalisation_equals_the_reference_with_each_pass_switched_off(entries):
    for params in ({"to_simplified": False}, {"undo_disguises": False}, {"placeholders": False},
                   {"variants": False}):
        normaliser = wildtrade_clf.TextNormaliser(**params).fit()
        assert normaliser.normalise_batch(entries[:2000]) == \
            [normaliser.normalise(text) for text in entries[:2000]], params


def test_tokens_and_matrices_equal_the_reference(model, entries):
    assert_same_matrices(model, entries)


def test_scores_and_terms_equal_the_reference_with_parts(model):
    assert model.scores_parts
    several = [text for text in POSTS if len(with_parts([text])[0]) > 2]
    assert len(several) > 500  # posts of several lines, sentences or list items
    assert_same_scores(model, POSTS)


def test_explanations_equal_the_reference(model):
    assert_same_explanations(model, HANDWRITTEN + WRITTEN[::10] + ["", "666", "🐘", "出几样：\n普洱茶饼一提\n犀角杯一只"])


def test_a_model_without_parts_or_with_the_jieba_backend_scores_as_its_reference(model):
    pipeline = copy.deepcopy(model.pipeline)
    pipeline.named_steps["tokenize"].backend = "jieba"
    card = {**model.card, "score_parts": False}
    other = Model(pipeline, card)
    assert_same_scores(other, POSTS[:800] + WRITTEN)


def test_a_small_model_with_other_feature_settings_scores_as_its_reference(labelled):
    trained = wildtrade_clf.train_model(labelled.text, labelled.label, seed=0, params={
        "features__min_df": 1, "features__ngram_range": (1, 2), "features__latin_char_ngram": 3,
        "features__char_ngram_range": (2, 3)}, score_parts=True, bootstrap=0).model
    assert_same_scores(trained, POSTS[:1500])
    assert_same_matrices(trained, POSTS[:1500])


def test_the_opencc_gate_holds_every_character_that_converts_on_its_own(model):
    gate = textrules._t2s_gate()
    if gate is None:
        pytest.skip("the installed OpenCC dictionaries differ from resources/t2s_gate.tsv: the converter runs always")
    converter = model.pipeline.named_steps["normalise"].rules()._converter()
    codes = [*range(0x3400, 0xA000), *range(0xF900, 0xFB00), *range(0x20000, 0x2FA20)]
    converted = converter.convert("\n".join(map(chr, codes))).split("\n")
    assert len(converted) == len(codes)
    assert [chr(code) for code, out in zip(codes, converted, strict=True) if out != chr(code) and not gate(chr(code))] == []


# Characters that reach every pass: Chinese (simplified, traditional, stand-ins), Latin, digits and leet symbols,
# Cyrillic and Greek look-alikes, accents, emoji, separators, full-width forms, invisible and control characters.
_ALPHABET = ("犀角象牙虎骨穿山甲片熊胆出售加微信薇威扣纸飞机电报号价格元块克斤两厘米公分零一二三四五六七八九幺貨難現買賣這個裡"
             "abcdefghijklmnopqrstuvwxyzIVORYXQ0123456789@$!|аеорсхуαοριτéíÀ"
             + "".join(_EMOJI_WORDS) + "🔥💰✨❤♥☆★ ,.，。、；;:：!！?？/\\|*-_~·•+()（）【】《》¥$€£\n\r\t\u200b\u3000ａＢ１")
_FRAGMENTS = ["ivory", "i.v.o.r.y", "1v0ry", "rhino", "rh1n0", "h0rn", "tusk", "wechat", "vx", "wx", "v信", "加v",
              "+v", "加薇", "qq", "q q", "扣扣", "tg", "whatsapp", "wsp", "line", "微信号", "电话", "@abc_12",
              "abc12345", "13812345678", "+86 138 1234 5678", "一三八一二三四五六七八", "www.example.com",
              "shop.cn/abc", "a@b.com", "¥3800", "380元", "5k", "12g", "4g", "500克", "30cm", "价格:300", "price 50",
              "犀/角", "象 牙", "虎*骨", "犀，角，杯", "w/h/o/l/e/ /h/o/r/n", "xiangya", "现货", "難得好貨", "🐘牙"]
POST = st.lists(st.one_of(st.text(alphabet=_ALPHABET, max_size=12), st.sampled_from(_FRAGMENTS)),
                max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(POST, min_size=1, max_size=6))
def test_generated_posts_normalise_tokenize_and_score_as_the_reference(model, texts):
    normaliser = model.pipeline.named_steps["normalise"]
    entries = with_parts(texts)[0]
    assert normaliser.normalise_batch(entries) == [normaliser.normalise(text) for text in entries]
    assert_same_scores(model, texts)
    assert_same_matrices(model, texts)


# --- output files ------------------------------------------------------------------------------------------------

def _reference(monkeypatch):
    monkeypatch.setattr(Model, "score_with_terms", reference_score_with_terms)


@pytest.fixture(scope="module")
def table_rows() -> list[list[str]]:
    """Ids with leading zeros, NA, empty posts, multi-line posts (quoted), and every kind of post above."""
    rows = [["00001", "NA"], ["00002", ""], ["00003", "出老犀角杯\n价格私聊\r\n加V详谈"]]
    rows += [[f"{i:05d}", text] for i, text in enumerate(CORPUS[:250] + WRITTEN[:150], start=4)]
    return rows


def _write_csv(path: Path, rows, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as file:
        writer = csv.writer(file, delimiter=delimiter, lineterminator="\r\n" if encoding != "utf-8" else "\n")
        writer.writerow(["id", "text"])
        writer.writerows(rows)
    return path


def _score_both(monkeypatch, tmp_path, source: Path, suffix: str, **options) -> tuple[bytes, bytes]:
    fast, slow = tmp_path / f"fast{suffix}", tmp_path / f"reference{suffix}"
    batch.score_file(source, fast, jobs=1, chunk_rows=100, **options)
    with monkeypatch.context() as patch:
        _reference(patch)
        batch.score_file(source, slow, jobs=1, chunk_rows=100, **options)
    return fast.read_bytes(), slow.read_bytes()


@pytest.mark.parametrize("kind", ["utf-8 csv", "gb18030 csv", "tsv"])
def test_text_outputs_are_byte_identical_to_the_reference(monkeypatch, tmp_path, table_rows, kind):
    if kind == "gb18030 csv":
        source = _write_csv(tmp_path / "posts.csv", table_rows, ";", "gb18030")
    elif kind == "tsv":
        source = _write_csv(tmp_path / "posts.tsv", table_rows, "\t")
    else:
        source = _write_csv(tmp_path / "posts.csv", table_rows)
    suffix = ".tsv" if kind == "tsv" else ".csv"
    fast, reference = _score_both(monkeypatch, tmp_path, source, suffix)
    assert fast == reference and fast.count(b"\n") > len(table_rows)


def test_parquet_output_is_byte_identical_to_the_reference(monkeypatch, tmp_path, table_rows):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source = tmp_path / "posts.parquet"
    pq.write_table(pa.table({"id": [row[0] for row in table_rows], "text": [row[1] for row in table_rows]}), source)
    fast, reference = _score_both(monkeypatch, tmp_path, source, ".parquet")
    assert fast == reference
    assert pq.read_table(tmp_path / "fast.parquet").num_rows == len(table_rows)


def test_standard_input_and_worker_processes_give_the_reference_bytes(monkeypatch, tmp_path, table_rows):
    source = _write_csv(tmp_path / "posts.csv", table_rows)
    with monkeypatch.context() as patch:
        _reference(patch)
        batch.score_file(source, tmp_path / "reference.csv", jobs=1)
    expected = (tmp_path / "reference.csv").read_bytes()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(source, "rb") as stdin:
        done = subprocess.run([sys.executable, "-m", "wildtrade_clf", "score", "-", "-o", str(tmp_path / "stdin.csv"),
                               "-q"], stdin=stdin, env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert (tmp_path / "stdin.csv").read_bytes() == expected
    batch.score_file(source, tmp_path / "workers.csv", jobs=2, chunk_rows=60)
    assert (tmp_path / "workers.csv").read_bytes() == expected


@pytest.mark.parametrize("calibration", ["isotonic", None])
def test_a_model_calibrated_otherwise_scores_as_its_reference(labelled, calibration):
    trained = wildtrade_clf.train_model(labelled.text, labelled.label, seed=0, bootstrap=0,
                                        params={"classify__calibration": calibration}).model
    assert trained._scoring_path()._linear is None  # scored through scikit-learn's own classifier
    assert_same_scores(trained, POSTS[:600])
    assert_same_explanations(trained, HANDWRITTEN[:100])


def _run_cli(tmp_path: Path, *args: str) -> tuple[str, list[str]]:
    """What ``wildtrade ARGS`` prints, run in a fresh process with its own model cache, and which of scikit-learn,
    scipy and pandas it imported."""
    script = ("import json, runpy, sys\nsys.argv = ['wildtrade', *sys.argv[1:]]\n"
              "try:\n    runpy.run_module('wildtrade_clf', run_name='__main__')\nexcept SystemExit as done:\n"
              "    assert not done.code, done.code\n"
              "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules} & {'sklearn', 'scipy', 'pandas'})))")
    env = {**os.environ, "WILDTRADE_CACHE_DIR": str(tmp_path / "cache")}
    lines = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                           check=True).stdout.strip().splitlines()
    return "\n".join(lines[:-1]), json.loads(lines[-1])


def test_scoring_a_file_with_a_cached_model_imports_neither_scikit_learn_nor_scipy_nor_pandas(tmp_path):
    posts = tmp_path / "posts.csv"
    posts.write_text("text\n出老犀角杯，价格私聊，加V详谈\n周末去动物园看大象\n", encoding="utf-8")
    first, second = (_run_cli(tmp_path, "score", str(posts), "-o", str(tmp_path / f"out{i}.csv"))[1] for i in range(2))
    assert first != []  # the first load builds the cache through skops
    assert second == []
    assert (tmp_path / "out0.csv").read_bytes() == (tmp_path / "out1.csv").read_bytes()


def test_explaining_with_a_cached_model_imports_neither_scikit_learn_nor_scipy_nor_pandas(tmp_path):
    post = "出老犀角杯，价格私聊，加V详谈"
    first, second = (_run_cli(tmp_path, "explain", post) for _ in range(2))
    assert first[1] != [] and second[1] == []
    assert second[0] == first[0] and "c:犀" in second[0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.floats(-1e3, 1e3, allow_nan=False), max_size=40), min_size=1, max_size=20))
def test_row_sums_add_each_rows_values_one_after_another(rows):
    from wildtrade_clf.fastpath import _row_sums

    values = np.array([value for row in rows for value in row], dtype=np.float64)
    indptr = np.cumsum([0, *map(len, rows)])
    expected = []
    for row in rows:
        total = 0.0
        for value in row:
            total += value
        expected.append(total)
    assert _row_sums(values, indptr).tolist() == expected


@pytest.mark.parametrize("options", [{}, {"sublinear_tf": True}, {"use_idf": False}, {"norm": None},
                                     {"sublinear_tf": True, "smooth_idf": False}])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.integers(0, 5), min_size=6, max_size=6), min_size=2, max_size=12))
def test_the_weighting_equals_scikit_learns_tfidf_transformer(options, counts):
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfTransformer

    from wildtrade_clf.fastpath import Rows, _Weighting

    matrix = sparse.csr_matrix(np.array([*counts, [1] * 6], dtype=np.float64))  # every column in some row
    matrix.sort_indices()
    transformer = TfidfTransformer(**options).fit(matrix)
    expected = transformer.transform(matrix.copy())
    got = _Weighting(transformer)(Rows(matrix.data.copy(), matrix.indices, matrix.indptr, matrix.shape[1]))
    assert got.data.tobytes() == expected.data.tobytes()


def test_where_numpy_rounds_unlike_the_compiled_loops_scikit_learns_arithmetic_is_used(model, monkeypatch):
    from wildtrade_clf import fastpath

    exact = fastpath._row_sums
    monkeypatch.setattr(fastpath, "_row_sums", lambda values, indptr: exact(values, indptr) * (1 + 2.0 ** -50))
    other = Model(model.pipeline, model.card)
    path = other._scoring_path()
    assert isinstance(path._weighting, fastpath._TransformerWeighting) and path._linear is None
    assert_same_scores(other, POSTS[:600])
