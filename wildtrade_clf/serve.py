"""``wildtrade serve``: a scoring service over HTTP (FastAPI on uvicorn) for a model folder.

Endpoints: ``POST /v1/score``, ``GET /v1/model``, ``GET /healthz``, ``GET /readyz``, ``GET /metrics``, and the
OpenAPI description at ``/openapi.json`` (browsable at ``/docs``). Each worker process scores in a thread of
its own (the posts of all waiting requests together), and parses and writes bodies in a thread pool, so that its
event loop keeps reading requests and answering probes. Scoring holds the GIL, so one worker uses about one
core: ``workers`` processes, each with its own copy of the model and sharing the listening socket, are how the
service uses several cores.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import copy
import hmac
import json
import logging
import os
import queue
import signal
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any

from .errors import InputError, WildtradeError
from .model import Model, load_model

try:
    import uvicorn
    from fastapi import FastAPI, Request
    from fastapi.openapi.utils import get_openapi
    from fastapi.responses import JSONResponse, Response
    from prometheus_client import (
        CONTENT_TYPE_LATEST,
        CollectorRegistry,
        Counter,
        Histogram,
        generate_latest,
        multiprocess,
    )
    from pydantic import (
        BaseModel,
        ConfigDict,
        Field,
        PlainValidator,
        StrictBool,
        StrictStr,
        ValidationError,
        model_validator,
    )
    from pydantic.json_schema import models_json_schema
    from pydantic_core import PydanticCustomError
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
    from uvicorn.config import LOGGING_CONFIG, STARTUP_FAILURE
except ImportError as error:
    raise InputError(f"wildtrade serve needs the serve extra ({error.name} is not installed): run "
                     f"`pip install 'wildtrade-clf[serve]'`") from None

logger = logging.getLogger("wildtrade_clf.serve")
access_logger = logging.getLogger("wildtrade_clf.serve.access")

# Container orchestrators usually wait 30 s between SIGTERM and SIGKILL: finish in-flight requests before that.
SHUTDOWN_GRACE_SECONDS = 25
WORKER_START_SECONDS = 60
EXPLAIN_TOP = 10
_SETTINGS_VARIABLE = "WILDTRADE_SERVE_SETTINGS"
_MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# The card's keys that describe the model itself; the training data's hash, groups and rows, the parameters
# and the tuning runs stay private.
PUBLIC_CARD_KEYS = ("package_version", "created", "format_version", "pipeline_sha256", "lexicon_sha256",
                    "library_versions", "tokenizer", "threshold", "threshold_rule", "metrics")
_ROUTES = {"/v1/score", "/v1/model", "/healthz", "/readyz", "/metrics", "/openapi.json", "/docs",
           "/docs/oauth2-redirect", "/redoc"}
ERROR_KINDS = ("invalid_json", "invalid_request", "batch_too_large", "body_too_large", "unsupported_media_type",
               "unauthorized", "not_found", "method_not_allowed", "client_disconnected", "internal")
_CLIENT_CLOSED = 499  # nginx's code for a client that went away before the answer
_INLINE_BYTES = 16_384
# While this thread scores, the event loop hardly runs (the GIL), so the clients answered by the last call send
# their next requests in a burst right after it: wait that long for them to join the next call.
_GATHER_SECONDS = 0.002


@dataclass(frozen=True)
class Limits:
    """What one scoring request may hold."""

    max_batch: int = 1000
    max_body_bytes: int = 16_000_000
    max_explain: int = 100  # explaining costs about 15 times as much as scoring a post in a batch


# --- the request and response bodies (they also make the OpenAPI description) -----------------------------------

def _post_id(value: object) -> str | int:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PydanticCustomError("id_type", "Input should be a string or an integer")
    return value


PostId = Annotated[str | int, PlainValidator(_post_id, json_schema_input_type=str | int)]


class Post(BaseModel):
    """One post; other fields are refused, so that a misspelt field is never silently ignored."""

    model_config = ConfigDict(extra="forbid")
    id: PostId = Field(description="Your id for the post, returned with its result.")
    text: StrictStr = Field(description="The post; longer than the model's limit (10,000 characters for the "
                                        "shipped model), it is scored on its first and last parts.")


class ScoreRequest(BaseModel):
    """Posts to score: ``posts`` (with ids) or ``texts`` (ids are then the positions, from 0)."""

    model_config = ConfigDict(extra="forbid")
    posts: list[Post] | None = Field(None, description="Posts with ids; give this or texts.")
    texts: list[StrictStr] | None = Field(None, description="Bare texts; give this or posts.")
    explain: StrictBool = Field(False, description=f"Add each post's top {EXPLAIN_TOP} terms (about 15 times "
                                                   f"slower; for fewer posts per request, 100 by default).")

    @model_validator(mode="after")
    def _posts_or_texts(self) -> ScoreRequest:
        if self.posts is not None and self.texts is not None:
            raise ValueError("give posts or texts, not both")
        if self.posts is None and self.texts is None:
            raise ValueError('give the posts to score as "posts" (a list of {"id", "text"}) or "texts" '
                             '(a list of strings)')
        return self


class TopTerm(BaseModel):
    term: str
    weight: float = Field(description="Contribution to the log-odds of trade.")


class Result(BaseModel):
    id: str | int
    score: float = Field(description="Probability of trade, 0 to 1; equal to the library's Model.score.")
    flag: bool = Field(description="Score at or above the model's threshold: worth a human review.")
    terms: list[str] = Field(description="Product families and sale signals mentioned, e.g. ivory, contact.")
    top_terms: list[TopTerm] | None = Field(None, description="With explain only.")


class ModelInfo(BaseModel):
    package_version: str | None
    created: str | None
    pipeline_sha256: str | None
    threshold: float


class ScoreResponse(BaseModel):
    model: ModelInfo
    results: list[Result] = Field(description="One per post, in the order given.")


class ErrorDetail(BaseModel):
    kind: str = Field(description=f"One of {', '.join(ERROR_KINDS)}.")
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail


class Status(BaseModel):
    status: str


# --- errors ------------------------------------------------------------------------------------------------------

class _Problem(Exception):
    """A request the service refuses: answered with ``{"error": {"kind", "message"}}`` and counted."""

    def __init__(self, status: int, kind: str, message: str):
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


def _location(loc: tuple) -> str:
    where = ""
    for part in loc:
        where += f"[{part}]" if isinstance(part, int) else f".{part}" if where else str(part)
    return where or "body"


def _invalid(error: ValidationError) -> _Problem:
    """The first problems pydantic found, each with where it is (``posts[2].text``)."""
    errors = error.errors(include_url=False)
    if errors[0]["type"] == "json_invalid":
        return _Problem(400, "invalid_json", f"the body is not valid JSON: {errors[0]['ctx']['error']}")
    shown = [f"{_location(e['loc'])}: {e['msg'].removeprefix('Value error, ')}" for e in errors[:5]]
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return _Problem(422, "invalid_request", "; ".join(shown) + more)


# --- metrics -----------------------------------------------------------------------------------------------------

class _Metrics:
    """The service's Prometheus metrics, in their own registry (or the shared files of multiprocess mode)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("wildtrade_requests", "HTTP requests answered, by method, path and status",
                                ["method", "path", "status"], registry=self.registry)
        self.latency = Histogram("wildtrade_request_duration_seconds", "Time from request to the last byte of "
                                 "the answer, by path", ["path"], registry=self.registry,
                                 buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.posts = Counter("wildtrade_posts_scored", "Posts scored", registry=self.registry)
        self.errors = Counter("wildtrade_errors", "Refused or failed requests, by kind", ["kind"],
                              registry=self.registry)
        for kind in ERROR_KINDS:
            self.errors.labels(kind)

    def exposition(self) -> bytes:
        if os.environ.get(_MULTIPROCESS_VARIABLE):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)


