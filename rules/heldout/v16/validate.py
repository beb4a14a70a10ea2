#!/usr/bin/env python3
"""Validate the blind held-out set heldout/v16/zh.jsonl. Exit 0 if all checks pass."""
import collections, hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, 'zh.jsonl')
EXPECTED_SHA256 = '008b0b40b715fb9b4066dbf7c154846d0414cf991c135eaebacf57f962c8cfcd'
FIELDS = {'text', 'label', 'type', 'register', 'length'}
EXPECTED_LABELS = {'fraud': 160, 'prohibited_goods': 40, 'clean': 80}
EXPECTED_LENGTHS = {  # (label, length) -> lines
    ('fraud', 'long'): 160, ('fraud', 'short'): 0,
    ('prohibited_goods', 'long'): 20, ('prohibited_goods', 'short'): 20,
    ('clean', 'long'): 46, ('clean', 'short'): 34,
}
REGISTERS = {'sms', 'chat', 'forum', 'listing', 'transcript', 'notice', 'news', 'post'}
LENGTH_RANGES = {'long': (150, 600), 'short': (15, 149)}
PG_LONG_MAX = 400  # prohibited_goods long lines are 150-400


def main():
    errs = []
    if not os.path.exists(PATH):
        print('FAIL: zh.jsonl not found'); return 1
    raw = open(PATH, 'rb').read()
    sha = hashlib.sha256(raw).hexdigest()
    if sha != EXPECTED_SHA256:
        errs.append(f'sha256 mismatch: {sha} != {EXPECTED_SHA256}')
    recs = []
    for n, line in enumerate(raw.decode('utf-8').split('\n'), 1):
        if line == '':
            continue
        try:
            r = json.loads(line)
        except Exception as e:
            errs.append(f'line {n}: json error {e}'); continue
        if not isinstance(r, dict) or set(r) != FIELDS:
            errs.append(f'line {n}: fields {sorted(r) if isinstance(r, dict) else type(r)}'); continue
        if r['label'] not in EXPECTED_LABELS: errs.append(f'line {n}: bad label {r["label"]!r}')
        if r['register'] not in REGISTERS: errs.append(f'line {n}: bad register {r["register"]!r}')
        if r['length'] not in LENGTH_RANGES:
            errs.append(f'line {n}: bad length field {r["length"]!r}'); continue
        if not isinstance(r['type'], str) or not r['type'] or r['type'] != r['type'].lower() or not all(c.isalnum() or c == '_' for c in r['type']):
            errs.append(f'line {n}: type not snake_case {r["type"]!r}')
        lo, hi = LENGTH_RANGES[r['length']]
        if r['label'] == 'prohibited_goods' and r['length'] == 'long':
            hi = PG_LONG_MAX
        if not isinstance(r['text'], str) or not (lo <= len(r['text']) <= hi):
            errs.append(f'line {n}: text length {len(r["text"]) if isinstance(r["text"], str) else "?"} outside [{lo},{hi}] for length={r["length"]}')
        recs.append(r)
    tl = collections.defaultdict(set)
    for r in recs: tl[r['type']].add(r['label'])
    for t, s in tl.items():
        if len(s) > 1: errs.append(f'type {t} has labels {sorted(s)}')
    c = collections.Counter(r['label'] for r in recs)
    if len(recs) != 280: errs.append(f'{len(recs)} lines, expected 280')
    for lab, want in EXPECTED_LABELS.items():
        if c[lab] != want: errs.append(f'{c[lab]} {lab}, expected {want}')
    cl = collections.Counter((r['label'], r['length']) for r in recs)
    for key, want in EXPECTED_LENGTHS.items():
        if cl[key] != want: errs.append(f'{cl[key]} {key[0]}/{key[1]}, expected {want}')
    texts = [r['text'] for r in recs]
    if len(set(texts)) != len(texts): errs.append('duplicate texts')
    seen = collections.defaultdict(set)
    for i, t in enumerate(texts):
        for sent in re.split(r'[。！？!?\n；;]', t):
            if len(sent.strip()) >= 10: seen[sent.strip()].add(i)
    shared = sum(1 for ix in seen.values() if len(ix) > 1)
    if shared: errs.append(f'{shared} sentences of 10+ characters shared between lines')
    if errs:
        for e in errs: print('FAIL:', e)
        return 1
    print(f'OK: {len(recs)} lines ({c["fraud"]} fraud, {c["prohibited_goods"]} prohibited_goods, {c["clean"]} clean), {len(tl)} types, sha256 {sha}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
