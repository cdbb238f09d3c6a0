"""`regiodeal check` end to end: exit codes and messages, on the repository and on broken data."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import programs


def run_check(data_dir: Path | None = None, *options: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if data_dir is not None:
        env["REGIODEAL_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "regiodeal.cli", "check", *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


java = programs.fixture("java")  # HermiT runs on the JVM
pytestmark = pytest.mark.usefixtures("java")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A data directory with only the file a test writes (in deals/ or sources/): the ontology and
    that file are all the reasoner sees, seconds rather than the whole graph's ~15 s. The whole
    repository is checked once, by test_check_passes_on_repository."""
    data = tmp_path / "ttl"
    for folder in ("deals", "sources"):
        (data / folder).mkdir(parents=True)
    return data


@pytest.mark.slow  # reason: HermiT and Pellet over the whole graph (two JVM runs, ~20 s)
def test_check_passes_on_repository() -> None:
    result = run_check()
    assert result.returncode == 0, result.stdout + result.stderr
    # both reasoners ran (the default) and both passed
    assert "consistent, no unsatisfiable classes (HermiT" in result.stdout
    assert "consistent, no unsatisfiable classes (Pellet" in result.stdout
    total = re.search(r"^\s*(\d+)\s+total \((\d+) files\)", result.stdout, re.M)
    assert total and int(total.group(1)) > 0


def test_syntax_error_names_file_line_and_column(data_copy: Path) -> None:
    broken = data_copy / "deals" / "zz-broken.ttl"
    broken.write_text(
        "@prefix rd: <https://w3id.org/regiodeal/def#> .\n"
        "\n"
        "<https://example.org/a> a rd:Ministry ;\n"
        '    rd:abbreviation "X" ,, "Y" .\n',
        encoding="utf-8",
    )
    result = run_check(data_copy)
    assert result.returncode == 1
    # rdflib reports the start of the object list it could not read: line 4, column 20.
    assert f"{broken}:4:20: syntax error: objectList expected" in result.stderr, result.stderr


def test_unbound_prefix_position(data_copy: Path) -> None:
    broken = data_copy / "sources" / "zz-prefix.ttl"
    # Columns count characters, not UTF-8 bytes: the 'ë' before the error is one column.
    text = '# Financiën\n<https://example.org/ë> rdfs:label "x" .\n'
    broken.write_text(text, encoding="utf-8")
    result = run_check(data_copy)
    assert result.returncode == 1
    assert f"{broken}:2:25: syntax error" in result.stderr, result.stderr
    assert "rdfs:" in result.stderr


def test_disjoint_types_are_inconsistent(data_copy: Path) -> None:
    clash = data_copy / "deals" / "zz-clash.ttl"
    clash.write_text(
        "@prefix rd: <https://w3id.org/regiodeal/def#> .\n"
        "<https://example.org/both> a rd:Ministry, rd:Municipality .\n",
        encoding="utf-8",
    )
    result = run_check(data_copy)
    assert result.returncode != 0
    assert "INCONSISTENT" in result.stderr
    assert "<https://example.org/both> is a rd:Ministry and a rd:Municipality" in result.stderr
    assert "INCONSISTENT (HermiT)" in result.stderr and "INCONSISTENT (Pellet)" in result.stderr


def test_pellet_alone_fails_on_inconsistency_and_passes_without(data_copy: Path) -> None:
    clash = data_copy / "deals" / "zz-clash.ttl"
    clash.write_text(
        "@prefix rd: <https://w3id.org/regiodeal/def#> .\n"
        "<https://example.org/both> a rd:Ministry, rd:Municipality .\n",
        encoding="utf-8",
    )
    result = run_check(data_copy, "--reasoner", "pellet")
    assert result.returncode == 1
    assert "INCONSISTENT (Pellet)" in result.stderr and "HermiT" not in result.stdout
    # the same individual in one of the two classes: consistent
    clash.write_text(clash.read_text(encoding="utf-8").replace(", rd:Municipality", ""))
    result = run_check(data_copy, "--reasoner", "pellet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "consistent, no unsatisfiable classes (Pellet" in result.stdout


def test_ill_typed_date_is_reported(data_copy: Path) -> None:
    # HermiT ignores xsd:date values (not in the OWL 2 datatype map): rdflib must catch these.
    bad = data_copy / "deals" / "zz-date.ttl"
    bad.write_text(
        "@prefix rd: <https://w3id.org/regiodeal/def#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<https://example.org/d> rd:endDate "2028-31-12"^^xsd:date .\n',
        encoding="utf-8",
    )
    # The finding asserted is rdflib's alone (HermiT passes the file; Pellet calls it inconsistent,
    # which this test does not ask about): run without the reasoners, two JVM runs fewer.
    result = run_check(data_copy, "--no-reasoner")
    assert result.returncode == 1
    assert "ill-typed literal" in result.stderr and "2028-31-12" in result.stderr


def test_unsatisfiable_class_is_reported(data_copy: Path) -> None:
    weird = data_copy / "deals" / "zz-unsatisfiable.ttl"
    weird.write_text(
        "@prefix rd: <https://w3id.org/regiodeal/def#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "rd:MinistryMunicipality a owl:Class ; rdfs:subClassOf rd:Ministry, rd:Municipality .\n",
        encoding="utf-8",
    )
    result = run_check(data_copy)
    assert result.returncode == 1
    for reasoner in ("HermiT", "Pellet"):
        expected = f"unsatisfiable class ({reasoner}): https://w3id.org/regiodeal/def#Ministry"
        assert expected + "Municipality" in result.stderr, result.stderr


def test_a_type_the_reasoner_infers_against_the_reference_data_fails(data_copy: Path) -> None:
    # rd:fundingProvider has range rd:Ministry: a foundation given as the provider is not a
    # contradiction for OWL, but HermiT then classifies it as a Ministry, which the reference
    # data (the ministries of organisations.ttl) does not list.
    wrong = data_copy / "deals" / "zz-provider.ttl"
    wrong.write_text(
        "@prefix rd: <https://w3id.org/regiodeal/def#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "<https://example.org/deal> a rd:RegioDeal ;\n"
        "    rd:fundingProvider <https://example.org/stichting> .\n"
        "<https://example.org/stichting> a org:Organization .\n",
        encoding="utf-8",
    )
    # HermiT alone: the inferred types are compared for HermiT only (Pellet passes this file).
    result = run_check(data_copy, "--reasoner", "hermit")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "infers that https://example.org/stichting is a rd:Ministry" in result.stderr
