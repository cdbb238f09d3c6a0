"""Write a synthetic Regio Deals graph in the ontology's shape, for benchmarks (not real data).

    python benchmarks/generate_synthetic.py --deals 1500 --out /tmp/synthetic

Writes OUT/reference/ (a copy of data/ttl/reference, so ministries, municipalities, tranches and
code lists are the real ones) and OUT/deals/syn-NNNN.ttl, one file per deal with ~100 triples:
label, status, tranche, dates, national and regional contribution, ministry and regional parties,
goals, interventions with themes and performers, a budget with lines, fact sources and a source
document. Serve it with REGIODEAL_DATA_DIR=OUT.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, parse

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "data" / "ttl" / "reference"
RD = "https://w3id.org/regiodeal/def#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

HEADER = """@base <https://w3id.org/regiodeal/id/> .
@prefix rd: <https://w3id.org/regiodeal/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def instances(class_name: str) -> list[str]:
    """IRIs of the reference resources of one class (e.g. rd:Ministry), sorted."""
    found = set()
    for path in REFERENCE.glob("*.ttl"):
        for quad in parse(path=str(path), format=RdfFormat.TURTLE):
            if quad.predicate == RDF_TYPE and quad.object == NamedNode(RD + class_name):
                found.add(quad.subject.value)
    return sorted(found)


def themes() -> list[str]:
    text = (REFERENCE / "codelists.ttl").read_text()
    return sorted({f"thema/{t}" for t in re.findall(r"thema/([a-z-]+)", text)})


def fact(prop: str, doc: str, quote: str) -> str:
    return (
        f"[ a rd:FactSource ; rd:aboutProperty {prop} ; prov:wasDerivedFrom <{doc}/artikel-1> ;"
        f' rd:quote "{quote}"@nl ]'
    )


def deal_turtle(n: int, rng: random.Random, pools: dict[str, list[str]]) -> str:
    slug = f"syn-{n:04d}"
    deal, doc = f"<regiodeal/{slug}>", f"document/convenant-{slug}"
    rijk = rng.randrange(5, 40) * 500_000
    ministries = rng.sample(pools["Ministry"], rng.randint(1, 4))
    regions = rng.sample(pools["Municipality"], rng.randint(1, 3)) + [rng.choice(pools["Province"])]
    start = 2018 + n % 7
    lines = [
        f'{deal} a rd:RegioDeal ; rdfs:label "Synthetische Regio Deal {n}"@nl ;',
        f"  rd:status <status/ondertekend> ; rd:tranche <tranche/{1 + n % 6}> ;",
        f'  rd:startDate "{start}-01-01"^^xsd:date ; rd:endDate "{start + 4}-12-31"^^xsd:date ;',
        f"  rd:rijkContribution {rijk}.0 ; rd:regionalContribution {rijk * rng.randint(1, 3)}.0 ;",
        "  rd:ministryParty " + ", ".join(f"<{m}>" for m in ministries) + " ;",
        "  rd:regionalParty " + ", ".join(f"<{r}>" for r in regions) + " ;",
        f"  prov:wasDerivedFrom <{doc}> ; rd:budget <begroting/{slug}> ;",
        "  rd:factSource "
        + ", ".join(
            fact(p, doc, f"{p} van deal {n}") for p in ("rd:rijkContribution", "rd:tranche")
        )
        + " .",
        f'<{doc}> a rd:SourceDocument ; rdfs:label "Convenant {slug}"@nl .',
        f'<{doc}/artikel-1> a rd:DocumentPart ; rdfs:label "Artikel 1"@nl .',
    ]
    for g in range(1, 4):
        goal = f"<doel/{slug}/{g}>"
        lines.append(f"{deal} rd:hasGoal {goal} .")
        lines.append(
            f'{goal} a rd:Goal ; rdfs:label "Doel {g} van {n}"@nl ; rd:number "{g}" ;'
            f" rd:goalType <soort-doel/doel> ; rd:theme <{rng.choice(pools['theme'])}> ;"
            f" prov:wasDerivedFrom <{doc}/artikel-1> ."
        )
        for i in range(1, 3):
            iv = f"<interventie/{slug}/{g}.{i}>"
            lines.append(f"{deal} rd:hasIntervention {iv} .")
            lines.append(
                f'{iv} a rd:Intervention ; rdfs:label "Interventie {g}.{i}"@nl ;'
                f" rd:contributesToGoal {goal} ; rd:theme <{rng.choice(pools['theme'])}> ;"
                f" rd:carriedOutBy <{rng.choice(regions)}> ; rd:order {i} ;"
                f" prov:wasDerivedFrom <{doc}/artikel-1> ."
            )
        line_rijk = rijk // 3
        lines.append(f"<begroting/{slug}> rd:budgetLine <begroting/{slug}/regel-{g}> .")
        lines.append(
            f'<begroting/{slug}/regel-{g}> a rd:BudgetLine ; rdfs:label "Doel {g}" ;'
            f" rd:order {g} ; rd:forGoal {goal} ; rd:rijkAmount {line_rijk}.0 ;"
            f" rd:regionalAmount {line_rijk}.0 ; rd:totalAmount {2 * line_rijk}.0 ;"
            f" prov:wasDerivedFrom <{doc}/artikel-1> ."
        )
    lines.append(f"<begroting/{slug}> a rd:Budget ; rd:rijkAmount {rijk}.0 .")
    return HEADER + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=1500)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pools = {c: instances(c) for c in ("Ministry", "Municipality", "Province")}
    pools["theme"] = [f"https://w3id.org/regiodeal/id/{t}" for t in themes()]
    if args.out.exists():
        shutil.rmtree(args.out)
    shutil.copytree(REFERENCE, args.out / "reference")
    (args.out / "deals").mkdir(parents=True)
    for n in range(args.deals):
        (args.out / "deals" / f"syn-{n:04d}.ttl").write_text(deal_turtle(n, rng, pools))
    print(f"wrote {args.deals} synthetic deals to {args.out}")


if __name__ == "__main__":
    main()
