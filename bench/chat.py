"""The live chat under load: fan-out to a full room, accepting messages, and idle connections.

Fan-out: one room, 500 WebSocket connections (each a signed-in member of the room's public
community, with a session of their own), 5 messages a second for 60 s then 20 a second for 30 s
(`Sizes`), posted over WebSocket by enough members that none of them comes near the per-member
rate limits. For each message: from the server accepting it (the frame's
`accepted_at`, taken right after the durable write) to the *last* connection receiving it; and
every connection must end with every number exactly once (lost and duplicated are counted per
connection and message; lost means not received within 20 s of the last message being accepted).
A warm-up of a few seconds at the slow rate comes first and is not measured. The clients run in
`processes` processes of their own.

It runs in two configurations: one process with the in-memory channel layer, and two workers
(WEB_CONCURRENCY=2) sharing the port, with REDIS_URL (skipped, and said so, without REDIS_URL);
the two-worker run checks that both workers hold connections. The database is the one the rest
of the bench uses: DATABASE_URL (a throwaway database on that PostgreSQL server, dropped
afterwards) or the embedded SQLite in a temporary var/ directory.

Accepting: from a client sending a message to its "ack" (WebSocket) or to the response of
POST /api/v1/live-chats/{id}/messages (when the API has it), during the slow phase.

Memory: 2,000 idle connections to a fresh single-process server; the resident memory of all the
server's processes together.

    .venv/bin/python -m bench.chat --quick       # 50 clients, 200 idle ones; half a minute on SQLite
    .venv/bin/python -m bench.chat               # the sizes of the issue; about 7 minutes
    .venv/bin/python -m bench.chat --clients 50 --slow-seconds 10 --fast-seconds 0 --only 1proc_memory_layer
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psutil  # type: ignore[import-untyped]  # locked as locust's dependency; ships no type hints

from bench.chat_clients import client_process
from bench.metrics import Metric, latency, percentile
from tests.server import ROOT, free_port, server_env

FANOUT_TARGETS = {"p50": 30.0, "p99": 150.0}
ACCEPT_TARGETS = {"p99": 50.0}
IDLE_RSS_TARGET_MIB = 250.0
PER_MEMBER_WINDOW = (5, 10)  # at most 5 messages per sender per 10 s: half the limit of 10
PER_MEMBER_HOURLY = 100  # half the limit of 200 an hour
MEMORY_LAYER, REDIS_WORKERS = "1proc_memory_layer", "2workers_redis"


@dataclass(frozen=True)
class Sizes:
    clients: int = 500
    warmup_seconds: float = 3.0  # at the slow rate, before the measured phases; not measured
    slow_rate: float = 5.0
    slow_seconds: float = 60.0
    fast_rate: float = 20.0
    fast_seconds: float = 30.0
    idle: int = 2000
    processes: int = 4
    deflate: bool = True

    @property
    def messages(self) -> int:
        slow = round(self.slow_rate * (self.warmup_seconds + self.slow_seconds))
        return slow + round(self.fast_rate * self.fast_seconds)

    @property
    def senders(self) -> int:
        per_window, window = PER_MEMBER_WINDOW
        busiest = max(self.slow_rate, self.fast_rate) * window
        return max(1, math.ceil(busiest / per_window), math.ceil(self.messages / PER_MEMBER_HOURLY))


FULL = Sizes()
QUICK = Sizes(clients=50, warmup_seconds=1.0, slow_seconds=5.0, fast_seconds=3.0, idle=200, processes=2)


# --- the server ---------------------------------------------------------------------------------


@dataclass
class Server:
    base: str
    port: int
    process: psutil.Process
    log: Path

    def tree(self) -> list[psutil.Process]:
        try:
            return [self.process, *self.process.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def rss_mib(self) -> float:
        total = 0
        for process in self.tree():
            with suppress(psutil.NoSuchProcess):
                total += process.memory_info().rss
        return round(total / 2**20, 1)

    def connections_per_process(self) -> dict[int, int]:
        """Established connections on the server's port, by the process that holds them."""
        counts = {}
        for process in self.tree():
            try:
                found = process.net_connections(kind="tcp")
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            counts[process.pid] = sum(
                1 for c in found if c.laddr and c.laddr.port == self.port and c.status == psutil.CONN_ESTABLISHED
            )
        return counts


