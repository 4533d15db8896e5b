"""Load and fault tests of ``wildtrade serve``, on the loopback interface only, bounded in requests and time.

    python bench/serve_load.py              # batches of 1, 100, 1000 x 1-16 clients x 1 and 2 workers, and faults
    python bench/serve_load.py --quick      # 1, 4 and 16 clients, shorter runs
    python bench/serve_load.py --smoke      # a few seconds a configuration: checks that the script works

Needs the serve extra and aiohttp: ``pip install '.[serve]' aiohttp``. The server is the checkout this file lives
in (``PYTHONPATH`` points at it), started as ``python -m wildtrade_clf serve`` on 127.0.0.1 and a free port;
nothing is sent anywhere else. Every run stops after ``--seconds`` or a fixed number of requests, whichever
comes first.

Every post sent is unique (a corpus post, a made-up word and part of another post), so neither the model's
de-duplication of repeated posts nor any cache flatters the figures; the in-process baseline is ``Model.score``
on the same posts, in the same batches, in a fresh process with the same environment as the server, measured
just before each block of server runs (the cores of a shared machine change speed as other jobs come and go).
Faults: 10% malformed requests (every kind of refusal) mixed into good ones; clients that disconnect
mid-request; a worker killed mid-run (with 2 workers; clients retry a request whose connection broke, as a
client of an idempotent scoring API should); SIGTERM mid-run (the requests in flight must be answered).
Results go to stdout as markdown and, except with --smoke, to bench/serve_results.md.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
HOST = "127.0.0.1"  # loopback only
ENV = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
       "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
JSON = {"Content-Type": "application/json"}
MAX_BODY_MB = 2  # small enough that an oversized body is cheap to send


# --------------------------------------------------------------------------- unique posts

def _corpus() -> list[str]:
    with open(REPO / "data" / "corpus.csv", newline="", encoding="utf-8") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


_CONSONANTS, _VOWELS = "bdfghklmnprstvz", "aeiou"
_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]


def _word(number: int) -> str:
    """A made-up word, different for every number (no digits or doubled letters, which normalisation changes)."""
    letters = ""
    for _ in range(4):
        number, syllable = divmod(number, len(_SYLLABLES))
        letters += _SYLLABLES[syllable]
    return letters


class Posts:
    """Post number i is always the same text, and no two numbers give the same text."""

    def __init__(self) -> None:
        self.corpus = _corpus()
        self.next = 0

    def text(self, number: int) -> str:
        rng = random.Random(number)
        first, second = rng.choice(self.corpus), rng.choice(self.corpus)
        return f"{first} {_word(number)} {second[: len(second) // 2]}"

    def take(self, count: int) -> list[str]:
        start, self.next = self.next, self.next + count
        return [self.text(number) for number in range(start, start + count)]


# --------------------------------------------------------------------------- the in-process baseline

def baseline(batch: int, seconds: float, max_posts: int) -> dict:
    """Model.score on fresh posts, ``batch`` at a time, for ``seconds``: run in a subprocess of its own."""
    import wildtrade_clf

    model = wildtrade_clf.load_model()
    posts = Posts()
    model.score(posts.take(batch))  # warm-up, as the server's start-up does
    done, spent, cpu = 0, 0.0, 0.0
    while spent < seconds and done < max_posts:
        texts = posts.take(batch)
        start, cpu_start = time.perf_counter(), time.process_time()
        model.score(texts)
        spent += time.perf_counter() - start
        cpu += time.process_time() - cpu_start
        done += batch
    return {"posts": done, "seconds": spent, "posts_per_s": done / spent, "posts_per_cpu_s": done / cpu}


def run_baseline(batch: int, seconds: float, max_posts: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--baseline", str(batch), "--seconds", str(seconds),
                           "--max-posts", str(max_posts)], capture_output=True, text=True, env=ENV, timeout=600)
    if done.returncode:
        raise SystemExit(f"baseline failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


# --------------------------------------------------------------------------- the server

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    workers: int
    log: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> Server:
        with open(self.log, "a", encoding="utf-8") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "wildtrade_clf", "serve", "--host", HOST, "--port", str(self.port),
                 "--workers", str(self.workers), "--max-body-mb", str(MAX_BODY_MB)],
                stdout=out, stderr=subprocess.STDOUT, env=ENV)
        deadline = time.monotonic() + 180
        while not self._ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start; see {self.log}")
            time.sleep(0.1)
        if self.workers > 1:  # /readyz answers as soon as one worker is up: wait for all of them
            while len(self.worker_pids()) < self.workers:
                time.sleep(0.1)
            time.sleep(5)
        return self

    def _ready(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=1) as peer:
                peer.sendall(b"GET /readyz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                return peer.recv(64).startswith(b"HTTP/1.1 200")
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        """uvicorn's worker processes (its children started by multiprocessing's spawn, not the resource tracker)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                if ppid == self.process.pid and b"spawn_main" in (stat.parent / "cmdline").read_bytes():
                    found.append(int(stat.parent.name))
            except (OSError, ValueError, IndexError):
                continue
        return found

    def cpu_seconds(self) -> float:
        """CPU time used so far by the parent and its workers."""
        total = 0.0
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, ValueError, IndexError):
                continue
        return total

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