def _problem_response(problem: _Problem, metrics: _Metrics, headers: Mapping[str, str] | None = None) -> JSONResponse:
    metrics.errors.labels(problem.kind).inc()
    if problem.status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    return JSONResponse({"error": {"kind": problem.kind, "message": problem.message}}, problem.status,
                        headers=headers)


def _header(scope: dict, name: bytes) -> bytes:
    for key, value in scope["headers"]:
        if key == name:
            return value
    return b""


class _Gate:
    """Before the app: the API key, the body's type and size. Around it: the access log line and the metrics.

    The body is read here, up to the limit, so an oversized request is refused without holding it all.
    """

    def __init__(self, app, metrics: _Metrics, limits: Limits, api_key: str | None):
        self.app, self.metrics, self.limits = app, metrics, limits
        self.api_key = api_key.encode() if api_key else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500  # what the client gets if the app raises (its error handler answers outside this gate)

        async def watch(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            problem = self._check_key(scope)
            if problem is None and scope["method"] == "POST" and scope["path"] == "/v1/score":
                body = await self._read_body(scope, receive)
                if body is None:
                    status = _CLIENT_CLOSED
                    self.metrics.errors.labels("client_disconnected").inc()
                    return
                if isinstance(body, _Problem):
                    problem = body
                else:
                    receive = _replay(body, receive)
            if problem is not None:
                await _problem_response(problem, self.metrics)(scope, receive, watch)
            else:
                await self.app(scope, receive, watch)
        finally:
            self._record(scope, status, time.perf_counter() - start)

    def _check_key(self, scope) -> _Problem | None:
        if self.api_key is None or not scope["path"].startswith("/v1/"):
            return None
        scheme, _, token = _header(scope, b"authorization").partition(b" ")
        if scheme.lower() != b"bearer" or not token.strip():
            return _Problem(401, "unauthorized", "this service needs an API key: send the header "
                                                 "'Authorization: Bearer <key>'")
        if not hmac.compare_digest(token.strip(), self.api_key):
            return _Problem(401, "unauthorized", "the API key sent in the Authorization header is not valid")
        return None

    async def _read_body(self, scope, receive) -> bytes | _Problem | None:
        """The whole body; a problem if it is not JSON or too big; None if the client went away first."""
        media_type = _header(scope, b"content-type").partition(b";")[0].strip().lower()
        if media_type != b"application/json" and not media_type.endswith(b"+json"):
            shown = media_type.decode("latin-1")[:100] or "none"
            return _Problem(415, "unsupported_media_type", f"the body must be JSON, sent with the header "
                                                           f"'Content-Type: application/json' (got {shown})")
        limit = self.limits.max_body_bytes
        too_large = _Problem(413, "body_too_large", f"the body is over this service's limit of {limit:,} bytes: "
                                                    f"send fewer posts per request")
        length = _header(scope, b"content-length")
        if length.isdigit() and int(length) > limit:
            return too_large
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return too_large
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)

    def _record(self, scope, status: int, seconds: float) -> None:
        path = scope["path"] if scope["path"] in _ROUTES else "other"
        self.metrics.requests.labels(scope["method"], path, str(status)).inc()
        self.metrics.latency.labels(path).observe(seconds)
        client = scope.get("client")
        posts = scope.get("state", {}).get("posts")
        # Never the body, the query string or the headers: posts are personal data, the key is a secret.
        access_logger.info('%s "%s %s" %d%s %.1f ms', f"{client[0]}:{client[1]}" if client else "-",
                           scope["method"], scope["path"], status, f" posts={posts}" if posts is not None else "",
                           seconds * 1000)


