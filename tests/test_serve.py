"""The scoring service: every endpoint and every refusal, in-process (Starlette's TestClient) for the details and
on a real ``wildtrade serve`` (subprocess, free loopback port) for what only a real server shows."""

import asyncio
import contextlib
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from wildtrade_clf import InputError
from wildtrade_clf.cli import cli
from wildtrade_clf.serve import ERROR_KINDS, PUBLIC_CARD_KEYS, Limits, _Batcher, create_app, read_api_key

ROOT = Path(__file__).resolve().parent.parent
POSTS = pd.read_csv(ROOT / "tests" / "data" / "posts.csv").text.tolist()
TRADE = "出老犀角杯，价格私聊，加V详谈"
INNOCENT = "周末去野生动物园看犀牛，小朋友很开心"
LONG = "祖传老物件 " * 1500 + "出白料手镯，加V详谈"  # over the normaliser's 10,000 characters
JSON = {"Content-Type": "application/json"}
KEY = "test-key-5bd1c0"


def score(client, payload, headers=JSON):
    return client.post("/v1/score", content=json.dumps(payload), headers=headers)


@pytest.fixture(scope="module")
def client(default_model):
    with TestClient(create_app(default_model)) as client:
        yield client


@pytest.fixture(scope="module")
def small(default_model):
    """At most 3 posts (2 with explain) and 300 bytes a request."""
    with TestClient(create_app(default_model, Limits(max_batch=3, max_body_bytes=300, max_explain=2))) as client:
        yield client


@pytest.fixture(scope="module")
def locked(default_model):
    with TestClient(create_app(default_model, api_key=KEY)) as client:
        yield client


@pytest.fixture
def fresh(default_model):
    """A new app, so its metrics start at zero."""
    with TestClient(create_app(default_model)) as client:
        yield client


# --- scoring -----------------------------------------------------------------------------------------------------

def test_scores_are_exactly_those_of_model_score(client, default_model):
    texts = POSTS + [LONG, "", "   "]
    results = score(client, {"texts": texts}).json()["results"]
    assert [result["score"] for result in results] == default_model.score(texts).tolist()


def test_flags_and_terms_are_those_of_the_model(client, default_model):
    results = score(client, {"texts": POSTS}).json()["results"]
    scores = default_model.score(POSTS)
    assert [result["flag"] for result in results] == (scores >= default_model.threshold).tolist()
    assert [result["terms"] for result in results] == default_model.terms(POSTS)


def test_results_come_in_input_order_with_their_ids(client):
    posts = [{"id": "b", "text": INNOCENT}, {"id": 2, "text": TRADE}, {"id": "a", "text": INNOCENT}]
    results = score(client, {"posts": posts}).json()["results"]
    assert [(result["id"], result["flag"]) for result in results] == [("b", False), (2, True), ("a", False)]


def test_bare_texts_get_their_positions_as_ids(client):
    results = score(client, {"texts": [TRADE, INNOCENT]}).json()["results"]
    assert [result["id"] for result in results] == [0, 1]


def test_an_answer_names_the_model(client, default_model):
    card = default_model.card
    assert score(client, {"texts": [TRADE]}).json()["model"] == {
        "package_version": card["package_version"], "created": card["created"],
        "pipeline_sha256": card["pipeline_sha256"], "threshold": default_model.threshold}


def test_explain_adds_the_top_terms_of_model_explain(client, default_model):
    result = score(client, {"texts": [TRADE], "explain": True}).json()["results"][0]
    assert result["top_terms"] == [{"term": term, "weight": weight} for term, weight in default_model.explain(TRADE)]


def test_without_explain_there_are_no_top_terms(client):
    assert sorted(score(client, {"texts": [TRADE]}).json()["results"][0]) == ["flag", "id", "score", "terms"]


def test_an_empty_batch_gets_no_results(client):
    response = score(client, {"posts": []})
    assert response.status_code == 200 and response.json()["results"] == []


def test_concurrent_requests_each_get_their_own_scores(client, default_model):
    batches = [POSTS[start::8] for start in range(8)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda texts: score(client, {"texts": texts}).json()["results"], batches))
    assert [[result["score"] for result in answer] for answer in answers] == [
        default_model.score(texts).tolist() for texts in batches]


