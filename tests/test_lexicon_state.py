"""A fitted model owns its lexicon: what is installed beside it never changes its scores or its terms."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sklearn.exceptions import NotFittedError

import wildtrade_clf
from wildtrade_clf import ModelError, PostTokenizer, TextNormaliser, TokenTfidf, load_model

ROOT = Path(__file__).resolve().parent.parent
POSTS = ["出白料手镯，加V详谈", "象牙白瓷砖，包邮", "xiangya 印章 私聊", "哇哇鱼苗出售", "周末去动物园看大象"]


def _score_in_subprocess(package_root: Path, model_dir: Path) -> list[float]:
    code = ("import json, sys, wildtrade_clf; m = wildtrade_clf.load_model(sys.argv[1]); "
            "print(json.dumps([wildtrade_clf.__file__, m.score(json.loads(sys.argv[2])).tolist(), "
            "m.terms(json.loads(sys.argv[2]))]))")
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    out = subprocess.run([sys.executable, "-c", code, str(model_dir), json.dumps(POSTS)], env=env,
                         capture_output=True, text=True, check=True, cwd=package_root)
    return json.loads(out.stdout)


@pytest.mark.slow
def test_a_saved_model_scores_the_same_after_the_installed_lexicon_changes(small_model, tmp_path):
    small_model.save(tmp_path / "model")
    altered = tmp_path / "altered"
    shutil.copytree(ROOT / "wildtrade_clf", altered / "wildtrade_clf",
                    ignore=shutil.ignore_patterns("__pycache__", "models"))
    resources = altered / "wildtrade_clf" / "resources"
    (resources / "lexicon.tsv").write_text("term\tfamily\n白料\tnews\n", encoding="utf-8")
    (resources / "variants.tsv").write_text("variant\tword\n", encoding="utf-8")
    location, scores, terms = _score_in_subprocess(altered, tmp_path / "model")
    assert Path(location).is_relative_to(altered)
    assert scores == small_model.score(POSTS).tolist()
    assert terms == small_model.terms(POSTS)


def test_each_step_copies_its_table_when_fitted():
    lexicon = {"白料": "ivory"}
    tokenizer = PostTokenizer(lexicon=lexicon).fit()
    lexicon["象牙白"] = "-"
    assert tokenizer.lexicon_ == {"白料": "ivory"}


@pytest.mark.parametrize("step, attribute", [
    (TextNormaliser(variants=False), "variants_"),
    (PostTokenizer(lexicon=False), "lexicon_"),
])
def test_false_means_an_empty_table(step, attribute):
    assert getattr(step.fit(), attribute) == {}


@pytest.mark.parametrize("lexicon, tokens", [
    (True, ["出", "白料", "非洲料", "手串"]),
    (False, ["出", "白", "料", "非洲", "料", "手串"]),
    ({"非洲料": "ivory"}, ["出", "白", "料", "非洲料", "手串"]),
])
def test_the_tokenizer_keeps_whole_exactly_the_terms_of_its_lexicon(lexicon, tokens):
    assert PostTokenizer(lexicon=lexicon).fit()("出白料非洲料手串") == tokens


def test_domain_tags_come_from_the_features_own_lexicon():
    features = TokenTfidf(min_df=1, char_ngram_range=None, domain_tags={"白料": "ivory"}).fit([["出", "白料"], ["象牙"]])
    assert "__f_ivory__" in features.get_feature_names_out()
    assert features.transform([["象牙"]]).nnz == 1  # 象牙 is a plain word to this lexicon


def test_domain_tags_off_means_no_tags():
    features = TokenTfidf(min_df=1, char_ngram_range=None, domain_tags=False).fit([["出", "象牙"], ["看"]])
    assert features.get_feature_names_out().tolist() == ["出", "看", "象牙"]


def test_a_bad_table_is_refused_with_its_name():
    with pytest.raises(wildtrade_clf.InputError, match="variants must be True, False or a mapping"):
        TextNormaliser(variants=["象芽"]).fit()


@pytest.mark.parametrize("step, call", [
    (TextNormaliser(), lambda s: s.transform(["象牙"])),
    (PostTokenizer(), lambda s: s.transform(["象牙"])),
    (PostTokenizer(), lambda s: s("象牙")),
])
def test_an_unfitted_step_refuses_to_transform(step, call):
    with pytest.raises(NotFittedError):
        call(step)


def test_a_model_reports_terms_from_its_own_lexicon(labelled):
    own = wildtrade_clf.train_model(labelled.text, labelled.label, seed=0, bootstrap=0,
                                    params={"features__min_df": 1, "tokenize__lexicon": {"白料": "rhino_horn"}}).model
    assert own.terms(["出白料手镯"]) == [["rhino_horn"]]
    assert load_model().terms(["出白料手镯"]) == [["ivory"]]


def test_the_card_describes_the_lexicon_the_pipeline_holds(small_model):
    card = small_model.card["lexicon"]
    assert card["tokenizer"]["terms"] == len(small_model.pipeline.named_steps["tokenize"].lexicon_)
    assert set(card) == {"tokenizer", "domain_tags", "variants"}


def test_a_card_that_misdescribes_the_lexicon_is_refused(small_model, tmp_path):
    small_model.save(tmp_path / "model")
    card_path = tmp_path / "model" / "card.json"
    card = json.loads(card_path.read_text(encoding="utf-8"))
    card["lexicon"]["variants"]["sha256"] = "0" * 64
    card_path.write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelError, match="does not describe the lexicon its pipeline holds"):
        load_model(tmp_path / "model")

