"""Apache Jena's SHACL engine (Debian's libapache-jena-java), run as its `shacl` command.

The class path is read from dpkg: the Jena jars and those of the Java packages it depends on,
without the logging bridges that libslf4j-java also ships (two of them on one class path make
SLF4J refuse to start). Debian's jena-core 4.5.0 moves Xerces' classes to the package `xerces`
but leaves their message bundles under `org/apache/jena/ext/xerces`, so the first xsd datatype
fails with "internal error"; `resources_jar` copies the bundles to where the classes look.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path

PACKAGE = "libapache-jena-java"
SHACL_JAR = Path("/usr/share/java/jena-shacl.jar")
# From libslf4j-java only the API and the no-op binding: Jena logs nothing the tests read.
SLF4J_KEEP = {"slf4j-api.jar", "slf4j-nop.jar"}


def _dpkg(*args: str) -> str:
    return subprocess.run(["dpkg-query", *args], capture_output=True, text=True).stdout


def _java_dependencies(package: str) -> list[str]:
    depends = _dpkg("-W", "-f=${Depends}", package)
    names = (re.split(r"[\s(|]", part.strip(), maxsplit=1)[0] for part in depends.split(","))
    return [name for name in names if name.endswith("-java")]


def _packages() -> list[str]:
    seen: list[str] = []
    queue = [PACKAGE]
    while queue:
        package = queue.pop()
        if package not in seen:
            seen.append(package)
            queue.extend(_java_dependencies(package))
    return seen


def _jars(package: str) -> list[Path]:
    files = _dpkg("-L", package).splitlines()
    jars = [Path(f) for f in files if re.fullmatch(r"/usr/share/java/[^/]+\.jar", f)]
    jars = [jar for jar in jars if not jar.is_symlink()]  # versioned names link to the same jar
    if package == "libslf4j-java":
        jars = [jar for jar in jars if jar.name in SLF4J_KEEP]
    return jars


@lru_cache(maxsize=1)
def class_path() -> tuple[Path, ...]:
    return tuple(sorted({jar for package in _packages() for jar in _jars(package)}))


def resources_jar(into: Path) -> Path:
    """A jar with jena-core's Xerces message bundles at the path its relocated classes read."""
    target = into / "jena-xerces-resources.jar"
    prefix = "org/apache/jena/ext/"
    with (
        zipfile.ZipFile("/usr/share/java/jena-core.jar") as source,
        zipfile.ZipFile(target, "w") as jar,
    ):
        for name in source.namelist():
            if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
                jar.writestr(name.removeprefix(prefix), source.read(name))
    return target


def validate(java: str, shapes: Path, data: Path, workdir: Path) -> str:
    """Jena's validation report of `data` against `shapes`, as Turtle."""
    jars = [*class_path(), resources_jar(workdir)]
    command = [java, "-cp", ":".join(map(str, jars)), "shacl.shacl", "validate"]
    result = subprocess.run(
        [*command, "--shapes", str(shapes), "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"jena shacl failed ({result.returncode}): {result.stderr[-2000:]}")
    return result.stdout