def _replay(body: bytes, receive):
    """A ``receive`` that hands the app the body already read, then listens to the client again."""
    sent = False

    async def replayed():
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


# --- the app -----------------------------------------------------------------------------------------------------

# FastAPI's responses= takes int or str keys.
_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description} for status, description in [
    (400, "The body is not JSON."), (401, "API key missing or wrong (when the service has one)."),
    (413, "Too many posts, or the body is too big."), (415, "The body is not sent as application/json."),
    (422, "A field is missing, unknown or of the wrong type.")]}


def create_app(model: Model, limits: Limits = Limits(), api_key: str | None = None) -> FastAPI:
    """The ASGI app serving ``model``; requests under ``/v1/`` need ``api_key`` when one is given."""
    # The library warns about each batch holding an over-long post; a service would repeat it on every request.
    warnings.filterwarnings("ignore", message=r"\d+ post\(s\) longer than", category=UserWarning)
    metrics = _Metrics()
    threshold = model.cut()
    card = model.card
    public_card = {key: card[key] for key in PUBLIC_CARD_KEYS if key in card}
    model_info = {"package_version": card.get("package_version"), "created": card.get("created"),
                  "pipeline_sha256": card.get("pipeline_sha256"), "threshold": threshold}

    batcher = _Batcher(model, limits.max_batch)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        # The tokenizer and the converter are built on first use: build them before taking traffic.
        await batcher.score(["出老犀角杯，价格私聊，加V详谈"])
        app.state.ready = True
        logger.info("Ready in process %d: model %s (threshold %.4f), at most %s posts (%s with explain) and %s "
                    "bytes per request, API key %s", os.getpid(), (card.get("pipeline_sha256") or "?")[:12],
                    threshold, f"{limits.max_batch:,}", f"{limits.max_explain:,}", f"{limits.max_body_bytes:,}",
                    "required" if api_key else "not required")
        yield

    app = FastAPI(title="wildtrade_clf scoring service", version=str(card.get("package_version")),
                  description="Scores posts for likely illegal wildlife-product trade. A score flags a post for "
                              "human review; it is not evidence that anyone committed a crime.",
                  lifespan=lifespan)
    app.state.ready = False
    app.add_middleware(_Gate, metrics=metrics, limits=limits, api_key=api_key)

    def parse(body: bytes) -> ScoreRequest:
        if not body.strip():
            raise _Problem(400, "invalid_json", 'the body is empty: send a JSON object such as {"texts": ["..."]}')
        try:
            request = ScoreRequest.model_validate_json(body)
        except ValidationError as error:
            raise _invalid(error) from None
        batch = request.posts if request.posts is not None else request.texts
        assert batch is not None  # ScoreRequest refuses a request with neither
        posts = len(batch)
        if posts > limits.max_batch:
            raise _Problem(413, "batch_too_large", f"{posts:,} posts in one request; this service takes at most "
                                                   f"{limits.max_batch:,}: split the batch")
        if request.explain and posts > limits.max_explain:
            raise _Problem(413, "batch_too_large", f"explain takes at most {limits.max_explain:,} posts per request "
                                                   f"(this one has {posts:,}): explain fewer, e.g. the flagged ones")
        return request

    def render(ids: list, texts: list[str], scores: list[float], families: list[list[str]], explain: bool,
               gone: threading.Event) -> bytes | None:
        """The answer's JSON; None if the client went away while its posts were explained."""
        results = [{"id": post_id, "score": score, "flag": bool(flag), "terms": found}
                   for post_id, score, flag, found in zip(ids, scores, model.flags(scores), families, strict=True)]
        if explain:
            for result, text in zip(results, texts, strict=False):
                if gone.is_set():
                    return None
                result["top_terms"] = [{"term": term, "weight": weight}
                                       for term, weight in model.explain(text, top=EXPLAIN_TOP)]
        answer = {"model": model_info, "results": results}
        return json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @app.post("/v1/score", response_model=ScoreResponse, responses=_ERROR_RESPONSES, summary="Score posts")
    async def score(request: Request) -> Response:
        """Score up to the batch limit of posts; results come in the order of the posts."""
        body = await request.body()
        # A small body is parsed and answered on the event loop, in well under a millisecond: handing it to a
        # thread would cost more, in thread switches, than the work itself.
        small = len(body) <= _INLINE_BYTES
        parsed = parse(body) if small else await run_in_threadpool(parse, body)
        if parsed.posts is not None:
            ids, texts = [post.id for post in parsed.posts], [post.text for post in parsed.posts]
        else:
            assert parsed.texts is not None  # ScoreRequest refuses a request with neither
            ids, texts = list(range(len(parsed.texts))), parsed.texts
        scores, families = await batcher.score(texts)
        if small and not parsed.explain:
            answer = render(ids, texts, scores, families, False, threading.Event())
        else:
            gone = threading.Event()
            watcher = asyncio.create_task(_set_on_disconnect(request, gone))
            try:
                answer = await run_in_threadpool(render, ids, texts, scores, families, parsed.explain, gone)
            finally:
                watcher.cancel()
        if answer is None:
            metrics.errors.labels("client_disconnected").inc()
            return Response(status_code=_CLIENT_CLOSED)
        metrics.posts.inc(len(texts))
        request.state.posts = len(texts)
        return Response(answer, media_type="application/json")

    @app.get("/v1/model", summary="The model card")
    async def model_card() -> dict:
        """The model's card: version, pipeline hash, threshold, metrics (not the training data's details)."""
        return public_card

    @app.get("/healthz", response_model=Status, summary="Liveness")
    async def healthz() -> dict:
        """200 while the process answers."""
        return {"status": "ok"}

    @app.get("/readyz", response_model=Status, responses={503: {"model": Status}}, summary="Readiness")
    async def readyz() -> JSONResponse:
        """200 once the model is loaded and warmed up, 503 before."""
        if app.state.ready:
            return JSONResponse({"status": "ready"})
        return JSONResponse({"status": "starting"}, 503)

    @app.get("/metrics", summary="Prometheus metrics")
    async def prometheus() -> Response:
        """Requests, posts scored, latency histogram and errors by kind, in Prometheus' text format."""
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    @app.exception_handler(_Problem)
    async def refused(request: Request, problem: _Problem) -> JSONResponse:
        return _problem_response(problem, metrics)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        if error.status_code == 405:
            allowed = error.headers.get("Allow", "") if error.headers else ""
            return _problem_response(_Problem(405, "method_not_allowed", f"{request.method} is not allowed on "
                                              f"{request.url.path}; use {allowed}"), metrics, error.headers)
        if error.status_code == 404:
            return _problem_response(_Problem(404, "not_found", f"no endpoint {request.url.path}; see "
                                              f"/openapi.json for the endpoints"), metrics)
        return _problem_response(_Problem(error.status_code, "invalid_request", str(error.detail)), metrics)

    @app.exception_handler(Exception)
    async def failed(request: Request, error: Exception) -> JSONResponse:
        logger.exception("failed to answer %s %s", request.method, request.url.path)
        return _problem_response(_Problem(500, "internal", "the service failed to answer this request; the "
                                                           "error is in its log"), metrics)

    # Replacing app.openapi is how FastAPI documents customising the schema; mypy refuses any assignment to a method.
    app.openapi = lambda: _openapi(app, api_key is not None)  # type: ignore[method-assign]
    return app


