"""Stand-ins for the VoID counting process (publishing.statistics.count_in_child's `counting`):
module-level, so that a spawned process can import them."""

from __future__ import annotations

import os
import time
from multiprocessing.connection import Connection
from pathlib import Path


def hang(path: str, conn: Connection, parent: int) -> None:
    """Says its pid (in the file `path`, written whole), then counts for ever."""
    partial = Path(path + ".partial")
    partial.write_text(str(os.getpid()))
    partial.replace(path)
    time.sleep(600)


def die(path: str, conn: Connection, parent: int) -> None:
    os._exit(3)
