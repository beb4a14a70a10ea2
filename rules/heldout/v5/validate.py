#!/usr/bin/env python3
"""Validate the Vigil blind held-out set v5 (zh.jsonl). Stdlib only. Adapted from v4/validate.py.

Checks: every line parses; keys are exactly text/label/type/register; label and register are
allowed values; type is a short id; text is non-empty; no exact duplicates (within and across
files); expected totals and label counts. Reports near-duplicates (char 4-gram Jaccard > 0.5),
counts per label, type, register and length band. Exit code 1 if a check fails.
"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = {"fraud", "prohibited_goods", "clean"}
REGISTERS = {"sms", "chat", "forum", "listing", "script", "notice", "news"}
KEYS = {"text", "label", "type", "register"}
EXPECT = {
    "zh.jsonl": {"total": 410, "labels": {"fraud": 140, "prohibited_goods": 70, "clean": 200}},
}
TYPE_RE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def band(n):
    if n < 120:
        return "short(<120)"
    if n < 300:
        return "medium(120-299)"
    return "long(>=300)"


def grams(t):
    t = re.sub(r"\s+", "", t)
    return {t[i:i + 4] for i in range(max(1, len(t) - 3))}


def main():
    ok = True
    seen = {}
    for fname, exp in EXPECT.items():
        path = os.path.join(HERE, fname)
        rows = []
        with open(path, encoding="utf-8") as fh:
            for ln, line in enumerate(fh, 1):
                if not line.strip():
                    print(f"{fname}:{ln}: empty line"); ok = False; continue
                try:
                    o = json.loads(line)
                except json.JSONDecodeError as e:
                    print(f"{fname}:{ln}: bad JSON: {e}"); ok = False; continue
                if "\\u" in line:
                    print(f"{fname}:{ln}: \\u escape found (write real characters)"); ok = False
                if set(o) != KEYS:
                    print(f"{fname}:{ln}: keys {sorted(o)}"); ok = False; continue
                if o["label"] not in LABELS:
                    print(f"{fname}:{ln}: bad label {o['label']}"); ok = False
                if o["register"] not in REGISTERS:
                    print(f"{fname}:{ln}: bad register {o['register']}"); ok = False
                if not isinstance(o["type"], str) or not TYPE_RE.match(o["type"]):
                    print(f"{fname}:{ln}: bad type {o['type']!r}"); ok = False
                if not isinstance(o["text"], str) or len(o["text"].strip()) < 10:
                    print(f"{fname}:{ln}: text too short"); ok = False
                key = o["text"].strip()
                if key in seen:
                    print(f"{fname}:{ln}: exact duplicate of {seen[key]}"); ok = False
                seen[key] = f"{fname}:{ln}"
                rows.append(o)
        labels = Counter(r["label"] for r in rows)
        print(f"{fname}: {len(rows)} valid lines")
        if len(rows) != exp["total"]:
            print(f"  expected {exp['total']} lines"); ok = False
        if dict(labels) != exp["labels"]:
            print(f"  expected labels {exp['labels']}"); ok = False
        print(f"  labels: {dict(sorted(labels.items()))}")
        for lab in sorted(LABELS):
            sub = [r for r in rows if r["label"] == lab]
            print(f"  {lab} types ({len(set(r['type'] for r in sub))}): {dict(sorted(Counter(r['type'] for r in sub).items()))}")
            print(f"  {lab} registers: {dict(sorted(Counter(r['register'] for r in sub).items()))}")
            print(f"  {lab} length bands (chars): {dict(sorted(Counter(band(len(r['text'])) for r in sub).items()))}")
        print(f"  registers: {dict(sorted(Counter(r['register'] for r in rows).items()))}")
        lens = [len(r["text"]) for r in rows]
        print(f"  text length (chars): min {min(lens)}, mean {sum(lens) // len(lens)}, max {max(lens)}")
        if fname == "zh.jsonl":
            lf = [r for r in rows if r["label"] == "fraud" and 250 <= len(r["text"]) <= 600]
            print(f"  fraud items of 250-600 chars (long scripts): {len(lf)}")
            if len(lf) < 40:
                print("  expected at least 40 long fraud items"); ok = False
            mk = [r for r in rows if re.search(r"URL|CELLPHONE|DIGIT", r["text"])]
            print(f"  masked-style lines (URL/CELLPHONE/DIGIT): {len(mk)} ({100 * len(mk) // len(rows)}%) {dict(sorted(Counter(r['label'] for r in mk).items()))}")
        g = [grams(r["text"]) for r in rows]
        near, mx = 0, 0.0
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                u = len(g[i] | g[j])
                jac = len(g[i] & g[j]) / u if u else 0.0
                mx = max(mx, jac)
                if jac > 0.5:
                    near += 1
                    print(f"  near-duplicate: lines {i + 1} and {j + 1} (Jaccard {jac:.2f})")
        print(f"  near-duplicates (char 4-gram Jaccard > 0.5): {near}; max pairwise Jaccard {mx:.3f}")
    print("OK: all checks passed" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