class _Batcher:
    """One thread that scores, in one call, the posts of every request waiting.

    A call to ``Model.score`` costs about as much for one post as for a few dozen (scikit-learn checks its input
    on each call), so requests that arrive while others are scored share the next call. Posts are scored
    independently of each other, so each gets exactly the score it would get alone.
    """

    def __init__(self, model: Model, max_posts: int):
        self.model, self.max_posts = model, max_posts
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._run, name="wildtrade-scorer", daemon=True).start()

    async def score(self, texts: list[str]) -> tuple[list[float], list[list[str]]]:
        """The scores and the families of ``texts``, once the scoring thread has reached them."""
        done: concurrent.futures.Future = concurrent.futures.Future()
        self.jobs.put((texts, done))
        return await asyncio.wrap_future(done)

    def _next_jobs(self) -> list[tuple[list[str], concurrent.futures.Future]]:
        jobs: list[tuple[list[str], concurrent.futures.Future]] = []
        size, deadline = 0, 0.0  # deadline is set with the first job, before any wait reads it
        while not jobs or size < self.max_posts:
            try:
                if not jobs:
                    texts, done = self.jobs.get()
                    deadline = time.monotonic() + _GATHER_SECONDS
                else:
                    texts, done = self.jobs.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                break
            if done.set_running_or_notify_cancel():  # False: its request was cancelled while it waited
                jobs.append((texts, done))
                size += len(texts)
        return jobs

    def _run(self) -> None:
        while True:
            jobs = self._next_jobs()
            try:
                scores, families = self.model.score_with_terms([text for texts, _ in jobs for text in texts])
            except Exception as error:  # each waiting request answers it as a failure of its own
                for _, done in jobs:
                    done.set_exception(error)
                continue
            scores, start = scores.tolist(), 0
            for texts, done in jobs:
                done.set_result((scores[start:start + len(texts)], families[start:start + len(texts)]))
                start += len(texts)


