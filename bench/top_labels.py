"""Most-mentioned entities per class in a built graph: a precision sanity check on unseen text.

    python bench/top_labels.py /tmp/wx/kg.ttl [--top 30]

Prints, per class, the labels with the most cnkg:mentionedIn articles, for a person to read.
"""
from __future__ import annotations

import argparse

import pyoxigraph as ox

QUERY = """
PREFIX cnkg: <https://w3id.org/cnkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label (COUNT(DISTINCT ?article) AS ?n) WHERE {
  ?e a cnkg:%s ; rdfs:label ?label ; cnkg:mentionedIn ?article .
  FILTER NOT EXISTS { ?article cnkg:publishedBy ?e }
} GROUP BY ?e ?label ORDER BY DESC(?n) ?label LIMIT %d
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--classes", default="Report,Organization,Event,Person,Place")
    a = ap.parse_args()
    store = ox.Store()
    store.bulk_load(path=a.graph, format=ox.RdfFormat.TURTLE)
    for cls in a.classes.split(","):
        rows = store.query(QUERY % (cls, a.top))
        print(f"## {cls}")
        print(", ".join(f"{row['label'].value} ({row['n'].value})" for row in rows))


if __name__ == "__main__":
    main()
