#!/usr/bin/env python3
"""Validate the blind-v2 JSONL files: every line parses, keys/labels/registers valid, row counts and
text-length bounds match the brief, no exact or near duplicates (char 4-gram Jaccard > 0.5); prints counts.
(The --build option rebuilt the files from hand-written drafts in .src/, which were deleted after the
final build; without .src/ it does nothing.)  Usage: python3 validate.py"""
import json, os, sys, glob, collections, re
BASE = os.path.dirname(os.path.abspath(__file__))
LABELS = {"fraud", "prohibited_goods", "clean"}
REGS = {"sms", "chat", "forum", "listing", "notice", "news", "script"}
KEYS = {"text", "label", "type", "register"}
SPEC = {"zh-scripts.jsonl": (200, 120, 600), "zh-short.jsonl": (400, 10, 120), "en.jsonl": (150, 1, 10**6)}

def build():
    groups = {"zh-scripts.jsonl": "scripts_", "zh-short.jsonl": "short_", "en.jsonl": "en_"}
    for out, prefix in groups.items():
        files = sorted(glob.glob(os.path.join(BASE, ".src", prefix + "*.txt")))
        if not files:
            continue
        rows = []
        for f in files:
            label = typ = None
            for n, line in enumerate(open(f, encoding="utf-8"), 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                if line.startswith("@"):
                    label, typ = line[1:].split("|")
                    continue
                reg, text = line.split("|", 1)
                text = text.strip().replace("\\n", "\n")
                rows.append({"text": text, "label": label, "type": typ, "register": reg.strip()})
        with open(os.path.join(BASE, out), "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")

def grams(s, n=4):
    s = re.sub(r"\s+", "", s.lower())
    return {s[i:i+n] for i in range(max(1, len(s)-n+1))}

def validate():
    ok = True
    for fn, (want, lo, hi) in SPEC.items():
        path = os.path.join(BASE, fn)
        if not os.path.exists(path): print(f"MISSING {fn}"); ok = False; continue
        rows = []
        for i, line in enumerate(open(path, encoding="utf-8"), 1):
            try:
                o = json.loads(line)
            except Exception as e:
                print(f"{fn}:{i} parse error {e}"); ok = False; continue
            if set(o) != KEYS: print(f"{fn}:{i} bad keys {set(o)}"); ok = False
            if o.get("label") not in LABELS: print(f"{fn}:{i} bad label"); ok = False
            if o.get("register") not in REGS: print(f"{fn}:{i} bad register {o.get('register')}"); ok = False
            L = len(o["text"])
            if not (lo <= L <= hi): print(f"{fn}:{i} length {L} outside [{lo},{hi}]: {o['text'][:30]}"); ok = False
            rows.append(o)
        if len(rows) != want: print(f"{fn}: {len(rows)} rows, expected {want}"); ok = False
        texts = [r["text"] for r in rows]
        if len(set(texts)) != len(texts): print(f"{fn}: exact duplicates"); ok = False
        G = [grams(t) for t in texts]
        for a in range(len(G)):
            for b in range(a+1, len(G)):
                j = len(G[a] & G[b]) / max(1, len(G[a] | G[b]))
                if j > 0.5:
                    print(f"{fn}: near-dup {a+1}/{b+1} J={j:.2f}: {texts[a][:25]} | {texts[b][:25]}"); ok = False
        openings = collections.Counter(t[:6] for t in texts)
        for k, v in openings.items():
            if v > 3: print(f"{fn}: opening {k!r} used {v}x")
        print(f"== {fn}: {len(rows)} rows")
        print("  labels:", dict(collections.Counter(r["label"] for r in rows)))
        print("  registers:", dict(collections.Counter(r["register"] for r in rows)))
        for lab in sorted(LABELS):
            c = collections.Counter(r["type"] for r in rows if r["label"] == lab)
            if c: print(f"  types[{lab}]:", dict(sorted(c.items())))
        if fn == "zh-short.jsonl":
            m = sum(1 for r in rows if r["register"] == "sms" and re.search(r"CELLPHONE|URL|DIGIT", r["text"]))
            s = sum(1 for r in rows if r["register"] == "sms")
            print(f"  masked sms: {m}/{s}")
    print("VALID" if ok else "PROBLEMS FOUND")
    return ok

if __name__ == "__main__":
    if "--build" in sys.argv: build()
    sys.exit(0 if validate() else 1)