# --------------------------------------------------------------------------- load

def _malformed(number: int, posts: Posts, batch: int) -> tuple[bytes, dict, int]:
    """Bad request number ``number``: (body, headers, the status the service must answer)."""
    kinds = [
        (b'{"texts": ["unterminated', JSON, 400),
        (json.dumps({"texts": [1, 2]}).encode(), JSON, 422),
        (json.dumps({"texts": ["a"], "explian": True}).encode(), JSON, 422),
        (json.dumps({"posts": [{"id": 1.5, "text": "a"}]}).encode(), JSON, 422),
        (json.dumps({"texts": ["a"] * 1001}).encode(), JSON, 413),
        (b'{"texts": ["' + b"a" * (MAX_BODY_MB * 1_000_000) + b'"]}', JSON, 413),
        (json.dumps({"texts": posts.take(batch)}).encode(), {"Content-Type": "text/plain"}, 415),
        (b"", JSON, 400),
    ]
    return kinds[number % len(kinds)]


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)  # seconds, good requests answered 200
    good: int = 0
    posts: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)  # exceptions, by name
    wrong_answers: int = 0  # a malformed request answered with another status than its refusal
    retried: int = 0
    lost: int = 0  # good requests never answered 200
    started_before: int = 0  # with a mark: good requests sent before it ...
    answered_before: int = 0  # ... and those of them answered 200
    seconds: float = 0.0

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.latencies, q) * 1000) if self.latencies else float("nan")

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


