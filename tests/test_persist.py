"""Model folders: round trips, and refusal of anything missing, corrupt, swapped or unsafe."""

import json
import pickle
import shutil
import zipfile

import numpy as np
import pytest

from wildtrade_clf import ModelError, load_model
from wildtrade_clf.persist import CARD_FILE, PIPELINE_FILE


@pytest.fixture
def saved(tmp_path, small_model):
    folder = tmp_path / "model"
    small_model.save(folder)
    return folder


def test_save_and_load_give_identical_scores(saved, small_model, labelled):
    loaded = load_model(saved)
    np.testing.assert_array_equal(loaded.score(labelled.text), small_model.score(labelled.text))
    assert loaded.threshold == small_model.threshold
    assert loaded.card == small_model.card


def test_saving_over_an_existing_model_replaces_it(saved, small_model):
    small_model.save(saved)
    assert sorted(p.name for p in saved.parent.iterdir()) == ["model"]
    load_model(saved)


def test_saving_into_a_missing_folder_names_it(tmp_path, small_model):
    with pytest.raises(ModelError, match="does not exist"):
        small_model.save(tmp_path / "no" / "such" / "model")


def test_saving_over_a_folder_that_is_not_a_model_is_refused(tmp_path, small_model):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine")
    with pytest.raises(ModelError, match="not a model folder"):
        small_model.save(tmp_path / "notes")
    assert (tmp_path / "notes" / "keep.txt").read_text() == "mine"


def _corrupt_card(folder):
    (folder / CARD_FILE).write_text("{not json", encoding="utf-8")