class _SlowModel:
    """Scores each post by its length, the first call only once released; records the calls."""

    def __init__(self):
        self.calls, self.release = [], threading.Event()

    def score_with_terms(self, texts):
        self.calls.append(list(texts))
        self.release.wait(10)
        return np.array([float(len(text)) for text in texts]), [[] for _ in texts]


def test_requests_waiting_for_the_scorer_share_its_next_call():
    model = _SlowModel()

    async def scenario():
        batcher = _Batcher(model, max_posts=1000)
        first = asyncio.ensure_future(batcher.score(["a"]))
        await asyncio.sleep(0.2)  # the scorer is now busy with the first request
        waiting = [asyncio.ensure_future(batcher.score(texts)) for texts in (["bb", "ccc"], [], ["dddd"])]
        await asyncio.sleep(0.2)
        model.release.set()
        return await first, await asyncio.gather(*waiting)

    first, waiting = asyncio.run(scenario())
    assert model.calls == [["a"], ["bb", "ccc", "dddd"]]
    assert first == ([1.0], [[]]) and waiting == [([2.0, 3.0], [[], []]), ([], []), ([4.0], [[]])]


class _BrokenModel:
    """Warms up, then fails on the innocent post."""

    threshold, card = 0.5, {}

    def cut(self):
        return self.threshold

    def flags(self, scores):
        return np.asarray(scores) >= self.threshold

    def score_with_terms(self, texts):
        if INNOCENT in texts:
            raise RuntimeError("disk on fire")
        return np.zeros(len(texts)), [[] for _ in texts]


def test_an_internal_failure_is_a_json_500_without_a_traceback(caplog):
    with TestClient(create_app(_BrokenModel()), raise_server_exceptions=False) as client:
        response = score(client, {"texts": [INNOCENT]})
    assert (response.status_code, response.json()) == (500, {"error": {
        "kind": "internal", "message": "the service failed to answer this request; the error is in its log"}})
    assert "disk on fire" in caplog.text


# --- refusals ----------------------------------------------------------------------------------------------------

BAD_REQUESTS = [
    # (body, content type, status, kind, message)
    (b"", "application/json", 400, "invalid_json", 'the body is empty: send a JSON object such as {"texts": ["..."]}'),
    (b'{"texts": [', "application/json", 400, "invalid_json",
     "the body is not valid JSON: EOF while parsing a list at line 1 column 11"),
    (b'{"texts": []} x', "application/json", 400, "invalid_json",
     "the body is not valid JSON: trailing characters at line 1 column 15"),
    (b"\xff\xfe", "application/json", 400, "invalid_json",
     "the body is not valid JSON: expected value at line 1 column 1"),
    (b"[1]", "application/json", 422, "invalid_request", "body: Input should be an object"),
    (b"{}", "application/json", 422, "invalid_request",
     'body: give the posts to score as "posts" (a list of {"id", "text"}) or "texts" (a list of strings)'),
    (b'{"posts": [], "texts": []}', "application/json", 422, "invalid_request", "body: give posts or texts, not both"),
    (b'{"texts": "one post"}', "application/json", 422, "invalid_request", "texts: Input should be a valid array"),
    (b'{"texts": ["a", 1]}', "application/json", 422, "invalid_request", "texts[1]: Input should be a valid string"),
    (b'{"texts": [null]}', "application/json", 422, "invalid_request", "texts[0]: Input should be a valid string"),
    (b'{"posts": [{"id": 1.5, "text": "a"}]}', "application/json", 422, "invalid_request",
     "posts[0].id: Input should be a string or an integer"),
    (b'{"posts": [{"id": true, "text": "a"}]}', "application/json", 422, "invalid_request",
     "posts[0].id: Input should be a string or an integer"),
    (b'{"posts": [{"id": "a"}]}', "application/json", 422, "invalid_request", "posts[0].text: Field required"),
    (b'{"posts": [{"id": "a", "text": "b", "lang": "en"}]}', "application/json", 422, "invalid_request",
     "posts[0].lang: Extra inputs are not permitted"),
    (b'{"texts": ["a"], "explian": true}', "application/json", 422, "invalid_request",
     "explian: Extra inputs are not permitted"),
    (b'{"texts": ["a"], "explain": "yes"}', "application/json", 422, "invalid_request",
     "explain: Input should be a valid boolean"),
    (b'{"texts": [1, 2, 3, 4, 5, 6, 7]}', "application/json", 422, "invalid_request",
     "texts[0]: Input should be a valid string; texts[1]: Input should be a valid string; texts[2]: Input should "
     "be a valid string; texts[3]: Input should be a valid string; texts[4]: Input should be a valid string "
     "(and 2 more)"),
    (b'{"texts": ["a", "b", "c", "d"]}', "application/json", 413, "batch_too_large",
     "4 posts in one request; this service takes at most 3: split the batch"),
    (b'{"texts": ["a", "b", "c"], "explain": true}', "application/json", 413, "batch_too_large",
     "explain takes at most 2 posts per request (this one has 3): explain fewer, e.g. the flagged ones"),
    (json.dumps({"texts": ["a" * 300]}).encode(), "application/json", 413, "body_too_large",
     "the body is over this service's limit of 300 bytes: send fewer posts per request"),
    (b'{"texts": ["a"]}', "text/plain", 415, "unsupported_media_type",
     "the body must be JSON, sent with the header 'Content-Type: application/json' (got text/plain)"),
    (b'{"texts": ["a"]}', None, 415, "unsupported_media_type",
     "the body must be JSON, sent with the header 'Content-Type: application/json' (got none)"),
]


