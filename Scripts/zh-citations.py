#!/usr/bin/env python3
"""Rewrites a Chinese text's article citations in the Chinese form (issue #20).

    python3 Scripts/zh-citations.py Chapters/*/chapter.zh.md       # rewrites the files in place
    python3 Scripts/zh-citations.py --check Chapters/*/chapter.zh.md  # lists what it would change, exit 1 if any

`003 §3, line 58: 「…」` becomes `003 §3 第 58 行：「…」`, the form `course lint` accepts in a
`.zh.md` beside the English one. Only citations that open a quote are rewritten; the article,
section, line number and quote stay as they are, and a citation wrapped over two lines stays
wrapped at the same place, so every line of the file keeps its number (lint issues, parity).
Only `.zh.md` files are accepted: the English texts keep the English form.
"""

import re
import sys

# NNN §S, line L: 「 — the text may wrap between its words (Literate's ArticleQuote.pattern).
CITATION = re.compile(r"(\d{3})(\s+)§([0-9A-Za-z.]+),(\s+)line(\s+)(\d+):(\s*)「")


def convert(text):
    """The text with every English-form citation in the Chinese form, and how many were rewritten."""

    def chinese(match):
        article, gap, section, before_line, after_line, number, before_quote = match.groups()
        # A line break inside the citation stays, where the words were: no line changes its number.
        separator = "\n" if "\n" in before_line + after_line else " "
        quote_break = "\n" if "\n" in before_quote else ""
        return f"{article}{gap}§{section}{separator}第 {number} 行：{quote_break}「"

    return CITATION.subn(chinese, text)


def main(arguments):
    check = "--check" in arguments
    paths = [argument for argument in arguments if argument != "--check"]
    if not paths:
        print("usage: Scripts/zh-citations.py [--check] <file.zh.md>…", file=sys.stderr)
        return 2
    for path in paths:
        if not path.endswith(".zh.md"):
            print(f"{path}: not a Chinese text (.zh.md); the English texts keep `NNN §S, line L:`", file=sys.stderr)
            return 2
    changed = 0
    for path in paths:
        with open(path, encoding="utf-8") as file:
            text = file.read()
        converted, count = convert(text)
        if count == 0:
            continue
        changed += 1
        if check:
            print(f"{path}: {count} citation(s) in the English form")
            continue
        with open(path, "w", encoding="utf-8") as file:
            file.write(converted)
        print(f"{path}: {count} citation(s) rewritten")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
