"""One process of the chat benchmark's clients: many WebSocket connections to one live room, some
of whose members post at set times; it notes when each message reached each connection.

The parent (bench.chat) talks to each such process over a pipe, in turns:
  1. the process opens its connections and answers ("ready", {...});
  2. the parent answers ("start", t0): posting begins at t0 (seconds since the epoch);
  3. after its last message, the process waits for the acks and answers ("sent", {...});
  4. the parent answers ("final", seq), the highest number accepted by anyone;
  5. the process waits until every connection has it (or a time limit passes), answers
     ("result", {...}) and closes its connections.

A connection that drops reconnects with `since` set to the last number it has, as the room's
own script does, so that a loss counted here is one the room itself would show.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

BODY = (
    "Message {n}: what helps me on a bad day is a slow morning, a warm drink and a friend "
    "who does not ask me to explain."
)
CONNECT_AT_ONCE = 25
ACK_WAIT = 15.0
DELIVERY_WAIT = 20.0


@dataclass
class Shared:
    """What every connection of this process adds to."""

    first_seen: dict[int, float] = field(default_factory=dict)
    last_seen: dict[int, float] = field(default_factory=dict)
    accepted_at: dict[int, float] = field(default_factory=dict)
    sent: dict[str, tuple[float, str]] = field(default_factory=dict)  # client_id → (when, phase)
    acks: dict[str, tuple[float, int]] = field(default_factory=dict)  # client_id → (when, seq)
    server_ms: dict[str, float] = field(default_factory=dict)  # client_id → the server's own accept time
    refused: dict[str, str] = field(default_factory=dict)  # client_id → error code
    errors: Counter[str] = field(default_factory=Counter)
    reconnects: int = 0
    stopping: bool = False


class Client:
    def __init__(self, spec: dict[str, Any], session: str, shared: Shared) -> None:
        self.spec, self.session, self.shared = spec, session, shared
        self.seqs: list[int] = []
        self.hello_seq: int | None = None
        self.last = -1
        self.ws: ClientConnection | None = None
        self.ready = asyncio.Event()
        self.failed: str | None = None

    async def run(self) -> None:
        headers = {"Origin": self.spec["origin"]}
        if self.session:
            headers["Cookie"] = f"{self.spec['cookie_name']}={self.session}"
        while not self.stopping():
            url = self.spec["ws_url"] + (f"?since={self.last}" if self.last >= 0 else "")
            try:
                async with connect(
                    url,
                    additional_headers=headers,
                    compression="deflate" if self.spec["deflate"] else None,
                    open_timeout=60,
                    ping_interval=None,
                    close_timeout=2,
                    max_size=2**22,
                ) as ws:
                    self.ws = ws
                    async for raw in ws:
                        self.on_frame(raw, time.time())
            except (OSError, ConnectionClosed, InvalidStatus, TimeoutError) as error:
                if not self.ready.is_set():
                    self.failed = f"{type(error).__name__}: {error}"[:200]
            self.ws = None
            if not self.ready.is_set():  # refused, or closed before its hello
                self.failed = self.failed or "closed before the hello frame"
                self.ready.set()
                return
            if self.stopping():
                return
            self.shared.reconnects += 1
            await asyncio.sleep(0.2)

    def stopping(self) -> bool:
        return self.shared.stopping

    def on_frame(self, raw: str | bytes, now: float) -> None:
        frame = json.loads(raw)
        kind = frame.get("type")
        shared = self.shared
        if kind == "message":
            seq = frame["seq"]
            self.seqs.append(seq)
            if seq > self.last:
                self.last = seq
            if seq not in shared.first_seen:
                shared.first_seen[seq] = now
            if now > shared.last_seen.get(seq, 0.0):
                shared.last_seen[seq] = now
            accepted = frame.get("accepted_at")
            if accepted is not None:
                shared.accepted_at[seq] = accepted
        elif kind == "hello":
            if self.hello_seq is None:
                self.hello_seq = frame["seq"]
                self.last = frame["seq"]
            self.ready.set()
        elif kind == "ack":
            shared.acks[frame["client_id"]] = (now, frame["seq"])
            if isinstance(frame.get("took_ms"), (int, float)):
                shared.server_ms[frame["client_id"]] = float(frame["took_ms"])
        elif kind == "error":
            shared.errors[frame.get("code", "?")] += 1
            if frame.get("client_id"):
                shared.refused[frame["client_id"]] = frame.get("code", "?")

    async def post(self, number: int, phase: str) -> None:
        client_id = f"m{number}"
        text = json.dumps({"type": "message", "body": BODY.format(n=number), "client_id": client_id})
        ws = self.ws
        if ws is None:
            self.shared.refused[client_id] = "not_connected"
            return
        try:
            await ws.send(text)
        except ConnectionClosed:
            self.shared.refused[client_id] = "not_connected"


def _post_over_http(spec: dict[str, Any], token: str, number: int, shared: Shared, phase: str) -> None:
    client_id = f"p{number}"
    data = json.dumps({"body": BODY.format(n=number), "client_id": client_id}).encode()
    request = urllib.request.Request(
        spec["post_url"],
        data=data,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = json.loads(response.read() or b"{}")
            timing = response.headers.get("Server-Timing", "")
            if "dur=" in timing:
                shared.server_ms[client_id] = float(timing.split("dur=", 1)[1].split(";")[0])
        seq = body.get("seq") if isinstance(body, dict) else None
        shared.acks[client_id] = (time.time(), int(seq) if isinstance(seq, int) else -1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        code = getattr(error, "code", None)
        shared.refused[client_id] = f"http_{code}" if code else type(error).__name__
        shared.errors[shared.refused[client_id]] += 1


async def _schedule(spec: dict[str, Any], clients: list[Client], shared: Shared, t0: float) -> float:
    """Post each message of this process's plan at its time; the latest start in seconds."""
    tasks: set[asyncio.Task[None]] = set()
    late = 0.0
    for offset, sender, number, phase, channel in spec["plan"]:
        delay = t0 + offset - time.time()
        if delay > 0:
            await asyncio.sleep(delay)
        late = max(late, time.time() - (t0 + offset))
        shared.sent[f"{'m' if channel == 'ws' else 'p'}{number}"] = (time.time(), phase)
        if channel == "ws":
            task = asyncio.create_task(clients[sender].post(number, phase))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        else:
            token = spec["tokens"][sender]
            asyncio.get_running_loop().run_in_executor(None, _post_over_http, spec, token, number, shared, phase)
    return late


