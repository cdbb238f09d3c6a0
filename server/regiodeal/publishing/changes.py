"""When the data last changed: from git, else from the content's hash (never from file times,
which a fresh checkout or a copy resets).

* `content_hash`: sha256 over every source file's path (relative to its root) and bytes, so the
  same data gives the same hash on any machine;
* `git_date`: the committer date of the last commit touching the source files, when they are in a
  git work tree with no uncommitted change to them;
* otherwise the moment this content hash was first seen, kept in a small JSON file next to the
  downloads: the date moves only when the content does.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from regiodeal.settings import Settings
from regiodeal.store.dataset import source_files

SEEN_FILE = "content-dates.json"
GIT_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class DataChange:
    modified: datetime
    content_hash: str
    source: str  # "git" or "content-hash": how `modified` was found


def content_hash(settings: Settings) -> str:
    digest = hashlib.sha256()
    for path in sorted(source_files(settings)):
        root = settings.ontology_dir if path.is_relative_to(settings.ontology_dir) else None
        root = root or settings.data_dir
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        digest.update(f"{root.name}/{name}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _git(directory: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(directory), *args],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_date(settings: Settings) -> datetime | None:
    """The last commit date of the source directories, if they are committed as they are."""
    paths = [str(settings.ontology_dir), str(settings.data_dir)]
    where = settings.data_dir
    if _git(where, "status", "--porcelain", "--", *paths) != "":  # None (no git) or changes
        return None
    stamp = _git(where, "log", "-1", "--format=%cI", "--", *paths)
    return datetime.fromisoformat(stamp).astimezone(UTC) if stamp else None


def first_seen(directory: Path, digest: str) -> datetime:
    """When `digest` was first seen in `directory` (now, the first time)."""
    record = directory / SEEN_FILE
    try:
        seen: dict[str, str] = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        seen = {}
    if digest not in seen:
        seen[digest] = datetime.now(UTC).replace(microsecond=0).isoformat()
        directory.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(seen, indent=1, sort_keys=True), encoding="utf-8")
    return datetime.fromisoformat(seen[digest])


def data_change(settings: Settings, directory: Path) -> DataChange:
    digest = content_hash(settings)
    committed = git_date(settings)
    if committed is not None:
        return DataChange(committed, digest, "git")
    return DataChange(first_seen(directory, digest), digest, "content-hash")
