#!/usr/bin/env python3
"""Validate /work/v11/zh.jsonl (blind Chinese moderation evaluation set, v11).
Exit 0 on success; non-zero with a message on the first class of failure."""
import hashlib, json, os, re, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "zh.jsonl")
EXPECTED_SHA256 = "7eb71b992979f25d489c5035cd27931a97ce756b4c702739861c3db69eb95ad3"

FIELDS = {"text", "label", "type", "register", "length"}
LABELS = {"fraud", "prohibited_goods", "clean"}
REGISTERS = {"sms", "chat", "forum", "listing", "transcript", "notice", "news", "post"}
# label -> (lines, long, short, sms)
EXPECTED = {
    "fraud": (160, 110, 50, 40),
    "prohibited_goods": (90, 45, 45, None),
    "clean": (150, 100, 50, 10),
}
MIN_TYPES = {"fraud": 24, "prohibited_goods": 18, "clean": 20}
TYPE_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    if not os.path.isfile(PATH):
        fail(f"{PATH} does not exist")
    raw = open(PATH, "rb").read()
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"not valid UTF-8: {e}")
    if re.search(r"\\u[0-9a-fA-F]{4}", content):
        fail("file contains \\uXXXX escapes; real characters expected")
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if len(lines) != 400:
        fail(f"expected exactly 400 lines, found {len(lines)}")

    rows = []
    for i, line in enumerate(lines, 1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            fail(f"line {i}: invalid JSON ({e})")
        if not isinstance(obj, dict) or set(obj) != FIELDS:
            fail(f"line {i}: fields must be exactly {sorted(FIELDS)}, got {sorted(obj) if isinstance(obj, dict) else type(obj)}")
        t = obj["text"]
        if not isinstance(t, str) or not (1 <= len(t) <= 700):
            fail(f"line {i}: text must be a string of 1-700 characters")
        if obj["label"] not in LABELS:
            fail(f"line {i}: bad label {obj['label']!r}")
        if obj["register"] not in REGISTERS:
            fail(f"line {i}: bad register {obj['register']!r}")
        if not isinstance(obj["type"], str) or not TYPE_RE.match(obj["type"]):
            fail(f"line {i}: type must be snake_case, got {obj['type']!r}")
        want = "long" if len(t) >= 150 else "short"
        if obj["length"] != want:
            fail(f"line {i}: length={obj['length']!r} but len(text)={len(t)} implies {want!r}")
        rows.append(obj)

    type_labels = defaultdict(set)
    for r in rows:
        type_labels[r["type"]].add(r["label"])
    bad = {t: sorted(l) for t, l in type_labels.items() if len(l) > 1}
    if bad:
        fail(f"types mapped to more than one label: {bad}")

    for label, (n, nlong, nshort, nsms) in EXPECTED.items():
        rs = [r for r in rows if r["label"] == label]
        got = (len(rs), sum(r["length"] == "long" for r in rs),
               sum(r["length"] == "short" for r in rs), sum(r["register"] == "sms" for r in rs))
        if got[:3] != (n, nlong, nshort):
            fail(f"{label}: expected lines/long/short {(n, nlong, nshort)}, got {got[:3]}")
        if nsms is not None and got[3] != nsms:
            fail(f"{label}: expected {nsms} sms lines, got {got[3]}")
        if label == "fraud":
            short_sms = sum(1 for r in rs if r["register"] == "sms" and r["length"] == "short")
            if short_sms != 40:
                fail(f"fraud: expected 40 short sms lines, got {short_sms}")
        ntypes = len({r["type"] for r in rs})
        if ntypes < MIN_TYPES[label]:
            fail(f"{label}: expected at least {MIN_TYPES[label]} types, got {ntypes}")

    dup = [t for t, c in Counter(r["text"] for r in rows).items() if c > 1]
    if dup:
        fail(f"{len(dup)} exact duplicate text(s)")

    digest = hashlib.sha256(raw).hexdigest()
    if digest != EXPECTED_SHA256:
        fail(f"SHA-256 mismatch: file {digest}, expected {EXPECTED_SHA256} (file changed after freezing)")

    c = Counter(r["label"] for r in rows)
    print(f"OK: 400 lines; fraud={c['fraud']} prohibited_goods={c['prohibited_goods']} clean={c['clean']}; "
          f"{len(type_labels)} types; sha256={digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
