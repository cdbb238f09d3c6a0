"""Programs the tests run (Java, Chromium, Virtuoso, roqet) and the one rule for a missing one.

On CI (CI=true) a missing program fails the test, with a message naming the install step: a run
that silently skips the browser or the reasoner would pass without testing them. Elsewhere the
test is skipped with the same message. scripts/test.sh installs every program listed here (its
APT_PACKAGES; tests/test_programs.py keeps the two lists in step).

A test module asks for a program with a session fixture and gets its path:

    chromium = programs.fixture("chromium")
    pytestmark = pytest.mark.usefixtures("chromium")   # or take `chromium: str` as an argument
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest


@dataclass(frozen=True)
class Program:
    commands: tuple[str, ...]  # all must be on PATH; the first is the one the tests run
    package: str  # the Debian package that provides them
    used_for: str
    # Files the package installs that no command stands for (a library's jars): all must exist.
    files: tuple[str, ...] = ()

    @property
    def apt_entry(self) -> str:
        """Its APT_PACKAGES entry in scripts/test.sh: "package:command", or the bare package
        when a library is what it provides (then dpkg says whether it is installed)."""
        return self.package if self.files else f"{self.package}:{self.commands[0]}"


PROGRAMS = {
    "java": Program(("java",), "default-jre-headless", "the HermiT and Pellet reasoners"),
    "chromium": Program(("chromium",), "chromium", "the browser tests"),
    "roqet": Program(("roqet",), "rasqal-utils", "the roqet client test"),
    "virtuoso": Program(("virtuoso-t", "isql-vt"), "virtuoso-opensource", "the external store"),
    "jena": Program(
        ("java",),
        "libapache-jena-java",
        "the SHACL differential test against Apache Jena",
        files=("/usr/share/java/jena-shacl.jar", "/usr/share/java/jena-cmds.jar"),
    ),
}


def on_ci() -> bool:
    return os.environ.get("CI") == "true"


def install_step(package: str) -> str:
    return f"install it with `apt-get install {package}` (bash scripts/test.sh does this)"


def missing(message: str) -> NoReturn:
    """Fail on CI, skip elsewhere, with `message` (which names the install step)."""
    if on_ci():
        pytest.fail(f"{message} [CI=true: a missing program fails the run]", pytrace=False)
    pytest.skip(message)


def require(name: str) -> str:
    """The path of program `name`; when any of its commands is missing, `missing()`."""
    program = PROGRAMS[name]
    absent = [command for command in program.commands if shutil.which(command) is None]
    absent += [file for file in program.files if not Path(file).is_file()]
    if absent:
        missing(
            f"{' and '.join(absent)} not found ({program.used_for}): "
            + install_step(program.package)
        )
    path = shutil.which(program.commands[0])
    assert path is not None  # checked above
    return path


def fixture(name: str) -> Callable[[], str]:
    """A session fixture called `name` giving the program's path (see `require`)."""

    @pytest.fixture(scope="session", name=name)
    def program() -> str:
        return require(name)

    return program
