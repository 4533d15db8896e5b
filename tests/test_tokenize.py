"""Tokenization: domain words kept whole, regex for everything that is not Chinese, backends agree."""

import pickle
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wildtrade_clf import InputError, PostTokenizer, TextNormaliser


@pytest.fixture(scope="module")
def tokenizer():
    return PostTokenizer().fit()


@pytest.mark.parametrize("text, expected", [
    ("出白料手镯", ["出", "白料", "手镯"]),
    ("鹤顶红摆件", ["鹤顶红", "摆件"]),
    ("象牙白瓷砖", ["象牙白", "瓷砖"]),
    ("穿山甲盾构机", ["穿山甲", "盾构机"]),
    ("熊胆粉", ["熊胆粉"]),
    ("沙图什披肩", ["沙图什", "披肩"]),
])
def test_domain_words_and_look_alikes_stay_whole(tokenizer, text, expected):
    assert tokenizer(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ivory bangle", ["ivory", "bangle"]),
    ("价格 __price__ 加微信", ["价格", "__price__", "加微信"]),
    ("2 件 3.5", ["__num__", "件", "__num__"]),
    ("don't", ["don't"]),
    ("🔥象牙", ["🔥", "象牙"]),
    ("café", ["café"]),
    ("привет мир", ["привет", "мир"]),
    ("!!! ,,, ...", []),
    ("", []),
])
def test_non_chinese_parts_are_cut_by_regex(tokenizer, text, expected):
    assert tokenizer(text) == expected


def test_unknown_backend_is_refused_with_the_choices():
    with pytest.raises(InputError, match="rjieba, jieba"):
        PostTokenizer(backend="thulac").fit()


def test_transform_gives_one_token_list_per_post(tokenizer):
    assert tokenizer.transform(["象牙", "", "象牙"]) == [["象牙"], [], ["象牙"]]


@pytest.mark.slow
def test_both_backends_give_the_same_tokens(labelled):
    texts = TextNormaliser().fit().transform(labelled.text)
    for hmm in (False, True):
        fast = PostTokenizer(backend="rjieba", hmm=hmm).fit().transform(texts)
        slow = PostTokenizer(backend="jieba", hmm=hmm).fit().transform(texts)
        assert fast == slow


def test_the_tokenizer_pickles_without_its_segmenter(tokenizer):
    tokenizer("象牙")  # builds the segmenter
    clone = pickle.loads(pickle.dumps(tokenizer))
    assert [key for key in clone.__dict__ if key.startswith("_built")] == []
    assert clone("出象牙手镯加微信") == tokenizer("出象牙手镯加微信")


def test_the_tokenizer_is_safe_to_share_between_threads(labelled):
    shared = PostTokenizer().fit()
    texts = TextNormaliser().fit().transform(labelled.text)
    expected = PostTokenizer().fit().transform(texts)
    results = [None] * 8

    def work(i):
        results[i] = shared.transform(texts)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results)


_SHARED, _OTHER = PostTokenizer().fit(), PostTokenizer().fit()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=200))
def test_tokenizer_never_crashes_and_is_deterministic_on_any_string(text):
    first = _SHARED(text)
    assert first == _OTHER(text)
    assert all(isinstance(token, str) and token for token in first)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=200))
def test_normalised_text_always_tokenizes(text):
    assert isinstance(_SHARED(TextNormaliser().fit().normalise(text)), list)
