#!/usr/bin/env python3
"""Validate the blind held-out set heldout/v14/zh.jsonl. Exit 0 if all checks pass."""
import collections, hashlib, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, 'zh.jsonl')
EXPECTED_SHA256 = '2c3ff00b03110e698184a7798a61d2d54365dfc3034c3a20bd93c6d7d8c8a141'
FIELDS = {'text', 'label', 'type', 'register', 'length'}
LABELS = {'fraud', 'clean'}
REGISTERS = {'sms', 'chat', 'forum', 'listing', 'transcript', 'notice', 'news', 'post'}
MIN_LEN, MAX_LEN = 150, 450


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
        if r['label'] not in LABELS: errs.append(f'line {n}: bad label {r["label"]!r}')
        if r['register'] not in REGISTERS: errs.append(f'line {n}: bad register {r["register"]!r}')
        if r['length'] != 'long': errs.append(f'line {n}: bad length field {r["length"]!r}')
        if not isinstance(r['type'], str) or not r['type'] or r['type'] != r['type'].lower() or not all(c.isalnum() or c == '_' for c in r['type']):
            errs.append(f'line {n}: type not snake_case {r["type"]!r}')
        if not isinstance(r['text'], str) or not (MIN_LEN <= len(r['text']) <= MAX_LEN):
            errs.append(f'line {n}: text length {len(r["text"]) if isinstance(r["text"], str) else "?"} outside [{MIN_LEN},{MAX_LEN}]')
        recs.append(r)
    tl = collections.defaultdict(set)
    for r in recs: tl[r['type']].add(r['label'])
    for t, s in tl.items():
        if len(s) > 1: errs.append(f'type {t} has labels {sorted(s)}')
    c = collections.Counter(r['label'] for r in recs)
    if len(recs) != 240: errs.append(f'{len(recs)} lines, expected 240')
    if c['fraud'] != 160: errs.append(f'{c["fraud"]} fraud, expected 160')
    if c['clean'] != 80: errs.append(f'{c["clean"]} clean, expected 80')
    texts = [r['text'] for r in recs]
    if len(set(texts)) != len(texts): errs.append('duplicate texts')
    if errs:
        for e in errs: print('FAIL:', e)
        return 1
    print(f'OK: {len(recs)} lines ({c["fraud"]} fraud, {c["clean"]} clean), {len(tl)} types, sha256 {sha}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
