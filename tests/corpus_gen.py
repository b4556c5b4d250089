"""A generator of hostile test corpora: mutated copies of the dev articles (nothing committed but this code).

    python tests/corpus_gen.py OUT_DIR [--count 1000] [--seed 0] [--huge-bytes N]

Each file is one mutation of one source article (../shared/corpus/dev/*.md, ../shared/seeds/*):
truncations, byte flips, other encodings (GB18030, UTF-16, Latin-1, mojibake), front-matter mutations
(alias bombs, Python tags, non-mappings, huge blocks, bad dates...), injected control characters,
quotes and backslashes in titles, very long titles, empty/whitespace files, NUL bytes, random binary,
files over the size limit, HTML pages. `generate()` returns a manifest: relative path -> (kind, expected)
where expected is "ok" (must be read), "fail:<reason substring>" (must be reported with that reason)
or "any" (either, but if it fails it is reported once with a reason).
"""
from __future__ import annotations

import argparse
import codecs
import html
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

SHARED = Path(__file__).resolve().parents[2] / "shared"
REPO = Path(__file__).resolve().parents[1]
CONTROL_CHARS = [chr(c) for c in range(0, 32) if chr(c) not in "\n"] + ["\x7f", "\x85", "\u2028", "\u2029",
                                                                          "\ufeff", "\ufffe", "\u200b", "\x9b"]
NASTY = ['"""', "\\", "\\u0000", "'''", "<>", "{}", "|", "^", "`", "\"", "@prefix x: <y> .", "\\n", "&amp;",
         "]]>", "<script>alert(1)</script>", "${x}", "%00", "\u202e", "🐉", "𠀀"]


def source_articles(shared: Path = SHARED) -> list[tuple[str, str]]:
    """(name, text) of the dev articles and seeds; empty when ../shared is missing."""
    paths = sorted((shared / "corpus" / "dev").glob("*.md")) + sorted((shared / "seeds").glob("*"))
    if not paths:
        paths = sorted((REPO / "seeds").glob("*"))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths if p.is_file()]


@dataclass
class Mutation:
    kind: str
    expected: str  # "ok", "any" or "fail:<reason substring>"
    make: Callable[[random.Random, str, int], bytes]


def _title_line(text: str) -> tuple[int, int] | None:
    m = re.search(r"^#[ \t]+\S.*$", text, re.M)
    return (m.start(), m.end()) if m else None


def _replace_title(text: str, new: str) -> str:
    if text.startswith("---"):
        return re.sub(r"^title: .*$", lambda _: "title: " + _yaml_quote(new), text, count=1, flags=re.M)
    span = _title_line(text)
    return text if span is None else text[:span[0]] + "# " + new + text[span[1]:]


def _yaml_quote(s: str) -> str:
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 32 or 0x7f <= ord(ch) <= 0x9f or ch in "\u2028\u2029\ufeff\ufffe":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _body_of(text: str) -> str:
    m = re.match(r"---\n.*?\n---\n", text, re.S)
    return text[m.end():] if m else text


def _inject(rng: random.Random, text: str, pool: list[str], n: int) -> str:
    chars = list(text)
    for _ in range(n):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(pool))
    return "".join(chars)


# ---------------------------------------------------------------- mutations (rng, text, huge_bytes) -> bytes

def m_identity(rng, text, huge):
    return text.encode()


def m_truncate(rng, text, huge):
    data = text.encode()
    return data[:rng.randrange(1, len(data))]


def m_truncate_after_header(rng, text, huge):
    data = text.encode()
    return data[:rng.randrange(min(400, len(data) - 1), len(data))]


