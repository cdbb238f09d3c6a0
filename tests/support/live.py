"""Test support: `regiodeal serve` in a subprocess on a free port, and Debian's Chromium.

Servers are configured through REGIODEAL_* variables; the browser is the machine's
/usr/bin/chromium (installed by scripts/test.sh, never downloaded), started with the flags that
keep it off the network. A real process is for what needs one (browsers, other HTTP clients,
timeouts, limits of the HTTP server itself); router logic is tested in-process (support.apps).
`LiveServers` starts each settings combination once per session.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from support.apps import env_value

START_TIMEOUT_S = 90.0
CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    log: Path

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


def start_server(directory: Path, **settings: object) -> LiveServer:
    """Start a server logging to `directory`/server.log; wait until /sparql answers."""
    port = free_port()
    env = {**os.environ, **{f"REGIODEAL_{k.upper()}": env_value(v) for k, v in settings.items()}}
    log = directory / "server.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "regiodeal.cli", "serve", "--port", str(port)],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()}")
        try:
            if httpx.get(server.sparql, timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"server did not start:\n{log.read_text()}")


def stop_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(5)


class LiveServers:
    """One live server per settings combination, started on first use, stopped at the end."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._servers: dict[tuple[tuple[str, str], ...], LiveServer] = {}

    def get(self, **settings: object) -> LiveServer:
        key = tuple(sorted((name, env_value(value)) for name, value in settings.items()))
        if key not in self._servers:
            directory = self.directory / f"server-{len(self._servers)}"
            directory.mkdir()
            self._servers[key] = start_server(directory, **settings)
        return self._servers[key]

    def close(self) -> None:
        for server in self._servers.values():
            stop_server(server)
        self._servers.clear()