@contextmanager
def serving(var: Path, env: dict[str, str], workers: int) -> Iterator[Server]:
    port = free_port()
    log_path = var / f"server-{port}.log"
    with log_path.open("wb") as log:
        begun = time.perf_counter()
        popen = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--no-worker", "--port", str(port)],
            cwd=ROOT,
            env={**env, "WEB_CONCURRENCY": str(workers)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server = Server(f"http://127.0.0.1:{port}", port, psutil.Process(popen.pid), log_path)
        try:
            deadline = time.monotonic() + 90
            while True:
                started = log_path.read_text(errors="replace").count("Started server process")
                if started >= workers and _healthy(server.base):
                    break
                if popen.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {log_path.read_text()[-2000:]}")
                time.sleep(0.2)
            _note(f"server on port {port} with {workers} worker(s) ready in {_since(begun)} s")
            yield server
        finally:
            stopping = time.perf_counter()
            tree = server.tree()
            popen.terminate()
            try:
                popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _note(f"server on port {port} did not stop within 10 s of SIGTERM; killed")
            for process in tree:  # a worker left behind would keep serving the port
                with suppress(psutil.NoSuchProcess):
                    process.kill()
            popen.wait()
            _note(f"server on port {port} stopped in {_since(stopping)} s")


def _note(text: str) -> None:
    print(f"bench.chat: {time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _post_url(base: str, chat_id: int) -> str | None:
    """The API's path for posting to a live chat, if the OpenAPI document lists one."""
    try:
        with urllib.request.urlopen(f"{base}/api/v1/openapi.json", timeout=10) as response:
            paths = json.loads(response.read()).get("paths", {})
    except (OSError, ValueError):
        return None
    for key, operations in paths.items():
        path = str(key)
        if "live-chats/" in path and path.rstrip("/").endswith("/messages") and "post" in operations:
            parameter = path[path.index("{") : path.index("}") + 1] if "{" in path else None
            if parameter:
                return base + path.replace(parameter, str(chat_id))
    return None


# --- the database -------------------------------------------------------------------------------


@contextmanager
def database() -> Iterator[str | None]:
    """A throwaway database on DATABASE_URL's PostgreSQL server, or None for SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    import psycopg

    name = f"hearth_bench_chat_{secrets.token_hex(4)}"
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'CREATE DATABASE "{name}"'.encode())
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def _static_files(var: Path, env: dict[str, str]) -> None:
    """The static files `make bench` has just collected into var/ (the pages name them through
    its manifest), or a collection of their own."""
    collected = ROOT / "var" / "static"
    if (collected / "staticfiles.json").exists():
        (var / "static").symlink_to(collected, target_is_directory=True)
    else:
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=600)


# --- a run of client processes ------------------------------------------------------------------


def _plan(sizes: Sizes, senders: int, post_url: str | None) -> list[tuple[float, int, int, str, str]]:
    """(offset in seconds, sender, message number, phase, "ws" or "post") for every message:
    a warm-up at the slow rate (not measured), the slow phase, the fast phase. With the API,
    every fifth message at the slow rate goes over it."""
    plan = []
    warmup = round(sizes.slow_rate * sizes.warmup_seconds)
    slow = warmup + round(sizes.slow_rate * sizes.slow_seconds)
    for n in range(slow):
        channel = "post" if post_url and n % 5 == 4 else "ws"
        plan.append((n / sizes.slow_rate, n % senders, n, "warmup" if n < warmup else "slow", channel))
    for k in range(round(sizes.fast_rate * sizes.fast_seconds)):
        n = slow + k
        offset = sizes.warmup_seconds + sizes.slow_seconds + k / sizes.fast_rate
        plan.append((offset, n % senders, n, "fast", "ws"))
    return plan


@dataclass
class Run:
    results: list[dict[str, Any]]
    ready: list[dict[str, Any]]
    t0: float
    final: int
    start_seq: int
    connections: dict[int, int]
    rss_connected_mib: float
    late_ms: float


def _exchange(pipes: list[Connection], expected: str, timeout: float) -> list[Any]:
    answers = []
    deadline = time.monotonic() + timeout
    for pipe in pipes:
        if not pipe.poll(max(0.0, deadline - time.monotonic())):
            raise RuntimeError(f"bench.chat: a client process did not answer {expected!r} in time")
        kind, body = pipe.recv()
        if kind != expected:
            raise RuntimeError(f"bench.chat: a client process answered {kind!r}, not {expected!r}")
        answers.append(body)
    return answers


def run_clients(
    server: Server,
    setup: dict[str, Any],
    chat_id: int,
    sessions: list[str],
    sizes: Sizes,
    *,
    plan: list[tuple[float, int, int, str, str]],
    post_url: str | None = None,
    settle: float = 0.0,
) -> Run:
    """Open `sessions` connections over `sizes.processes` processes, post `plan` (the first
    senders' sessions post), and gather what every connection received."""
    processes = max(1, min(sizes.processes, len(sessions)))
    senders = max((sender for _, sender, *_ in plan), default=-1) + 1
    common = {
        "ws_url": server.base.replace("http://", "ws://") + f"/ws/chats/{chat_id}/",
        "origin": server.base,
        "cookie_name": setup["cookie_name"],
        "deflate": sizes.deflate,
        "post_url": post_url,
    }
    specs: list[dict[str, Any]] = [{**common, "sessions": [], "plan": [], "tokens": {}} for _ in range(processes)]
    local: dict[int, tuple[int, int]] = {}  # sender → (process, index there)
    for index, session in enumerate(sessions):
        spec = specs[index % processes]
        if index < senders:
            local[index] = (index % processes, len(spec["sessions"]))
            spec["tokens"][len(spec["sessions"])] = setup["tokens"][index]
        spec["sessions"].append(session)
    for offset, sender, number, phase, channel in plan:
        where, at = local[sender]
        specs[where]["plan"].append((offset, at, number, phase, channel))
    context = multiprocessing.get_context("spawn")
    pipes, children = [], []
    for spec in specs:
        ours, theirs = context.Pipe()
        child = context.Process(target=client_process, args=(spec, theirs), daemon=True)
        child.start()
        pipes.append(ours)
        children.append(child)
    try:
        ready = _exchange(pipes, "ready", timeout=60 + len(sessions) * 0.5)
        _note(f"{len(sessions)} connections open")
        time.sleep(settle)
        connections = server.connections_per_process()
        rss = server.rss_mib()
        start_seq = max((seq for answer in ready for seq in answer["hello_seqs"]), default=0)
        t0 = time.time() + 1.0
        for pipe in pipes:
            pipe.send(("start", t0))
        duration = max((offset for offset, *_ in plan), default=0.0)
        sent = _exchange(pipes, "sent", timeout=duration + 120)
        final = max([start_seq, *(answer["max_seq"] for answer in sent)])
        for pipe in pipes:
            pipe.send(("final", final))
        _note(f"all sent; the last number is {final}")
        results = _exchange(pipes, "result", timeout=120)
        _note("results in")
    finally:
        for child in children:
            child.join(timeout=30)
            if child.is_alive():
                child.kill()
    late = max((answer["late_ms"] for answer in sent), default=0.0)
    return Run(results, ready, t0, final, start_seq, connections, rss, late)


# --- measurements -------------------------------------------------------------------------------


def _failed_connections(run: Run) -> int:
    return sum(answer["failed"] for answer in run.ready)


def fanout(
    label: str, server: Server, setup: dict[str, Any], chat_id: int, sizes: Sizes, targets: bool
) -> tuple[dict[str, Metric], dict[str, Any]]:
    senders = sizes.senders
    if senders > sizes.clients:
        raise SystemExit(f"bench.chat: {sizes.clients} clients are too few for {senders} senders")
    post_url = _post_url(server.base, chat_id)
    plan = _plan(sizes, senders, post_url)
    run = run_clients(server, setup, chat_id, setup["sessions"][: sizes.clients], sizes, plan=plan, post_url=post_url)
    last_seen: dict[int, float] = {}
    first_seen: dict[int, float] = {}
    accepted: dict[int, float] = {}
    for result in run.results:
        for seq, when in result["last_seen"].items():
            last_seen[seq] = max(when, last_seen.get(seq, 0.0))
        for seq, when in result["first_seen"].items():
            first_seen[seq] = min(when, first_seen.get(seq, math.inf))
        accepted.update(result["accepted_at"])
    to_last: dict[str, list[float]] = {"slow": [], "fast": []}
    to_first: list[float] = []
    no_live_frame = 0
    for seq in range(run.start_seq + 1, run.final + 1):
        if seq not in accepted or seq not in last_seen:
            no_live_frame += 1
            continue
        if accepted[seq] < run.t0 + sizes.warmup_seconds:
            continue
        phase = "slow" if accepted[seq] < run.t0 + sizes.warmup_seconds + sizes.slow_seconds else "fast"
        to_last[phase].append((last_seen[seq] - accepted[seq]) * 1000)
        to_first.append((first_seen[seq] - accepted[seq]) * 1000)
    everything = to_last["slow"] + to_last["fast"]
    lost = sum(result["lost"] for result in run.results)
    duplicated = sum(result["duplicated"] for result in run.results)
    accept: dict[str, list[float]] = {}
    for result in run.results:
        for key, values in result["accept_ms"].items():
            accept.setdefault(key, []).extend(values)
    refused: dict[str, int] = {}
    for result in run.results:
        for code, count in result["refused"].items():
            refused[code] = refused.get(code, 0) + count
    sent = sum(result["sent"] for result in run.results)
    acked = sum(len(values) for key, values in accept.items() if not key.startswith("server_"))
    failed = _failed_connections(run)

    name = f"chat_fanout_{label}"
    metrics = latency(name, everything or [math.inf], FANOUT_TARGETS if targets else None)
    metrics[f"{name}_lost"] = Metric(lost, "deliveries", target=0, ok=lost == 0 and failed == 0)
    metrics[f"{name}_duplicated"] = Metric(duplicated, "deliveries", target=0, ok=duplicated == 0)
    metrics[f"{name}_unaccepted"] = Metric(sent - acked, "messages", target=0, ok=sent == acked)
    if label == REDIS_WORKERS:
        used = sum(1 for count in run.connections.values() if count > 0)
        metrics[f"{name}_workers_used"] = Metric(used, "processes", target=2, ok=used >= 2)
    # The target is the server's: from taking the message to its durable write (the ack's
    # `took_ms`, the API's Server-Timing). Seen from the clients it also holds their own delays,
    # processes reading 10,000 frames a second on the same two cores; shown beside it.
    accept_targets = ACCEPT_TARGETS if targets else None
    metrics.update(latency(f"chat_accept_ws_{label}", accept.get("server_ws_slow") or [math.inf], accept_targets))
    metrics.update(latency(f"chat_accept_ws_seen_by_client_{label}", accept.get("ws_slow") or [math.inf], None))
    if post_url:
        server_post = accept.get("server_post_slow") or [math.inf]
        metrics.update(latency(f"chat_accept_post_{label}", server_post, accept_targets))
        client_post = accept.get("post_slow") or [math.inf]
        metrics.update(latency(f"chat_accept_post_seen_by_client_{label}", client_post, None))

    def summary(values: list[float]) -> dict[str, float] | None:
        if not values:
            return None
        return {f"p{q}": round(percentile(values, q / 100), 1) for q in (50, 95, 99)} | {"max": round(max(values), 1)}

    details = {
        "clients": sizes.clients,
        "client_processes": len(run.results),
        "connections_failed": failed,
        "connection_failures": [f for answer in run.ready for f in answer["failures"]][:5],
        "connect_seconds": max(answer["connect_seconds"] for answer in run.ready),
        "connections_per_server_process": run.connections,
        "server_rss_mib_connected": run.rss_connected_mib,
        "senders": senders,
        "messages_planned": len(plan),
        "messages_sent": sent,
        "messages_accepted": acked,
        "refused": refused,
        "unanswered": [cid for result in run.results for cid in result["unanswered"]][:5],
        "error_frames": _sum_counts(run.results, "errors"),
        "reconnects": sum(result["reconnects"] for result in run.results),
        "messages_without_live_frame": no_live_frame,
        "incomplete_clients": sum(result["incomplete_clients"] for result in run.results),
        "latest_send_ms": run.late_ms,
        "to_last_client_ms": {phase: summary(values) for phase, values in to_last.items()},
        "to_first_client_ms": summary(to_first),
        "accept_ms": {key: summary(values) for key, values in accept.items()},
        "post_url": post_url or "not in the API (WebSocket only)",
        "per_message_deflate_offered": sizes.deflate,
    }
    return metrics, details


def _sum_counts(results: list[dict[str, Any]], key: str) -> dict[str, int]:
    total: dict[str, int] = {}
    for result in results:
        for code, count in result[key].items():
            total[code] = total.get(code, 0) + count
    return total


def idle_memory(
    server: Server, setup: dict[str, Any], chat_id: int, sizes: Sizes, targets: bool
) -> tuple[dict[str, Metric], dict[str, Any]]:
    """Resident memory of the whole server with `sizes.idle` idle connections open."""
    baseline = server.rss_mib()
    sessions = setup["sessions"][: sizes.idle]
    run = run_clients(server, setup, chat_id, sessions, sizes, plan=[], settle=2.0 if sizes.idle <= 500 else 5.0)
    target = IDLE_RSS_TARGET_MIB if targets else None
    value = run.rss_connected_mib
    failed = _failed_connections(run)
    name = f"chat_idle_{sizes.idle}_server_rss"
    metrics = {name: Metric(value, "MiB", target=target, ok=failed == 0 and (target is None or value <= target))}
    details = {
        "connections": len(sessions) - failed,
        "connections_failed": failed,
        "connections_per_server_process": run.connections,
        "server_rss_mib_before": baseline,
        "server_rss_mib_connected": value,
        "kib_per_connection": round((value - baseline) * 1024 / max(1, len(sessions) - failed), 1),
        "connect_seconds": max(answer["connect_seconds"] for answer in run.ready),
        "per_message_deflate_offered": sizes.deflate,
    }
    return metrics, details


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 1)


def chat_metrics(sizes: Sizes, *, targets: bool, only: str | None = None) -> tuple[dict[str, Metric], dict[str, Any]]:
    """Every chat measurement in its own server(s), over a database prepared for it."""
    metrics: dict[str, Metric] = {}
    details: dict[str, Any] = {"sizes": asdict(sizes)}
    redis_url = os.environ.get("REDIS_URL", "")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hearth-bench-chat-") as temporary, database() as database_url:
        var = Path(temporary)
        env = server_env(var)
        env.pop("REDIS_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        with_redis = {**env, "REDIS_URL": redis_url} if redis_url else env
        _manage(with_redis, "migrate", "--noinput", "--verbosity", "0")
        _static_files(var, with_redis)
        out = var / "bench-chat.json"
        members = max(sizes.clients, sizes.idle)
        command = [sys.executable, "-m", "bench.chat_setup", "--members", str(members), "--chats", "2"]
        command += ["--senders", str(sizes.senders), "--out", str(out)]
        subprocess.run(command, cwd=ROOT, env=with_redis, check=True, timeout=600)
        setup = json.loads(out.read_text())
        details["prepared_seconds"] = _since(started)

        if only in (None, MEMORY_LAYER):
            with serving(var, env, workers=1) as server:
                found, details[MEMORY_LAYER] = fanout(MEMORY_LAYER, server, setup, setup["chats"][0], sizes, targets)
                metrics.update(found)
            details[MEMORY_LAYER]["wall_seconds"] = _since(started)
        if only in (None, REDIS_WORKERS):
            if redis_url:
                with serving(var, with_redis, workers=2) as server:
                    found, details[REDIS_WORKERS] = fanout(
                        REDIS_WORKERS, server, setup, setup["chats"][1], sizes, targets
                    )
                    metrics.update(found)
                details[REDIS_WORKERS]["wall_seconds"] = _since(started)
            else:
                details[REDIS_WORKERS] = "not run: REDIS_URL is not set"
                print("bench.chat: the two-worker run needs REDIS_URL; not run", file=sys.stderr)
        if only in (None, "memory"):
            with serving(var, env, workers=1) as server:
                found, details["idle"] = idle_memory(server, setup, setup["chats"][0], sizes, targets)
                metrics.update(found)
            details["idle"]["wall_seconds"] = _since(started)
    details["database"] = "postgresql (a throwaway database)" if database_url else "sqlite"
    details["wall_seconds"] = _since(started)
    return metrics, details


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the CI smoke sizes, without speed targets")
    parser.add_argument("--clients", type=int)
    parser.add_argument("--slow-rate", type=float)
    parser.add_argument("--slow-seconds", type=float)
    parser.add_argument("--fast-rate", type=float)
    parser.add_argument("--fast-seconds", type=float)
    parser.add_argument("--idle", type=int, help="idle connections for the memory measurement")
    parser.add_argument("--processes", type=int, help="client processes")
    parser.add_argument("--no-deflate", action="store_true", help="clients do not offer permessage-deflate")
    parser.add_argument("--only", choices=[MEMORY_LAYER, REDIS_WORKERS, "memory"])
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    chosen = {
        key: getattr(args, key)
        for key in ("clients", "slow_rate", "slow_seconds", "fast_rate", "fast_seconds", "idle", "processes")
        if getattr(args, key) is not None
    }
    sizes = replace(sizes, **chosen, deflate=not args.no_deflate)
    metrics, details = chat_metrics(sizes, targets=not args.quick, only=args.only)
    print(f"{'metric':44} {'value':>10} {'unit':12} {'target':>8}  ok")
    for name, metric in metrics.items():
        target = "" if metric.target is None else f"{metric.target:g}"
        print(f"{name:44} {metric.value:>10g} {metric.unit:12} {target:>8}  {'yes' if metric.ok else 'NO'}")
    print(json.dumps(details, indent=2))


if __name__ == "__main__":
    main()