def _truncate_pipeline(folder):
    data = (folder / PIPELINE_FILE).read_bytes()
    (folder / PIPELINE_FILE).write_bytes(data[: len(data) // 2])


def _remove_pipeline(folder):
    (folder / PIPELINE_FILE).unlink()


def _remove_card(folder):
    (folder / CARD_FILE).unlink()


def _future_format(folder):
    card = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
    card["format_version"] = 99
    (folder / CARD_FILE).write_text(json.dumps(card), encoding="utf-8")


@pytest.mark.parametrize("damage, message", [
    (_corrupt_card, "corrupt"),
    (_truncate_pipeline, "does not match its card"),
    (_remove_pipeline, "pipeline.skops is missing"),
    (_remove_card, "not a model folder"),
    (_future_format, "format 99"),
])
def test_damaged_model_folders_are_refused(saved, damage, message):
    damage(saved)
    with pytest.raises(ModelError, match=message):
        load_model(saved)


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        load_model(tmp_path / "nowhere")


def test_a_file_is_not_a_model_folder(tmp_path):
    path = tmp_path / "model.pkl"
    path.write_bytes(b"x")
    with pytest.raises(ModelError, match="is a file"):
        load_model(path)


class _Payload:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _rehash(folder):
    from wildtrade_clf.persist import _sha256

    card = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
    card["pipeline_sha256"] = _sha256(folder / PIPELINE_FILE)
    (folder / CARD_FILE).write_text(json.dumps(card), encoding="utf-8")


def test_a_swapped_pickle_is_refused_without_running(saved, tmp_path):
    marker = tmp_path / "pwned"
    (saved / PIPELINE_FILE).write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(ModelError, match="does not match its card"):
        load_model(saved)
    _rehash(saved)  # an attacker who also edits the card
    with pytest.raises(ModelError):
        load_model(saved)
    assert not marker.exists()


def test_a_skops_file_with_untrusted_types_is_refused(saved, tmp_path):
    import skops.io

    skops.io.dump({"pipeline": shutil.copyfile}, saved / PIPELINE_FILE)
    _rehash(saved)
    with pytest.raises(ModelError, match="not allowed"):
        load_model(saved)


def test_loading_does_not_write_to_the_model_folder(saved):
    saved.chmod(0o555)
    try:
        before = sorted((p.name, p.stat().st_mtime_ns) for p in saved.iterdir())
        load_model(saved).score(["象牙"])
        assert sorted((p.name, p.stat().st_mtime_ns) for p in saved.iterdir()) == before
    finally:
        saved.chmod(0o755)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("WILDTRADE_CACHE_DIR", str(folder))
    return folder


def _no_skops(monkeypatch):
    from wildtrade_clf import persist

    def refuse(*args):
        raise AssertionError("loaded through skops, not from the cache")

    monkeypatch.setattr(persist, "_load_skops", refuse)


def test_a_checked_model_is_loaded_from_the_cache_the_second_time(saved, cache, monkeypatch, labelled):
    first = load_model(saved).score(labelled.text)
    assert len(list(cache.glob("*.pickle"))) == 2  # the pipeline, and what scoring runs
    _no_skops(monkeypatch)
    np.testing.assert_array_equal(load_model(saved).score(labelled.text), first)


def test_a_model_from_the_cache_loads_its_pipeline_only_when_asked(saved, cache, tmp_path):
    expected = load_model(saved).explain("出老犀角杯，价格私聊，加V详谈")
    model = load_model(saved)
    model.score(["象牙"])
    assert model.explain("出老犀角杯，价格私聊，加V详谈") == expected
    assert model._pipeline is None  # scoring and explaining run on the cached path
    model.save(tmp_path / "copy")
    assert model._pipeline is not None


def test_a_model_whose_folder_changed_after_loading_refuses_to_load_its_pipeline(saved, cache):
    load_model(saved)
    model = load_model(saved)
    card = json.loads((saved / CARD_FILE).read_text(encoding="utf-8"))
    _truncate_pipeline(saved)
    _rehash(saved)
    assert json.loads((saved / CARD_FILE).read_text(encoding="utf-8"))["pipeline_sha256"] != card["pipeline_sha256"]
    with pytest.raises(ModelError, match="has changed since this model was loaded"):
        model.pipeline  # noqa: B018


def test_what_scoring_runs_is_not_taken_from_the_cache_when_its_code_changed(saved, cache, monkeypatch, labelled):
    from wildtrade_clf import model as model_module

    expected = load_model(saved).score(labelled.text)
    monkeypatch.setattr(model_module, "_scoring_code", lambda: "other code")
    np.testing.assert_array_equal(load_model(saved).score(labelled.text), expected)
    assert len(list(cache.glob("*.pickle"))) == 3


def test_a_damaged_cache_entry_is_rebuilt_not_trusted(saved, cache, labelled):
    expected = load_model(saved).score(labelled.text)
    entries = sorted(cache.glob("*.pickle"))
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    np.testing.assert_array_equal(load_model(saved).score(labelled.text), expected)
    assert [entry.read_bytes() != b"not a pickle" for entry in entries] == [True] * len(entries)


def test_a_cache_others_can_write_to_is_not_read(saved, cache, monkeypatch):
    load_model(saved)
    cache.chmod(0o777)
    _no_skops(monkeypatch)
    with pytest.raises(AssertionError, match="through skops"):
        load_model(saved)


def test_a_changed_model_file_never_comes_from_the_cache(saved, cache):
    load_model(saved)
    _truncate_pipeline(saved)
    with pytest.raises(ModelError, match="does not match its card"):
        load_model(saved)


def test_without_a_writable_cache_models_still_load(saved, tmp_path, monkeypatch, labelled):
    monkeypatch.setenv("WILDTRADE_CACHE_DIR", str(tmp_path / "model.pkl" / "cache"))
    (tmp_path / "model.pkl").write_bytes(b"a file where the folder would go")
    assert len(load_model(saved).score(labelled.text)) == len(labelled)


def test_a_saved_vocabulary_is_one_array_of_terms_not_a_node_per_term(saved, small_model):
    schema = zipfile.ZipFile(saved / PIPELINE_FILE).read("schema.json").decode("utf-8")
    vocabulary = small_model.pipeline.named_steps["features"].vectorizer_.vocabulary_
    assert '"vocabulary_terms_"' in schema and '"vocabulary_"' not in schema
    assert load_model(saved).pipeline.named_steps["features"].vectorizer_.vocabulary_ == vocabulary


def test_a_folder_of_the_previous_format_loads_and_scores_the_same(tmp_path, small_model, labelled, monkeypatch, cache):
    from sklearn.base import BaseEstimator

    from wildtrade_clf.features import TokenTfidf

    with monkeypatch.context() as patch:  # saves the vocabulary as a dict, as format 2 did
        patch.setattr(TokenTfidf, "__getstate__", BaseEstimator.__getstate__)
        small_model.save(tmp_path / "old")
    card = json.loads((tmp_path / "old" / CARD_FILE).read_text(encoding="utf-8"))
    (tmp_path / "old" / CARD_FILE).write_text(json.dumps({**card, "format_version": 2}), encoding="utf-8")
    assert '"vocabulary_"' in zipfile.ZipFile(tmp_path / "old" / PIPELINE_FILE).read("schema.json").decode("utf-8")
    np.testing.assert_array_equal(load_model(tmp_path / "old").score(labelled.text), small_model.score(labelled.text))


@pytest.mark.parametrize("vocabulary", [{"a\nb": 0, "c": 1}, {"": 0}])
def test_a_vocabulary_that_would_not_split_back_stays_a_dict(small_model, vocabulary):
    features = pickle.loads(pickle.dumps(small_model.pipeline.named_steps["features"]))
    features.vectorizer_.vocabulary_ = dict(vocabulary)
    assert "vocabulary_terms_" not in features.__getstate__()
    assert pickle.loads(pickle.dumps(features)).vectorizer_.vocabulary_ == vocabulary
