#!/usr/bin/env python3
"""Validate heldout/v8/zh.jsonl: fields, labels, length buckets, duplicates. Prints aggregate counts only."""
import json, sys, os, collections

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zh.jsonl")
FIELDS = {"text", "label", "type", "register", "length"}
LABELS = {"fraud", "prohibited_goods", "clean"}
REGISTERS = {"sms", "chat", "forum", "listing", "transcript", "notice", "news", "post"}
LONG_MIN = 150

def main():
    errors, rows, seen = [], [], {}
    with open(PATH, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"line {n}: empty line"); continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"line {n}: bad JSON ({e})"); continue
            if not isinstance(d, dict) or set(d) != FIELDS:
                errors.append(f"line {n}: fields {sorted(d) if isinstance(d, dict) else type(d)} != {sorted(FIELDS)}"); continue
            t = d["text"]
            if not isinstance(t, str) or not t.strip():
                errors.append(f"line {n}: empty text"); continue
            if d["label"] not in LABELS: errors.append(f"line {n}: bad label {d['label']!r}")
            if d["register"] not in REGISTERS: errors.append(f"line {n}: bad register {d['register']!r}")
            if not isinstance(d["type"], str) or not d["type"] or len(d["type"]) > 40 or " " in d["type"]:
                errors.append(f"line {n}: bad type {d['type']!r}")
            exp = "long" if len(t) >= LONG_MIN else "short"
            if d["length"] != exp: errors.append(f"line {n}: length {d['length']!r} but len(text)={len(t)} -> {exp}")
            if len(t) > 700: errors.append(f"line {n}: text longer than 700 chars")
            key = " ".join(t.split())
            if key in seen: errors.append(f"line {n}: duplicate of line {seen[key]}")
            else: seen[key] = n
            rows.append(d)
    by_label = collections.Counter(d["label"] for d in rows)
    by_ll = collections.Counter((d["label"], d["length"]) for d in rows)
    by_reg = collections.Counter((d["label"], d["register"]) for d in rows)
    types = collections.defaultdict(collections.Counter)
    for d in rows: types[d["label"]][d["type"]] += 1
    print(f"file: {PATH}\nrows: {len(rows)}")
    print("\nby label:")
    for l in sorted(by_label): print(f"  {l:18s} {by_label[l]}")
    print("\nlabel x length:")
    for l in sorted(by_label): print(f"  {l:18s} long={by_ll[(l,'long')]:4d} short={by_ll[(l,'short')]:4d}")
    print("\nsms (masked) lines per label:")
    for l in sorted(by_label): print(f"  {l:18s} {by_reg[(l,'sms')]}")
    print("\ntypes per label:")
    for l in sorted(types):
        print(f"  {l} ({len(types[l])} types):")
        for t, c in sorted(types[l].items(), key=lambda x: (-x[1], x[0])): print(f"    {t:28s} {c}")
    if errors:
        print(f"\n{len(errors)} ERROR(S):")
        for e in errors[:50]: print("  " + e)
        sys.exit(1)
    print("\nOK: no errors")

if __name__ == "__main__":
    main()
