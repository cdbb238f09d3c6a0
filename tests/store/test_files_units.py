"""The source files are found in the order the sources' fingerprint hashes them: the order of
`sorted(root.rglob(f"*{suffix}"))` per directory and suffix, which `files_named` gives from one
walk (issue #16). A different order would change every store's fingerprint, or hash files in an
order that depends on how they were found."""

from __future__ import annotations

from pathlib import Path

from regiodeal.settings import Settings
from regiodeal.store.dataset import EXTRA_FORMATS, source_files, source_names
from regiodeal.store.files import files_named, turtle_files
from regiodeal.store.manifest import fingerprint

# Names whose order as strings differs from their order as paths ("a-b" sorts before "a/b" as
# a string, since "-" < "/", but after it as a path, since "a" < "a-b"), in both cases.
NAMES = [
    "a-b.ttl",
    "a/b.ttl",
    "a/b.nt",
    "a b.ttl",
    "A.ttl",
    "a.ttl",
    "a.trig",
    "z/y/x.nq",
    "z/y.ttl",
    "z.ttl/inner.ttl",  # a directory named like a file: rglob gives it too
    "deep/er/still/c.ttl",
    "notes.txt",
    ".hidden.ttl",
]


def _tree(root: Path) -> None:
    for name in NAMES:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")


def test_each_suffix_in_the_order_rglob_and_sorted_give(tmp_path: Path) -> None:
    _tree(tmp_path)
    # a link to a directory is listed (its name matches) but not entered, as rglob does
    (tmp_path / "linked.ttl").symlink_to(tmp_path / "deep", target_is_directory=True)
    suffixes = (".ttl", ".nt", ".nq", ".trig")
    named = files_named(tmp_path, suffixes)
    for suffix in suffixes:
        assert named[suffix] == sorted(tmp_path.rglob(f"*{suffix}"))
    # the case that sorting by the text of the path would get wrong
    ttl = [p.relative_to(tmp_path).as_posix() for p in named[".ttl"]]
    assert ttl.index("a/b.ttl") < ttl.index("a-b.ttl")
    assert "z.ttl" in ttl and "notes.txt" not in ttl


def test_source_files_keep_the_fingerprinted_order(tmp_path: Path) -> None:
    ontology, data = tmp_path / "ontology", tmp_path / "data"
    _tree(ontology)
    _tree(data)
    settings = Settings(ontology_dir=ontology, data_dir=data)
    expected = sorted(ontology.rglob("*.ttl")) + sorted(data.rglob("*.ttl"))
    assert turtle_files(settings) == expected
    for root in (ontology, data):
        for suffix in EXTRA_FORMATS:
            expected += sorted(root.rglob(f"*{suffix}"))
    assert source_files(settings) == expected


def test_the_names_fingerprint_as_the_paths_did(tmp_path: Path) -> None:
    """The fingerprint hashes the names as text (issue #16: no Path objects); a store built
    when it hashed the sorted Paths keeps its fingerprint, also for a directory given with a
    trailing slash or a `..` (a Path keeps the `..`, drops the slash)."""
    ontology, data = tmp_path / "ontology", tmp_path / "data"
    _tree(ontology)
    _tree(data)
    for given in (data, Path(f"{data}/"), tmp_path / "ontology" / ".." / "data"):
        settings = Settings(ontology_dir=ontology, data_dir=given)
        paths = [p for root in (ontology, given) for p in sorted(root.rglob("*.ttl"))]
        for root in (ontology, given):
            paths += [p for s in EXTRA_FORMATS for p in sorted(root.rglob(f"*{s}"))]
        assert source_names(settings) == [str(p) for p in paths]
        assert fingerprint(source_names(settings), settings) == fingerprint(paths, settings)


def test_a_missing_directory_has_no_files(tmp_path: Path) -> None:
    assert files_named(tmp_path / "absent", (".ttl",)) == {".ttl": []}