def m_byteflip(rng, text, huge):
    data = bytearray(text.encode())
    for _ in range(rng.randint(1, 40)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def m_byteflip_body(rng, text, huge):
    data = bytearray(text.encode())
    start = min(len(data) - 1, 600)
    for _ in range(rng.randint(1, 5)):
        data[rng.randrange(start, len(data))] = rng.randrange(256)
    return bytes(data.replace(b"\x00", b"\x01"))


def m_gb18030(rng, text, huge):
    return text.encode("gb18030")


def m_utf16(rng, text, huge):
    if rng.random() < 0.5:
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode("utf-16")  # native order, with its byte order mark


def m_utf16_bomless(rng, text, huge):
    return text.encode("utf-16-le")


def m_latin1(rng, text, huge):
    return text.encode("latin-1", errors="replace")


def m_mojibake(rng, text, huge):
    return text.encode().decode("latin-1").encode()


def m_bom_crlf(rng, text, huge):
    return codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode()


def m_lone_cr(rng, text, huge):
    return text.replace("\n", "\r").encode()


def _split_header(text: str) -> tuple[str, str]:
    """(header, body): the front matter or the first three lines, and the rest."""
    m = re.match(r"---\n.*?\n---\n", text, re.S)
    if m:
        return text[:m.end()], text[m.end():]
    lines = text.splitlines(keepends=True)
    return "".join(lines[:3]), "".join(lines[3:])


def m_controls_body(rng, text, huge):
    head, body = _split_header(text)
    return (head + _inject(rng, body, CONTROL_CHARS[1:], rng.randint(1, 30))).encode()


def m_controls_anywhere(rng, text, huge):
    return _inject(rng, text, CONTROL_CHARS[1:], rng.randint(1, 30)).encode()


def m_controls_title(rng, text, huge):
    span = _title_line(text) if not text.startswith("---") else None
    title = re.search(r"^title: (.*)$", text, re.M).group(1) if text.startswith("---") else \
        (text[span[0] + 1:span[1]].strip() if span else "t")
    return _replace_title(text, _inject(rng, title, CONTROL_CHARS[1:], rng.randint(1, 6))).encode()


def m_nasty_title(rng, text, huge):
    return _replace_title(text, "".join(rng.choice(NASTY) for _ in range(rng.randint(1, 8))) + "报告").encode()


def m_nasty_body(rng, text, huge):
    head, body = _split_header(text)
    pool = NASTY + ["《" + "".join(rng.choice(NASTY) for _ in range(3)) + "》"]
    return (head + _inject(rng, body, pool, rng.randint(1, 30))).encode()


def m_long_title(rng, text, huge):
    return _replace_title(text, "《" + "很长的标题" * rng.randint(200, 3000) + "》").encode()


def m_long_line(rng, text, huge):
    return (text + "\n" + "中国网络空间研究院" * rng.randint(300, 2000) + "\n").encode()


def m_empty(rng, text, huge):
    return rng.choice([b"", b" ", b"\n\n", b"\t \r\n", codecs.BOM_UTF8])


def m_nul(rng, text, huge):
    data = bytearray(text.encode())
    data.insert(rng.randrange(len(data)), 0)
    return bytes(data)


def m_binary(rng, text, huge):
    return bytes([0x89]) + b"PNG\r\n\x1a\n" + rng.randbytes(rng.randint(10, 3000))


def m_random_text(rng, text, huge):
    return rng.randbytes(rng.randint(1, 2000)).replace(b"\x00", b"")


def m_huge(rng, text, huge):
    body = text.encode()
    return body * (huge // len(body) + 2)


def m_no_header(rng, text, huge):
    return _body_of(text).replace("#", "").encode()


def m_shuffle_lines(rng, text, huge):
    lines = text.splitlines(keepends=True)
    rng.shuffle(lines)
    return "".join(lines).encode()


def m_html(rng, text, huge):
    body = _body_of(text)
    title = (_title_line(body) and body[_title_line(body)[0] + 1:_title_line(body)[1]].strip()) or "标题"
    if rng.random() < 0.5:
        title = _inject(rng, title, NASTY + CONTROL_CHARS[1:], 3)
    paras = "".join(f"<p>{html.escape(line)}</p>" for line in body.splitlines() if line.strip())
    js_title = title.replace("\\", "\\\\").replace('"', "\\x22").replace("&", "\\x26")
    page = (f'<!DOCTYPE html><html><head><meta property="og:title" content="{html.escape(title)}">'
            f'<script>var msg_title = "{js_title}"; var ct = "{rng.randint(0, 2 ** 40)}";</script></head>'
            f'<body><div id="js_toobar3">赞 在看</div><a id="js_name">账号{rng.randint(0, 5)}</a>'
            f'<div id="js_content" style="visibility: hidden;">{paras}</div></body></html>')
    if rng.random() < 0.3:
        page = page[:rng.randrange(len(page))]
    return page.encode()


def _fm(rng, text, block: str) -> bytes:
    return ("---\n" + block + "\n---\n" + _body_of(text)).encode()


def m_fm_alias_bomb(rng, text, huge):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        lines.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [" + ",".join([f"*{prev}"] * 9) + "]")
    return _fm(rng, text, "title: bomb\n" + "\n".join(lines))


def m_fm_python_tag(rng, text, huge):
    tag = rng.choice(["!!python/object/apply:os.system ['echo pwned']", "!!python/name:os.system",
                      "!!python/object/new:type [x, [], {}]"])
    return _fm(rng, text, f"title: {tag}\nsource: x")


def m_fm_not_mapping(rng, text, huge):
    return _fm(rng, text, rng.choice(["- a\n- b", "just a string", "42", "[1, 2, 3]", "~"]))


def m_fm_malformed(rng, text, huge):
    return _fm(rng, text, rng.choice(["title: [unclosed\n  x", "  title: 'unclosed", "\ttitle: tab", "title: a\n  b: c\n d",
                                      "title: ok\ndate: 2024-13-45", "{title: x", "title: x\n- y: z"]))
    # (one `key: value` per line is read leniently, so every choice here breaks that shape too)


def m_fm_huge(rng, text, huge):
    return _fm(rng, text, "title: big\n" + "\n".join(f"k{i}: {'v' * 50}" for i in range(rng.randint(400, 3000))))


def m_fm_deep(rng, text, huge):
    return _fm(rng, text, "title: " + "[" * rng.randint(100, 3000) + "]" * 3)


def m_fm_unclosed(rng, text, huge):
    return ("---\ntitle: never closed\nsource: x\n" + _body_of(text).replace("---", "")).encode()


def m_fm_odd_values(rng, text, huge):
    block = rng.choice([
        "title: 2024\ndate: 1\nurl: 7", "title: {a: b}\nsource: x", "title: [a, b]", "title: ''",
        "title: !!binary aGVsbG8=\nurl: 'java script:<x>'", "title: x\nfetch_date: 'not a date'",
        "title: x\ndate: 2024-02-29\nfetch_date: 2025-10-06T17:43:24+08:00\nurl: 'http://a b c'",
        "title: .nan\nsource: .inf", "title: x\nsource: !!set {a, b}", "title: '\\x01'",
        'title: "\\u0000\\u0001"', "title: yes\nsource: null",
    ])
    return _fm(rng, text, block)


# kind -> (weight, expected, function). Expected: "ok" must be read; "fail:<substring>" must be
# reported with a reason containing the substring; "any" may go either way.
MUTATIONS: dict[str, tuple[int, str, Callable]] = {
    "identity": (6, "ok", m_identity),
    "truncate": (8, "any", m_truncate),
    "truncate_late": (4, "ok", m_truncate_after_header),
    "byteflip": (8, "any", m_byteflip),
    "byteflip_body": (4, "ok", m_byteflip_body),
    "gb18030": (4, "ok", m_gb18030),
    "utf16": (3, "ok", m_utf16),
    "utf16_bomless": (2, "fail:NUL", m_utf16_bomless),
    "latin1": (3, "any", m_latin1),  # 0xA0 (no-break space) and the like are not UTF-8 or GB18030
    "mojibake": (2, "any", m_mojibake),
    "bom_crlf": (3, "ok", m_bom_crlf),
    "lone_cr": (2, "ok", m_lone_cr),
    "controls_body": (4, "ok", m_controls_body),
    "controls_anywhere": (3, "any", m_controls_anywhere),
    "controls_title": (5, "any", m_controls_title),
    "nasty_title": (5, "ok", m_nasty_title),
    "nasty_body": (5, "ok", m_nasty_body),
    "long_title": (2, "ok", m_long_title),
    "long_line": (1, "ok", m_long_line),
    "empty": (3, "fail:empty", m_empty),
    "nul": (3, "fail:NUL", m_nul),
    "binary": (2, "fail:", m_binary),
    "random_text": (2, "any", m_random_text),
    "huge": (1, "fail:too large", m_huge),
    "no_header": (2, "any", m_no_header),
    "shuffle_lines": (2, "any", m_shuffle_lines),
    "html": (5, "any", m_html),
    "fm_alias_bomb": (2, "fail:anchors/aliases", m_fm_alias_bomb),
    "fm_python_tag": (2, "fail:malformed YAML", m_fm_python_tag),
    "fm_not_mapping": (2, "fail:not a mapping", m_fm_not_mapping),
    "fm_malformed": (3, "fail:front matter", m_fm_malformed),
    "fm_huge": (1, "fail:larger than", m_fm_huge),
    "fm_deep": (1, "fail:nested deeper", m_fm_deep),
    "fm_unclosed": (1, "fail:not closed", m_fm_unclosed),
    "fm_odd_values": (3, "any", m_fm_odd_values),
}


def generate(out_dir: Path, count: int = 1000, seed: int = 0, huge_bytes: int = 200_000,
             shared: Path = SHARED, max_chars: int | None = None) -> dict[str, tuple[str, str]]:
    """Write `count` mutated files under out_dir (in a few subfolders); return path -> (kind, expected).

    `max_chars` cuts each source article (at a line end) before mutating it, for faster test builds."""
    rng = random.Random(seed)
    sources = source_articles(shared)
    if max_chars:
        sources = [(name, text[:text.rfind("\n", 0, max_chars) + 1] if len(text) > max_chars else text)
                   for name, text in sources]
    kinds = list(MUTATIONS)
    weights = [MUTATIONS[k][0] for k in kinds]
    manifest: dict[str, tuple[str, str]] = {}
    for i in range(count):
        # every kind at least once, then weighted at random
        kind = kinds[i] if i < len(kinds) else rng.choices(kinds, weights)[0]
        name, text = sources[rng.randrange(len(sources))]
        _, expected, fn = MUTATIONS[kind]
        data = fn(rng, text, huge_bytes)
        rel = f"{i % 7}/{i:05d}_{kind}_{name}.md"
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        manifest[rel] = (kind, expected)
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--huge-bytes", type=int, default=200_000)
    ap.add_argument("--max-chars", type=int, default=None, help="cut source articles to this length first")
    args = ap.parse_args()
    manifest = generate(args.out, args.count, args.seed, args.huge_bytes, max_chars=args.max_chars)
    print(f"{len(manifest)} files written to {args.out}")


if __name__ == "__main__":
    main()
