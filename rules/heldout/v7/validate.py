#!/usr/bin/env python3
"""Validate heldout/v7/zh.jsonl. Exit 1 on any error."""
import json, os, sys, collections

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "zh.jsonl")
FIELDS = {"text", "label", "type", "register", "length"}
LABELS = {"fraud", "prohibited_goods", "clean"}
REGISTERS = {"sms", "chat", "forum", "listing", "script", "notice", "news", "transcript"}
LONG_MIN = 150

def main():
    errors = []
    rows = []
    with open(PATH, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"line {n}: empty line")
                continue
            try:
                o = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"line {n}: bad JSON ({e})")
                continue
            if not isinstance(o, dict) or set(o) != FIELDS:
                errors.append(f"line {n}: fields {sorted(o) if isinstance(o, dict) else type(o)} != {sorted(FIELDS)}")
                continue
            if not all(isinstance(o[k], str) for k in FIELDS):
                errors.append(f"line {n}: non-string field")
                continue
            t = o["text"]
            if not t.strip():
                errors.append(f"line {n}: empty text")
            if o["label"] not in LABELS:
                errors.append(f"line {n}: bad label {o['label']!r}")
            if o["register"] not in REGISTERS:
                errors.append(f"line {n}: bad register {o['register']!r}")
            if not o["type"].strip():
                errors.append(f"line {n}: empty type")
            want = "long" if len(t) >= LONG_MIN else "short"
            if o["length"] != want:
                errors.append(f"line {n}: length {o['length']!r} but len(text)={len(t)} -> {want!r}")
            if "\\u" in line:
                errors.append(f"line {n}: ASCII-escaped characters (expected ensure_ascii=False)")
            rows.append((n, o))

    seen = {}
    for n, o in rows:
        key = "".join(o["text"].split())
        if key in seen:
            errors.append(f"line {n}: duplicate text of line {seen[key]}")
        else:
            seen[key] = n

    print(f"file: {PATH}")
    print(f"rows: {len(rows)}")
    by_label = collections.Counter(o["label"] for _, o in rows)
    print("\nby label:")
    for k in sorted(by_label):
        print(f"  {k:18s} {by_label[k]}")
    print("\nlabel x length:")
    ll = collections.Counter((o["label"], o["length"]) for _, o in rows)
    for lab in sorted(by_label):
        print(f"  {lab:18s} long={ll[(lab, 'long')]:4d} short={ll[(lab, 'short')]:4d}")
    print("\nregister:")
    reg = collections.Counter(o["register"] for _, o in rows)
    for k in sorted(reg):
        print(f"  {k:12s} {reg[k]}")
    print("\ntypes per label (total / long):")
    for lab in sorted(by_label):
        tc = collections.Counter(o["type"] for _, o in rows if o["label"] == lab)
        tl = collections.Counter(o["type"] for _, o in rows if o["label"] == lab and o["length"] == "long")
        print(f"  [{lab}] {len(tc)} types")
        for t in sorted(tc):
            print(f"    {t:34s} {tc[t]:3d} / {tl[t]:3d}")

    if errors:
        print(f"\nERRORS ({len(errors)}):")
        for e in errors[:200]:
            print("  " + e)
        sys.exit(1)
    print("\nOK: no errors")

if __name__ == "__main__":
    main()