async def load(url: str, posts: Posts, batch: int, clients: int, seconds: float, max_requests: int,
               malformed_every: int = 0, retries: int = 0, at: float | None = None, action=None) -> Run:
    """``clients`` concurrent clients sending batches until the time or the request budget runs out.

    With ``malformed_every`` N, every Nth request is malformed. With ``at`` and ``action``, the action runs
    ``at`` seconds in (killing a worker, SIGTERM), and good requests sent before it are counted apart.
    """
    import aiohttp

    run, counter = Run(), iter(range(max_requests))
    start = time.perf_counter()
    stop = start + seconds
    marked = asyncio.Event()

    async def client(session):
        for number in counter:
            if time.perf_counter() > stop:
                return
            bad = malformed_every and number % malformed_every == malformed_every - 1
            if bad:
                body, headers, expected = _malformed(number // malformed_every, posts, batch)
            else:
                body, headers, expected = json.dumps({"texts": posts.take(batch)}).encode(), JSON, 200
            before = not marked.is_set()
            sent = time.perf_counter()
            for attempt in range(retries + 1):
                try:
                    async with session.post(url + "/v1/score", data=body, headers=headers) as response:
                        await response.read()
                        status = response.status
                    break
                except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
                    run.failures[type(error).__name__] += 1
                    status = None
                    if attempt < retries:
                        run.retried += 1
                        await asyncio.sleep(0.05)
            elapsed = time.perf_counter() - sent
            if status is not None:
                run.statuses[status] += 1
            if bad:
                run.wrong_answers += status is not None and status != expected
                continue
            if status == 200:
                run.good += 1
                run.posts += batch
                run.latencies.append(elapsed)
            else:
                run.lost += 1
            if at is not None and before:
                run.started_before += 1
                run.answered_before += status == 200

    async def mark():
        await asyncio.sleep(at)
        marked.set()
        action()

    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as session:
        tasks = [client(session) for _ in range(clients)]
        if at is not None:
            tasks.append(mark())
        await asyncio.gather(*tasks)
    run.seconds = time.perf_counter() - start
    return run


async def disconnects(server: Server, posts: Posts, rounds: int) -> dict:
    """Clients that go away mid-request: after part of the body, and after sending a slow request whole."""
    for _ in range(rounds):
        _, writer = await asyncio.open_connection(HOST, server.port)
        writer.write(b"POST /v1/score HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000\r\n\r\n" + b'{"texts": ["' + b"a" * 500)
        await writer.drain()
        writer.close()
        body = json.dumps({"texts": posts.take(100), "explain": True}).encode()
        _, writer = await asyncio.open_connection(HOST, server.port)
        writer.write(b"POST /v1/score HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body) + body)
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()
    after = await load(server.url, posts, 100, 2, 3, 200)
    return {"rounds": rounds, "after": after}


def metrics(server: Server) -> dict[str, float]:
    with socket.create_connection((HOST, server.port), timeout=10) as peer:
        peer.sendall(b"GET /metrics HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
        text = b""
        while chunk := peer.recv(65536):
            text += chunk
    values = {}
    for line in text.decode().partition("\r\n\r\n")[2].splitlines():
        if line.startswith("wildtrade_") and " " in line:
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def server_5xx(server: Server) -> int:
    return int(sum(value for name, value in metrics(server).items()
                   if name.startswith("wildtrade_requests_total") and 'status="5' in name))


# --------------------------------------------------------------------------- the report

def _row(cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--seconds", type=float, default=None, help="length of each run")
    parser.add_argument("--workdir", default=None, help="where the server logs go (default: a temporary folder)")
    parser.add_argument("--baseline", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--max-posts", type=int, default=2_000_000, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.baseline is not None:
        print(json.dumps(baseline(args.baseline, args.seconds, args.max_posts)))
        return 0

    import tempfile

    seconds = args.seconds or (1.5 if args.smoke else 3.0 if args.quick else 5.0)
    client_counts = [1, 8] if args.smoke else [1, 4, 16] if args.quick else [1, 2, 4, 8, 16]
    batches = [1, 100] if args.smoke else [1, 100, 1000]
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="serve-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    budget = {1: 20_000, 100: 3_000, 1000: 400}  # requests per run, far above what the time allows
    load_before = os.getloadavg()
    mode = " --quick" if args.quick else " --smoke" if args.smoke else ""
    lines = ["# wildtrade serve: load and fault tests\n",
             f"Command: `python bench/serve_load.py{mode}`  ",
             f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores, Python "
             f"{platform.python_version()}; load average before: {load_before[0]:.2f}; {seconds:g} s per run\n"]

    table = [_row(["workers", "batch", "clients", "requests", "posts/s", "vs in-process", "posts per server CPU s",
                   "vs in-process per CPU s", "p50 ms", "p95 ms", "p99 ms", "5xx", "lost"]), _row(["---"] * 13)]
    faults = [_row(["test", "workers", "requests", "good answered", "malformed answered as refused", "retried",
                    "lost", "5xx", "p99 ms", "notes"]), _row(["---"] * 10)]
    results: dict = {}
    base: dict = {}
    for workers in (1, 2):
        server = Server(workers, workdir / f"server-{workers}.log").start()
        posts = Posts()
        for batch in batches:
            # Measured again before each block, while the server idles: on a shared machine the speed of the
            # cores drifts, and the comparison should see the same drift.
            print(f"in-process baseline, batch {batch} ...", file=sys.stderr)
            base[workers, batch] = reference = run_baseline(batch, seconds, 2_000_000)
            table.append(_row([f"in-process (before the {workers}-worker rows)", batch, 1,
                               f"{reference['posts'] // batch:,}", f"{reference['posts_per_s']:,.0f}", "1.00",
                               f"{reference['posts_per_cpu_s']:,.0f}", "1.00", "–", "–", "–", "–", "–"]))
            for clients in client_counts:
                print(f"{workers} worker(s), batch {batch}, {clients} clients ...", file=sys.stderr)
                cpu_start = server.cpu_seconds()
                run = asyncio.run(load(server.url, posts, batch, clients, seconds, budget[batch]))
                per_cpu = run.posts / max(server.cpu_seconds() - cpu_start, 1e-9)
                results[workers, batch, clients] = run
                rate = run.posts / run.seconds
                table.append(_row([workers, batch, clients, f"{run.good:,}", f"{rate:,.0f}",
                                   f"{rate / reference['posts_per_s']:.2f}", f"{per_cpu:,.0f}",
                                   f"{per_cpu / reference['posts_per_cpu_s']:.2f}", f"{run.percentile(50):.1f}",
                                   f"{run.percentile(95):.1f}", f"{run.percentile(99):.1f}", run.server_errors,
                                   run.lost]))
        for batch in batches:
            clients = client_counts[-1]
            print(f"{workers} worker(s), batch {batch}, {clients} clients, 10% malformed ...", file=sys.stderr)
            run = asyncio.run(load(server.url, posts, batch, clients, seconds, budget[batch], malformed_every=10))
            malformed = sum(run.statuses.values()) - run.good - run.lost
            faults.append(_row([f"10% malformed, batch {batch}, {clients} clients", workers,
                                f"{sum(run.statuses.values()):,}", f"{run.good:,}",
                                f"{malformed - run.wrong_answers:,} of {malformed:,}", run.retried, run.lost,
                                run.server_errors, f"{run.percentile(99):.1f}", ""]))
        print(f"{workers} worker(s), disconnecting clients ...", file=sys.stderr)
        gone = asyncio.run(disconnects(server, posts, 5 if args.smoke else 20))
        counted = metrics(server).get('wildtrade_errors_total{kind="client_disconnected"}', 0)
        faults.append(_row([f"{gone['rounds']} clients gone after part of the body, {gone['rounds']} after a whole "
                            f"100-post explain request; then load", workers, f"{gone['after'].good:,}",
                            f"{gone['after'].good:,}", "–", 0, gone["after"].lost, server_5xx(server),
                            f"{gone['after'].percentile(99):.1f}",
                            f"server counted {counted:.0f} client_disconnected"]))
        if workers > 1:
            print(f"{workers} workers, a worker killed mid-run ...", file=sys.stderr)
            victims = server.worker_pids()
            run = asyncio.run(load(server.url, posts, 100, 8, seconds * 2, budget[100], retries=3, at=seconds / 2,
                                   action=lambda victims=victims: os.kill(victims[0], signal.SIGKILL)))
            deadline = time.monotonic() + 120
            while len(server.worker_pids()) < workers and time.monotonic() < deadline:
                time.sleep(0.2)
            faults.append(_row(["SIGKILL to a worker mid-run, batch 100, 8 clients", workers,
                                f"{run.good + run.lost:,}", f"{run.good:,}", "–", run.retried, run.lost,
                                run.server_errors, f"{run.percentile(99):.1f}",
                                f"{len(server.worker_pids())} workers afterwards (the dead one replaced); "
                                f"connection errors: {dict(run.failures) or 'none'}"]))
        errors_in_log = sum(line.count("Traceback") + line.count("ERROR")
                            for line in server.log.read_text(encoding="utf-8").splitlines())
        print(f"{workers} worker(s), SIGTERM mid-run ...", file=sys.stderr)
        run = asyncio.run(load(server.url, posts, 100, 8, seconds * 2, budget[100], at=seconds / 2,
                               action=lambda server=server: server.process.send_signal(signal.SIGTERM)))
        try:
            code = server.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.process.kill()
            code = "none: still running 60 s after SIGTERM, killed"
        faults.append(_row(["SIGTERM mid-run, batch 100, 8 clients", workers, f"{run.started_before:,} sent before it",
                            f"{run.answered_before:,} of them", "–", 0, run.started_before - run.answered_before,
                            run.server_errors, "–", f"exit status {code}; later requests refused "
                                                    f"({sum(run.failures.values())} connection errors)"]))
        faults.append(_row(["tracebacks or ERROR lines in the server log (before SIGTERM)", workers, "–", "–",
                            "–", "–", "–", "–", "–", errors_in_log]))

    goals = [_row(["goal", "measured", "target", ""]), _row(["---"] * 4)]
    for workers in (1, 2):
        best = max(client_counts, key=lambda clients: results[workers, 100, clients].posts)
        reference = base[workers, 100]["posts_per_s"]
        ratio = results[workers, 100, best].posts / results[workers, 100, best].seconds / reference
        single = results[workers, 100, 1].posts / results[workers, 100, 1].seconds / reference
        goals.append(_row([f"batch 100, {workers} worker(s): posts/s vs in-process Model.score", f"{ratio:.2f} "
                           f"({best} clients; {single:.2f} with 1)", ">= 0.80", "PASS" if ratio >= 0.8 else "FAIL"]))
    if 8 in client_counts:
        for workers in (1, 2):
            p99 = results[workers, 1, 8].percentile(99)
            goals.append(_row([f"single post, 8 clients, {workers} worker(s): p99", f"{p99:.1f} ms", "< 50 ms",
                               "PASS" if p99 < 50 else "FAIL"]))
    total_5xx = sum(run.server_errors for run in results.values())
    total_lost = sum(run.lost for run in results.values())
    goals.append(_row(["5xx / lost requests in the load runs", f"{total_5xx} / {total_lost}", "0 / 0",
                       "PASS" if total_5xx == total_lost == 0 else "FAIL"]))
    load_after = os.getloadavg()
    report = "\n".join(lines + ["## Throughput and latency\n", *table, "", "## Faults\n", *faults, "",
                                "## Goals\n", *goals, "",
                                f"Load average after: {load_after[0]:.2f} (other processes on the machine share "
                                f"its {os.cpu_count()} cores with the server and the client)."]) + "\n"
    print(report)
    if not args.smoke:
        (BENCH / "serve_results.md").write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
