#!/usr/bin/env python3
"""Validate rules/heldout/v3/zh-long.jsonl (python3 stdlib only).

Checks: every line parses as JSON; exactly the keys text/label/type/register;
label in {fraud, clean}; register in {script, chat, call, forum}; type is a
non-empty short id; len(text) >= 300 characters and <= 1500; no exact
duplicates; reports near-duplicates (char 4-gram Jaccard > 0.5).
Prints counts per label, type and register, and length statistics.
Exit code 1 if any hard check fails.
"""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "zh-long.jsonl")
KEYS = {"text", "label", "type", "register"}
LABELS = {"fraud", "clean"}
REGISTERS = {"script", "chat", "call", "forum"}
MIN_LEN, MAX_LEN = 300, 1500
TYPE_RE = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


def cjk(s):
    return sum(1 for c in s if "\u4e00" <= c <= "\u9fff")


def grams(s, n=4):
    s = re.sub(r"\s+", "", s)
    return {s[i:i + n] for i in range(max(0, len(s) - n + 1))}


def main(path=PATH):
    errors = []
    rows = []
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"line {no}: empty line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"line {no}: JSON error: {e}")
                continue
            if not isinstance(obj, dict) or set(obj) != KEYS:
                errors.append(f"line {no}: keys {sorted(obj) if isinstance(obj, dict) else type(obj)} != {sorted(KEYS)}")
                continue
            t, lab, typ, reg = obj["text"], obj["label"], obj["type"], obj["register"]
            if not all(isinstance(v, str) for v in (t, lab, typ, reg)):
                errors.append(f"line {no}: non-string field")
                continue
            if lab not in LABELS:
                errors.append(f"line {no}: bad label {lab!r}")
            if reg not in REGISTERS:
                errors.append(f"line {no}: bad register {reg!r}")
            if not TYPE_RE.match(typ):
                errors.append(f"line {no}: bad type id {typ!r}")
            if len(t) < MIN_LEN:
                errors.append(f"line {no}: text too short ({len(t)} chars < {MIN_LEN})")
            if len(t) > MAX_LEN:
                errors.append(f"line {no}: text too long ({len(t)} chars > {MAX_LEN})")
            if "\\u" in line and not re.search(r"[\u4e00-\u9fff]", line):
                errors.append(f"line {no}: escaped instead of real characters")
            rows.append((no, obj))

    # duplicates
    seen = {}
    for no, o in rows:
        if o["text"] in seen:
            errors.append(f"line {no}: exact duplicate of line {seen[o['text']]}")
        seen.setdefault(o["text"], no)
    gs = [(no, grams(o["text"])) for no, o in rows]
    near = []
    for i in range(len(gs)):
        for j in range(i + 1, len(gs)):
            a, b = gs[i][1], gs[j][1]
            if a and b:
                jac = len(a & b) / len(a | b)
                if jac > 0.5:
                    near.append((gs[i][0], gs[j][0], round(jac, 3)))
    max_jac = 0.0
    for i in range(len(gs)):
        for j in range(i + 1, len(gs)):
            a, b = gs[i][1], gs[j][1]
            if a and b:
                max_jac = max(max_jac, len(a & b) / len(a | b))

    labels = Counter(o["label"] for _, o in rows)
    regs = Counter(o["register"] for _, o in rows)
    print(f"{os.path.basename(path)}: {len(rows)} valid lines")
    print(f"  labels: {dict(sorted(labels.items()))}")
    for lab in sorted(labels):
        types = Counter(o["type"] for _, o in rows if o["label"] == lab)
        print(f"  {lab} types ({len(types)}): {dict(sorted(types.items()))}")
        rl = Counter(o["register"] for _, o in rows if o["label"] == lab)
        print(f"  {lab} registers: {dict(sorted(rl.items()))}")
    print(f"  registers: {dict(sorted(regs.items()))}")
    lens = [len(o["text"]) for _, o in rows]
    cj = [cjk(o["text"]) for _, o in rows]
    if rows:
        print(f"  text length (chars): min {min(lens)}, mean {sum(lens) / len(lens):.0f}, max {max(lens)}")
        print(f"  CJK characters per text: min {min(cj)}, mean {sum(cj) / len(cj):.0f}, max {max(cj)}")
    print(f"  near-duplicates (char 4-gram Jaccard > 0.5): {len(near)}; max pairwise Jaccard {max_jac:.3f}")
    for a, b, jac in near:
        print(f"    lines {a} and {b}: {jac}")
    if errors:
        print(f"ERRORS ({len(errors)}):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else PATH))
