"""Run a throw-away Virtuoso 7 (Debian `virtuoso-opensource`) for the external-store tests.

Never the system service: the packaged virtuoso.ini is copied with its database files in a
temporary directory and both ports (SQL and HTTP) bound to free ports on 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

# The package's postinst copies its template to /etc; either will do.
INI_CANDIDATES = (
    Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
    Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"),
)
DATABASE_KEYS = {
    "DatabaseFile",
    "ErrorLogFile",
    "LockFile",
    "TransactionFile",
    "xa_persistent_file",
}
START_TIMEOUT_S = 60.0


@dataclass
class Virtuoso:
    process: subprocess.Popen
    sql_port: int
    http_port: int
    directory: Path

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_crud(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def log(self) -> str:
        path = self.directory / "virtuoso.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else "(no log)"


def packaged_ini() -> Path | None:
    return next((path for path in INI_CANDIDATES if path.exists()), None)


def _setting(line: str) -> tuple[str, str]:
    stripped = line.strip()
    if stripped.startswith(";") or "=" not in stripped:
        return "", ""
    key, _, value = stripped.partition("=")
    return key.strip(), value.split(";")[0].strip()


def write_config(
    directory: Path, sql_port: int, http_port: int, overrides: dict[str, str] | None = None
) -> Path:
    """The packaged ini with database files in `directory`, ports on 127.0.0.1, and `overrides`
    (setting name -> value) in place of the packaged values."""
    overrides = overrides or {}
    section, lines = "", []
    ini = packaged_ini()
    assert ini is not None, "no virtuoso.ini template"
    for line in ini.read_text().splitlines():
        if line.strip().startswith("["):
            section = line.strip()
        key, value = _setting(line)
        if key in DATABASE_KEYS:
            line = f"{key} = {directory / Path(value).name}"
        elif key == "ServerPort":
            port = sql_port if section == "[Parameters]" else http_port
            line = f"ServerPort = 127.0.0.1:{port}"
        elif key == "DirsAllowed":
            line = f"DirsAllowed = {value}, {directory}"
        elif key == "ResultSetMaxRows":  # Virtuoso truncates silently: keep it above our row cap
            line = "ResultSetMaxRows = 1000000"
        if key in overrides:
            line = f"{key} = {overrides[key]}"
        lines.append(line)
    path = directory / "virtuoso.ini"
    path.write_text("\n".join(lines) + "\n")
    return path


def _sql_ready(port: int) -> bool:
    result = subprocess.run(
        ["isql-vt", f"127.0.0.1:{port}", "dba", "dba", "exec=status();"],
        capture_output=True,
        timeout=10,
    )
    return result.returncode == 0


def _http_ready(url: str) -> bool:
    try:
        return httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def start(
    directory: Path, sql_port: int, http_port: int, overrides: dict[str, str] | None = None
) -> Virtuoso:
    """Start Virtuoso and wait (bounded) until both SQL and SPARQL answer."""
    config = write_config(directory, sql_port, http_port, overrides)
    process = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(config)],
        cwd=directory,
        stdout=(directory / "stdout.log").open("wb"),
        stderr=subprocess.STDOUT,
        env={**os.environ, "HOME": str(directory)},
    )
    server = Virtuoso(process, sql_port, http_port, directory)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{server.log()}")
        if _sql_ready(sql_port) and _http_ready(server.sparql):
            return server
        time.sleep(0.5)
    stop(server)
    raise RuntimeError(f"Virtuoso not ready after {START_TIMEOUT_S} s:\n{server.log()}")


def stop(server: Virtuoso) -> None:
    """Stop by pid: SIGTERM (Virtuoso checkpoints and exits in ~1.5 s), then SIGKILL."""
    if server.process.poll() is not None:
        return
    server.process.terminate()
    try:
        server.process.wait(20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(5)
