"""Start Hearth under uvicorn in a subprocess, with its own var/ directory, for tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    environ.update({"HEARTH_VAR_DIR": str(var_dir), "HTTPS": "0", "DEBUG": "0", "PYTHONUNBUFFERED": "1"})
    environ.update(overrides)
    return environ


def manage(var_dir: Path, *args: str, **overrides: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=server_env(var_dir, **overrides), check=True, timeout=300
    )


@contextmanager
def running_server(var_dir: Path, *, port: int | None = None, **overrides: str) -> Iterator[str]:
    """Migrate and collect static files into var_dir, serve, and yield the base URL once healthy."""
    port = port or free_port()
    manage(var_dir, "migrate", "--noinput", "--verbosity", "0", **overrides)
    manage(var_dir, "collectstatic", "--noinput", "--verbosity", "0", **overrides)
    log = (var_dir / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--no-worker", "--port", str(port)],
        cwd=ROOT,
        env=server_env(var_dir, **overrides),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {(var_dir / 'server.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            # Reaped here, or its Popen warns (ResourceWarning) whenever it is collected, failing
            # whichever test happens to be running then.
            process.wait(timeout=15)
        log.close()