async def _main(spec: dict[str, Any], pipe: Connection) -> None:
    shared = Shared()
    clients = [Client(spec, session, shared) for session in spec["sessions"]]
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)
    runners: list[asyncio.Task[None]] = []

    async def open_one(client: Client) -> None:
        async with gate:
            runners.append(asyncio.create_task(client.run()))
            await client.ready.wait()

    started = time.perf_counter()
    await asyncio.gather(*(open_one(client) for client in clients))
    failures = [client.failed for client in clients if client.failed]
    pipe.send(
        (
            "ready",
            {
                "connected": len(clients) - len(failures),
                "failures": failures[:5],
                "failed": len(failures),
                "hello_seqs": sorted({c.hello_seq for c in clients if c.hello_seq is not None}),
                "connect_seconds": round(time.perf_counter() - started, 2),
            },
        )
    )
    loop = asyncio.get_running_loop()
    command, t0 = await loop.run_in_executor(None, pipe.recv)
    late = 0.0
    if command == "start":
        late = await _schedule(spec, clients, shared, t0)
        deadline = time.monotonic() + ACK_WAIT
        while time.monotonic() < deadline and any(  # noqa: ASYNC110  (a deadline, not an event)
            cid not in shared.acks and cid not in shared.refused for cid in shared.sent
        ):
            await asyncio.sleep(0.05)
    seqs = [seq for _, seq in shared.acks.values()]
    pipe.send(("sent", {"max_seq": max(seqs, default=-1), "late_ms": round(late * 1000, 1)}))
    command, final = await loop.run_in_executor(None, pipe.recv)
    deadline = time.monotonic() + DELIVERY_WAIT
    live = [client for client in clients if not client.failed]
    while time.monotonic() < deadline and any(client.last < final for client in live):  # noqa: ASYNC110
        await asyncio.sleep(0.1)
    shared.stopping = True
    pipe.send(("result", _result(live, shared, final)))
    for client in live:
        if client.ws is not None:
            await client.ws.close()
    for runner in runners:
        runner.cancel()
    await asyncio.gather(*runners, return_exceptions=True)


def _result(clients: list[Client], shared: Shared, final: int) -> dict[str, Any]:
    lost = duplicated = incomplete = 0
    for client in clients:
        start = client.hello_seq if client.hello_seq is not None else final
        got = Counter(client.seqs)
        missing = sum(1 for seq in range(start + 1, final + 1) if seq not in got)
        lost += missing
        incomplete += missing > 0
        duplicated += sum(count - 1 for count in got.values() if count > 1)
    accept: dict[str, list[float]] = {}
    for client_id, (when, phase) in shared.sent.items():
        if client_id in shared.acks:
            channel = "ws" if client_id.startswith("m") else "post"
            accept.setdefault(f"{channel}_{phase}", []).append((shared.acks[client_id][0] - when) * 1000)
            if client_id in shared.server_ms:
                accept.setdefault(f"server_{channel}_{phase}", []).append(shared.server_ms[client_id])
    return {
        "clients": len(clients),
        "lost": lost,
        "duplicated": duplicated,
        "incomplete_clients": incomplete,
        "first_seen": shared.first_seen,
        "last_seen": shared.last_seen,
        "accepted_at": shared.accepted_at,
        "accept_ms": accept,
        "sent": len(shared.sent),
        "unanswered": sorted(cid for cid in shared.sent if cid not in shared.acks and cid not in shared.refused)[:5],
        "refused": dict(Counter(shared.refused.values())),
        "errors": dict(shared.errors),
        "reconnects": shared.reconnects,
    }


def client_process(spec: dict[str, Any], pipe: Connection) -> None:
    """The entry point of one client process (started with multiprocessing)."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover
        asyncio.run(_main(spec, pipe))
    else:
        uvloop.run(_main(spec, pipe))
