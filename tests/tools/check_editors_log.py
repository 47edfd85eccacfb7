#!/usr/bin/env python3
"""Reads an editor's log CSV the way a spreadsheet script would, with Python's csv module, and
prints what it found as JSON, for tests written in other languages to check.

usage: check_editors_log.py FILE

Prints {"bom": true if the file starts with the UTF-8 byte-order mark, "line_ends": "crlf",
"lf" or "mixed" (outside quoted cells), "header": [...], "rows": [[...], ...]} on stdout. Exits 1
when the file is not UTF-8 or a row's length differs from the header's (with why on stderr).
"""
import csv
import io
import json
import sys


def line_ends(text):
    """How the records end: quoted cells may hold newlines of their own, which do not count."""
    ends = set()
    quoted = False
    for i, c in enumerate(text):
        if c == '"':
            quoted = not quoted
        elif c == "\n" and not quoted:
            ends.add("crlf" if i > 0 and text[i - 1] == "\r" else "lf")
    if len(ends) == 1:
        return ends.pop()
    return "mixed" if ends else "none"


def main(argv):
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        data = f.read()
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        print(f"{argv[1]}: not UTF-8: {e}", file=sys.stderr)
        return 1
    records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if not records:
        print(f"{argv[1]}: no header", file=sys.stderr)
        return 1
    header, rows = records[0], records[1:]
    for number, row in enumerate(rows, 2):
        if len(row) != len(header):
            print(f"{argv[1]}: record {number} has {len(row)} fields, the header {len(header)}",
                  file=sys.stderr)
            return 1
    json.dump({"bom": bom, "line_ends": line_ends(text), "header": header, "rows": rows},
              sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