@pytest.mark.parametrize("body, content_type, status, kind, message", BAD_REQUESTS)
def test_a_bad_request_gets_a_json_error_naming_the_problem(small, body, content_type, status, kind, message):
    response = small.post("/v1/score", content=body, headers={"Content-Type": content_type} if content_type else {})
    assert (response.status_code, response.json()) == (status, {"error": {"kind": kind, "message": message}})


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/vnd.posts+json"])
def test_a_json_media_type_with_a_charset_or_suffix_is_accepted(client, content_type):
    assert score(client, {"texts": [TRADE]}, {"Content-Type": content_type}).status_code == 200


def test_a_body_sent_in_chunks_is_limited_too(small):
    response = small.post("/v1/score", content=iter([b'{"texts": ["', b"a" * 200, b"a" * 200, b'"]}']), headers=JSON)
    assert (response.status_code, response.json()["error"]["kind"]) == (413, "body_too_large")


@pytest.mark.parametrize("method, path, status, kind, message", [
    ("GET", "/v2/score", 404, "not_found", "no endpoint /v2/score; see /openapi.json for the endpoints"),
    ("GET", "/v1/score", 405, "method_not_allowed", "GET is not allowed on /v1/score; use POST"),
    ("POST", "/v1/model", 405, "method_not_allowed", "POST is not allowed on /v1/model; use GET"),
])
def test_a_wrong_path_or_method_gets_a_json_error(client, method, path, status, kind, message):
    response = client.request(method, path)
    assert (response.status_code, response.json()) == (status, {"error": {"kind": kind, "message": message}})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["posts", "texts", "explain", "id", "text"]) | st.text(max_size=4), inner, max_size=4),
    max_leaves=12)


@given(value=json_values)
@settings(max_examples=150, deadline=None)
def test_no_json_body_makes_the_service_fail(client, value):
    response = client.post("/v1/score", content=json.dumps(value), headers=JSON)
    assert response.status_code in (200, 422)
    assert set(response.json()) in ({"model", "results"}, {"error"})


@given(body=st.binary(max_size=40))
@settings(max_examples=100, deadline=None)
def test_no_byte_string_makes_the_service_fail(client, body):
    assert client.post("/v1/score", content=body, headers=JSON).status_code in (200, 400, 422)


