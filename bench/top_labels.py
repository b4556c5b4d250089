"""Most-mentioned entities per class in a built graph, and a random sample: a precision check on unseen text.

    python bench/top_labels.py /tmp/news/kg.ttl [--top 30] [--random 60 --seed 1]

Prints, per class, the labels with the most cnkg:mentionedIn articles (publishing accounts left out),
then `--random` labels drawn with a fixed seed from the rest, for a person to judge.
"""
from __future__ import annotations

import argparse
import random

import pyoxigraph as ox

QUERY = """
PREFIX cnkg: <https://w3id.org/cnkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label (COUNT(DISTINCT ?article) AS ?n) WHERE {
  ?e a cnkg:%s ; rdfs:label ?label ; cnkg:mentionedIn ?article .
  FILTER NOT EXISTS { ?article cnkg:publishedBy ?e }
} GROUP BY ?e ?label ORDER BY DESC(?n) ?label LIMIT %d
"""
ALL = """
PREFIX cnkg: <https://w3id.org/cnkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?label WHERE {
  ?e a cnkg:%s ; rdfs:label ?label ; cnkg:mentionedIn ?article .
  FILTER NOT EXISTS { ?article cnkg:publishedBy ?e }
}
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--classes", default="Report,Organization,Event,Person,Place")
    ap.add_argument("--random", type=int, default=0, help="also print this many labels drawn at random")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    store = ox.Store()
    store.bulk_load(path=a.graph, format=ox.RdfFormat.TURTLE)
    for cls in a.classes.split(","):
        rows = store.query(QUERY % (cls, a.top))
        print(f"## {cls}")
        top = [(row["label"].value, row["n"].value) for row in rows]
        print(", ".join(f"{label} ({n})" for label, n in top))
        if a.random:
            shown = {label for label, _ in top}
            rest = sorted({row["label"].value for row in store.query(ALL % cls)} - shown)
            sample = random.Random(a.seed).sample(rest, min(a.random, len(rest)))
            print(f"### {cls}: {len(sample)} at random of {len(rest)}")
            print(", ".join(sample))


if __name__ == "__main__":
    main()