async def _set_on_disconnect(request: Request, gone: threading.Event) -> None:
    """Tell the scoring thread when the client goes away, so that it stops explaining posts nobody will read."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
    gone.set()


def _openapi(app: FastAPI, with_key: bool) -> dict:
    """FastAPI's description plus what it cannot see: the request body (read by hand) and the API key."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        _, definitions = models_json_schema([(ScoreRequest, "validation")],
                                            ref_template="#/components/schemas/{model}")
        schema.setdefault("components", {}).setdefault("schemas", {}).update(definitions["$defs"])
        operation = schema["paths"]["/v1/score"]["post"]
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ScoreRequest"}}}}
        if with_key:
            schema["components"]["securitySchemes"] = {"apiKey": {"type": "http", "scheme": "bearer"}}
            for path, operations in schema["paths"].items():
                if path.startswith("/v1/"):
                    for operation in operations.values():
                        operation["security"] = [{"apiKey": []}]
        app.openapi_schema = schema
    return app.openapi_schema


# --- running it --------------------------------------------------------------------------------------------------

def read_api_key(path: str | os.PathLike) -> str:
    """The API key held in a file (surrounding whitespace ignored)."""
    try:
        key = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the API key file {path} ({getattr(error, 'strerror', None) or error})") from None
    if not key:
        raise InputError(f"the API key file {path} is empty: write the key in it")
    if not (key.isascii() and key.isprintable()) or any(c.isspace() for c in key):
        raise InputError(f"the API key in {path} must be one word of printable ASCII characters (it is sent in an "
                         f"HTTP header)")
    return key