# --- the API key -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("authorization, status, message", [
    (None, 401, "this service needs an API key: send the header 'Authorization: Bearer <key>'"),
    (f"Basic {KEY}", 401, "this service needs an API key: send the header 'Authorization: Bearer <key>'"),
    ("Bearer ", 401, "this service needs an API key: send the header 'Authorization: Bearer <key>'"),
    ("Bearer wrong-key", 401, "the API key sent in the Authorization header is not valid"),
    (f"Bearer {KEY}x", 401, "the API key sent in the Authorization header is not valid"),
    (f"Bearer {KEY}", 200, None),
    (f"bearer {KEY}", 200, None),
])
def test_scoring_needs_the_api_key_when_the_service_has_one(locked, authorization, status, message):
    headers = {**JSON, **({"Authorization": authorization} if authorization else {})}
    response = score(locked, {"texts": [TRADE]}, headers)
    assert response.status_code == status
    if message:
        assert response.json() == {"error": {"kind": "unauthorized", "message": message}}
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_the_model_card_needs_the_key_too(locked):
    assert locked.get("/v1/model").status_code == 401
    assert locked.get("/v1/model", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics", "/openapi.json"])
def test_probes_metrics_and_the_description_need_no_key(locked, path):
    assert locked.get(path).status_code == 200


def test_an_unauthorised_request_is_refused_before_its_body_is_read(locked):
    assert score(locked, {"texts": [TRADE]}, {"Content-Type": "text/plain"}).status_code == 401


@pytest.mark.parametrize("contents, key", [("k3y-123\n", "k3y-123"), ("  k3y-123  \n\n", "k3y-123")])
def test_the_key_file_holds_the_key(tmp_path, contents, key):
    (tmp_path / "key").write_text(contents)
    assert read_api_key(tmp_path / "key") == key


@pytest.mark.parametrize("contents, message", [
    ("\n", "is empty: write the key in it"),
    ("two words", "must be one word of printable ASCII characters"),
    ("clé", "must be one word of printable ASCII characters"),
])
def test_an_unusable_key_file_is_refused(tmp_path, contents, message):
    (tmp_path / "key").write_text(contents, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_api_key(tmp_path / "key")


def test_a_missing_key_file_is_refused(tmp_path):
    with pytest.raises(InputError, match="cannot read the API key file .*No such file or directory"):
        read_api_key(tmp_path / "nope")


# --- the other endpoints -----------------------------------------------------------------------------------------

def test_the_model_endpoint_gives_the_card_without_the_training_data(client, default_model):
    card = default_model.card
    assert client.get("/v1/model").json() == {key: card[key] for key in PUBLIC_CARD_KEYS if key in card}
    assert "training_data" in card and "training_data" not in client.get("/v1/model").json()


def test_healthz_says_ok(client):
    assert (client.get("/healthz").status_code, client.get("/healthz").json()) == (200, {"status": "ok"})


def test_readyz_waits_for_the_warm_up(default_model):
    client = TestClient(create_app(default_model))  # not entered: the start-up (warm-up) has not run
    assert (client.get("/readyz").status_code, client.get("/readyz").json()) == (503, {"status": "starting"})
    with client:
        assert (client.get("/readyz").status_code, client.get("/readyz").json()) == (200, {"status": "ready"})


def test_metrics_count_requests_posts_latency_and_errors(fresh):
    score(fresh, {"texts": [TRADE, INNOCENT]})
    score(fresh, {"texts": "x"})
    fresh.get("/nope")
    response = fresh.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain; version=")
    lines = response.text.splitlines()
    for line in ['wildtrade_posts_scored_total 2.0',
                 'wildtrade_requests_total{method="POST",path="/v1/score",status="200"} 1.0',
                 'wildtrade_requests_total{method="POST",path="/v1/score",status="422"} 1.0',
                 'wildtrade_requests_total{method="GET",path="other",status="404"} 1.0',
                 'wildtrade_request_duration_seconds_count{path="/v1/score"} 2.0',
                 'wildtrade_errors_total{kind="invalid_request"} 1.0',
                 'wildtrade_errors_total{kind="not_found"} 1.0',
                 'wildtrade_errors_total{kind="body_too_large"} 0.0']:
        assert line in lines
    assert sum(line.startswith("wildtrade_errors_total{") for line in lines) == len(ERROR_KINDS)


def test_the_openapi_description_has_every_endpoint_and_the_request_body(client):
    description = client.get("/openapi.json").json()
    assert set(description["paths"]) == {"/v1/score", "/v1/model", "/healthz", "/readyz", "/metrics"}
    body = description["paths"]["/v1/score"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ScoreRequest"}
    schemas = description["components"]["schemas"]
    assert set(schemas["ScoreRequest"]["properties"]) == {"posts", "texts", "explain"}
    assert schemas["Post"]["additionalProperties"] is False and schemas["Post"]["required"] == ["id", "text"]
    assert "securitySchemes" not in description["components"]


def test_the_openapi_description_shows_the_key_when_there_is_one(locked):
    description = locked.get("/openapi.json").json()
    assert description["components"]["securitySchemes"] == {"apiKey": {"type": "http", "scheme": "bearer"}}
    assert description["paths"]["/v1/score"]["post"]["security"] == [{"apiKey": []}]
    assert "security" not in description["paths"]["/healthz"]["get"]


# --- logs --------------------------------------------------------------------------------------------------------

def test_the_access_log_has_no_post_text(client, caplog):
    caplog.set_level(logging.INFO, logger="wildtrade_clf.serve")
    score(client, {"posts": [{"id": "p1", "text": TRADE}, {"id": "p2", "text": INNOCENT}]})
    client.get("/healthz")
    lines = [record.getMessage() for record in caplog.records if record.name == "wildtrade_clf.serve.access"]
    assert re.fullmatch(r'testclient:50000 "POST /v1/score" 200 posts=2 \d+\.\d ms', lines[0]), lines[0]
    assert re.fullmatch(r'testclient:50000 "GET /healthz" 200 \d+\.\d ms', lines[1]), lines[1]


def test_the_log_never_shows_the_key_or_the_query_string(locked, caplog):
    caplog.set_level(logging.DEBUG)
    score(locked, {"texts": [TRADE]}, {**JSON, "Authorization": f"Bearer {KEY}"})
    score(locked, {"texts": [TRADE]}, {**JSON, "Authorization": f"Bearer {KEY}-wrong"})
    locked.get(f"/healthz?text={TRADE}")
    assert KEY not in caplog.text and TRADE not in caplog.text
    assert '"GET /healthz" 200' in caplog.text


# --- the command -------------------------------------------------------------------------------------------------

def test_serve_has_help():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--model", "--host", "--port", "--workers", "--api-key-file", "--max-batch", "--max-explain",
                   "--max-body-mb"):
        assert option in result.output


def test_serve_refuses_a_bad_model_folder_with_the_loaders_message(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--model", str(tmp_path / "none")])
    assert (result.exit_code, result.output) == (2, f"Error: model folder {tmp_path / 'none'} does not exist\n")


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "fastapi", None)  # as if it were not installed
    monkeypatch.delitem(sys.modules, "wildtrade_clf.serve")
    result = CliRunner().invoke(cli, ["serve"])
    assert (result.exit_code, result.output) == (2, "Error: wildtrade serve needs the serve extra (fastapi is not "
                                                    "installed): run `pip install 'wildtrade-clf[serve]'`\n")


# --- a real server -----------------------------------------------------------------------------------------------

@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running(folder: Path, *options: str):
    """``wildtrade serve`` on a free loopback port, once it says it is ready; stopped afterwards."""
    port = _free_port()
    log = folder / f"server-{port}.log"
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "-m", "wildtrade_clf", "serve", "--port", str(port), *options],
                                   stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    server = Server(f"http://127.0.0.1:{port}", port, process, log)
    try:
        deadline = time.monotonic() + 120
        while not _answers(server.url + "/readyz"):
            assert process.poll() is None, server.output()
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=60)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Two workers, an API key, at most 5 posts a request."""
    folder = tmp_path_factory.mktemp("serve")
    (folder / "key").write_text(KEY + "\n")
    with running(folder, "--workers", "2", "--api-key-file", str(folder / "key"), "--max-batch", "5") as server:
        yield server


AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.mark.slow
@pytest.mark.parametrize("method, path, body, status, expected", [
    ("GET", "/healthz", None, 200, {"status": "ok"}),
    ("GET", "/readyz", None, 200, {"status": "ready"}),
    ("POST", "/v1/score", b"{", 400, {"error": {"kind": "invalid_json", "message": "the body is not valid JSON: EOF "
                                                "while parsing an object at line 1 column 1"}}),
    ("POST", "/v1/score", b'{"texts": [1]}', 422, {"error": {"kind": "invalid_request",
                                                             "message": "texts[0]: Input should be a valid string"}}),
    ("POST", "/v1/score", json.dumps({"texts": ["a"] * 6}).encode(), 413, {"error": {
        "kind": "batch_too_large",
        "message": "6 posts in one request; this service takes at most 5: split the batch"}}),
    ("GET", "/v1/nothing", None, 404, {"error": {
        "kind": "not_found", "message": "no endpoint /v1/nothing; see /openapi.json for the endpoints"}}),
])
def test_the_real_server_answers(server, method, path, body, status, expected):
    response = httpx.request(method, server.url + path, content=body, headers={**JSON, **AUTH})
    assert (response.status_code, response.json()) == (status, expected)


@pytest.mark.slow
def test_the_real_server_needs_the_key(server):
    response = httpx.post(server.url + "/v1/score", json={"texts": [TRADE]})
    assert (response.status_code, response.json()["error"]["kind"]) == (401, "unauthorized")


@pytest.mark.slow
def test_the_real_server_refuses_a_body_over_the_limit_without_reading_it(server):
    response = httpx.post(server.url + "/v1/score", content=b" " * 16_000_001, headers={**JSON, **AUTH})
    assert (response.status_code, response.json()["error"]["kind"]) == (413, "body_too_large")


@pytest.mark.slow
def test_the_real_server_scores_as_model_score_does(server, default_model):
    texts = [TRADE, INNOCENT, LONG, ""]
    results = httpx.post(server.url + "/v1/score", json={"texts": texts}, headers=AUTH).json()["results"]
    assert [result["score"] for result in results] == default_model.score(texts).tolist()


@pytest.mark.slow
def test_the_real_server_gives_the_card(server, default_model):
    card = httpx.get(server.url + "/v1/model", headers=AUTH).json()
    assert card["pipeline_sha256"] == default_model.card["pipeline_sha256"]


@pytest.mark.slow
def test_the_real_server_logs_requests_without_text_keys_or_warnings(server):
    httpx.post(server.url + "/v1/score", json={"posts": [{"id": "long-1", "text": LONG}, {"id": "t", "text": TRADE}]},
               headers=AUTH)
    httpx.post(server.url + "/v1/score", json={"texts": [LONG]}, headers=AUTH)
    output = server.output()
    assert re.search(r'^INFO: +127\.0\.0\.1:\d+ "POST /v1/score" 200 posts=2 \d+\.\d ms$', output, flags=re.M)
    assert "longer than" not in output and "Warning" not in output
    assert TRADE not in output and "祖传" not in output and "long-1" not in output and KEY not in output


def _posts_scored(server) -> float:
    lines = httpx.get(server.url + "/metrics").text.splitlines()
    return float(next(line for line in lines if line.startswith("wildtrade_posts_scored_total ")).split()[1])


@pytest.mark.slow
def test_the_metrics_add_up_every_worker(server):
    before = _posts_scored(server)
    for _ in range(10):  # a new connection each, so both workers get some
        assert httpx.post(server.url + "/v1/score", json={"texts": [TRADE, INNOCENT]}, headers=AUTH).status_code == 200
    assert _posts_scored(server) - before == 20


def _workers(parent: int) -> list[int]:
    """The worker processes uvicorn started (not its resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if ppid == parent and b"spawn_main" in (stat.parent / "cmdline").read_bytes():
                found.append(int(stat.parent.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
def test_a_killed_worker_leaves_the_other_answering(server):
    # That uvicorn then starts a replacement is checked by bench/serve_load.py: it can take up to the workers'
    # health-check time (60 s) to notice, too long for a unit test.
    workers = _workers(server.process.pid)
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    for _ in range(10):
        assert httpx.post(server.url + "/v1/score", json={"texts": [TRADE]}, headers=AUTH).status_code == 200
    assert server.process.poll() is None


@pytest.mark.slow
def test_sigterm_finishes_the_request_in_flight_then_exits_0(tmp_path, default_model):
    body = json.dumps({"texts": [TRADE, INNOCENT]}).encode()
    with running(tmp_path) as server, socket.create_connection(("127.0.0.1", server.port)) as peer:
        peer.sendall(b"POST /v1/score HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])
        time.sleep(0.5)  # the server reads the headers: the request is in flight until the rest of its body comes
        server.process.send_signal(signal.SIGTERM)
        time.sleep(1)
        peer.sendall(body[10:])
        answer = b""
        while chunk := peer.recv(65536):
            answer += chunk
        assert server.process.wait(timeout=60) == 0, server.output()
    head, _, content = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK"), answer
    scores = [result["score"] for result in json.loads(content)["results"]]
    assert scores == default_model.score([TRADE, INNOCENT]).tolist()
