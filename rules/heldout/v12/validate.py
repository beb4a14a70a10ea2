#!/usr/bin/env python3
"""Validate /work/v12/zh.jsonl (blind zh moderation eval set v12). Exit 0 only if everything holds."""
import hashlib, json, os, re, sys
from collections import Counter, defaultdict

EXPECTED_SHA256 = "98efbd40fa7c2fa144aa8bbbfb8146ca236db5751f6d29784c11d20ab4273ad4"
PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zh.jsonl")
FIELDS = {"text", "label", "type", "register", "length"}
LABELS = {"fraud", "prohibited_goods", "clean"}
REGISTERS = {"sms", "chat", "forum", "listing", "transcript", "notice", "news", "post"}
EXPECTED_COUNTS = {"fraud": 170, "prohibited_goods": 0, "clean": 150}
N_LINES = 320

def main():
    errs = []
    raw = open(PATH, "rb").read()
    sha = hashlib.sha256(raw).hexdigest()
    if sha != EXPECTED_SHA256:
        errs.append(f"sha256 mismatch: {sha}")
    try:
        txt = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print("FAIL: not utf-8:", e); return 1
    if "\\u" in txt and re.search(r"\\u[0-9a-fA-F]{4}", txt):
        errs.append("file contains \\u escapes (ensure_ascii must be False)")
    if not txt.endswith("\n"):
        errs.append("file must end with a newline")
    lines = txt.split("\n")[:-1] if txt.endswith("\n") else txt.split("\n")
    if len(lines) != N_LINES:
        errs.append(f"expected {N_LINES} lines, got {len(lines)}")
    labels = Counter(); type_label = defaultdict(set)
    for i, line in enumerate(lines, 1):
        try:
            o = json.loads(line)
        except Exception as e:
            errs.append(f"line {i}: invalid json ({e})"); continue
        if not isinstance(o, dict) or set(o) != FIELDS:
            errs.append(f"line {i}: fields must be exactly {sorted(FIELDS)}"); continue
        t, lab, typ, reg, ln = o["text"], o["label"], o["type"], o["register"], o["length"]
        if not all(isinstance(x, str) for x in (t, lab, typ, reg, ln)):
            errs.append(f"line {i}: all fields must be strings"); continue
        if not t.strip():
            errs.append(f"line {i}: empty text")
        if lab not in LABELS:
            errs.append(f"line {i}: bad label {lab!r}")
        if reg not in REGISTERS:
            errs.append(f"line {i}: bad register {reg!r}")
        if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", typ):
            errs.append(f"line {i}: type not snake_case {typ!r}")
        want = "long" if len(t) >= 150 else "short"
        if ln != want:
            errs.append(f"line {i}: length field {ln!r} but len(text)={len(t)}")
        labels[lab] += 1
        type_label[typ].add(lab)
    for typ, labs in type_label.items():
        if len(labs) != 1:
            errs.append(f"type {typ!r} used with several labels {sorted(labs)}")
    for lab, n in EXPECTED_COUNTS.items():
        if labels.get(lab, 0) != n:
            errs.append(f"label {lab}: expected {n}, got {labels.get(lab, 0)}")
    if errs:
        for e in errs[:50]:
            print("FAIL:", e)
        print(f"{len(errs)} problem(s)")
        return 1
    print(f"OK: {len(lines)} lines, labels {dict(labels)}, {len(type_label)} types, sha256 {sha}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