def _log_config() -> dict:
    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["wildtrade_clf.serve"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def serve(model_dir: str | os.PathLike | None = None, host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
          api_key_file: str | os.PathLike | None = None, limits: Limits = Limits()) -> None:
    """Load the model (refusing a bad folder), then answer HTTP requests until SIGTERM or Ctrl-C.

    On SIGTERM the service stops accepting connections and finishes the requests in flight (for up to
    :data:`SHUTDOWN_GRACE_SECONDS`) before it exits. With several workers, one that dies is replaced.
    """
    model = load_model(model_dir)
    api_key = read_api_key(api_key_file) if api_key_file else None
    options: dict[str, Any] = {"host": host, "port": port, "log_config": _log_config(), "access_log": False,
               "timeout_graceful_shutdown": SHUTDOWN_GRACE_SECONDS}
    if workers == 1:
        # uvicorn raises SIGTERM again once it has shut down gracefully: exit 0 then, as with several workers.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        uvicorn.run(create_app(model, limits, api_key), **options)
        return
    del model, api_key  # checked here; each worker loads its own copy
    settings = {"model": None if model_dir is None else str(model_dir), "limits": asdict(limits),
                "api_key_file": None if api_key_file is None else str(api_key_file)}
    with tempfile.TemporaryDirectory(prefix="wildtrade-metrics-") as metrics_dir:
        # Each worker counts into files in this folder, so that /metrics adds up all of them.
        with _environment({_SETTINGS_VARIABLE: json.dumps(settings),
                           _MULTIPROCESS_VARIABLE: os.environ.get(_MULTIPROCESS_VARIABLE) or metrics_dir}):
            # uvicorn pings each worker from the moment it is spawned and kills one that does not answer in time;
            # importing scikit-learn and loading the model can take longer than its default 5 s on a busy machine.
            uvicorn.run(f"{__name__}:worker_app", factory=True, workers=workers,
                        timeout_worker_healthcheck=WORKER_START_SECONDS, **options)


def worker_app() -> FastAPI:
    """The app of one worker process of :func:`serve`, from the settings its parent put in the environment."""
    settings = json.loads(os.environ[_SETTINGS_VARIABLE])
    try:
        model = load_model(settings["model"])
        api_key = read_api_key(settings["api_key_file"]) if settings["api_key_file"] else None
    except WildtradeError as error:
        logger.error("%s", error)
        sys.exit(STARTUP_FAILURE)  # the parent then stops instead of restarting a worker that cannot start
    return create_app(model, Limits(**settings["limits"]), api_key)
