"""Generators of hostile articles: inputs built to make a stage super-linear (issue 13).

    python tests/hostile_gen.py OUT_DIR [--scale 1] [--seed 0]

Each generator takes a size unit `n` and returns the bytes of one file; its size grows linearly with
`n`, so timing the build of n, 4n and 16n shows how each stage grows. Used by tests/test_hostile.py
(small sizes, behaviour) and bench/bench_adversarial.py (timings). Nothing generated is committed.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Callable

HEADER = "---\ntitle: {title}\naccount: 测试号\ndate: 2024-07-11\n---\n\n"
CUE_WORDS = ["中国", "网络", "安全", "研究院", "有限公司", "协会", "主办", "发布《", "》", "的", "和", "、", "由",
             "在京", "2024年7月11日"]


def _md(title: str, body: str) -> bytes:
    return (HEADER.format(title=title) + body + "\n").encode("utf-8")


def org_list(n: int, seed: int = 0) -> bytes:
    """One sentence listing 2,000·n companies: 技术支撑单位——某某0科技有限公司、某某1科技有限公司、…"""
    items = "、".join(f"某某{i}科技有限公司" for i in range(2000 * n))
    return _md("长名单", f"技术支撑单位——{items}。")


def named_list(n: int, seed: int = 0) -> bytes:
    """2,000·n plausible names (no 某) in one sentence, with an organiser verb at the end."""
    rng = random.Random(seed)
    places = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京"]
    items = "、".join(f"{rng.choice(places)}{chr(0x4E00 + rng.randrange(2000))}{chr(0x4E00 + rng.randrange(2000))}"
                      f"网络科技有限公司" for _ in range(2000 * n))
    return _md("联合主办", f"本次会议由{items}联合主办。")


def nested_brackets(n: int, seed: int = 0) -> bytes:
    """《《《…》》》 nested 5,000·n deep, then unbalanced openers."""
    depth = 5000 * n
    return _md("书名号", "中国互联网协会发布" + "《" * depth + "报告" + "》" * depth + "《" * depth + "。")


def repeated_suffix(n: int, seed: int = 0) -> bytes:
    """A suffix repeated 5,000·n times: 中国有限公司有限公司…"""
    return _md("后缀", "中国" + "有限公司" * (5000 * n) + "发布了报告。")


def long_line(n: int, seed: int = 0) -> bytes:
    """One line of 20,000·n characters without punctuation, of ordinary words."""
    rng = random.Random(seed)
    words = ["网络", "安全", "数据", "平台", "企业", "技术", "发展", "服务", "研究", "中心", "北京", "会议"]
    return _md("长行", "".join(rng.choice(words) for _ in range(10_000 * n)))


def dense_cues(n: int, seed: int = 0) -> bytes:
    """Random text of cue words only (organisation suffixes, 主办, 发布《, dates) for 20,000·n words."""
    rng = random.Random(seed)
    return _md("密集", "".join(rng.choice(CUE_WORDS) for _ in range(20_000 * n)))


def many_people(n: int, seed: int = 0) -> bytes:
    """1,500·n speaker cards in one sentence: 中国网络安全研究院院长张三、…"""
    rng = random.Random(seed)
    surnames = "王李张刘陈杨黄赵吴周"
    items = "、".join(f"中国网络安全研究院院长{rng.choice(surnames)}{chr(0x4E00 + rng.randrange(2000))}"
                      for _ in range(1500 * n))
    return _md("嘉宾", f"出席会议的有{items}等。")


def nested_tags(n: int, seed: int = 0) -> bytes:
    """An HTML page of 2,000·n nested <div>s around a short article."""
    depth = 2000 * n
    body = "<p>中国互联网协会发布《中国互联网发展报告2024》。</p>"
    return (f"<html><head><title>嵌套</title></head><body>{'<div>' * depth}{body}{'</div>' * depth}"
            "</body></html>").encode("utf-8")


GENERATORS: dict[str, tuple[Callable[[int, int], bytes], str]] = {
    "org_list": (org_list, ".md"),
    "named_list": (named_list, ".md"),
    "nested_brackets": (nested_brackets, ".md"),
    "repeated_suffix": (repeated_suffix, ".md"),
    "long_line": (long_line, ".md"),
    "dense_cues": (dense_cues, ".md"),
    "many_people": (many_people, ".md"),
    "nested_tags": (nested_tags, ".html"),
}


def issue_files(out: Path, seed: int = 0) -> list[Path]:
    """The five files of issue 13 (24 MB): a 50,000-item list (1.6 MB), 20,000 nested <div>s (220 KB),
    16 MB of dense cue text, and 3 MB each of nested 《 and of a repeated suffix."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "hostile-list.md": org_list(25, seed),
        "hostile-nested-tags.html": nested_tags(10, seed),
        "hostile-dense.md": dense_cues(128, seed),
        "hostile-brackets.md": nested_brackets(67, seed),
        "hostile-suffix.md": repeated_suffix(50, seed),
    }
    for name, data in files.items():
        (out / name).write_bytes(data)
    return [out / name for name in files]


def generate(out: Path, scale: int = 1, seed: int = 0, names: list[str] | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names or list(GENERATORS):
        fn, ext = GENERATORS[name]
        path = out / f"{name}-x{scale}{ext}"
        path.write_bytes(fn(scale, seed))
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    for p in generate(args.out, args.scale, args.seed):
        print(p, p.stat().st_size)


if __name__ == "__main__":
    main()
