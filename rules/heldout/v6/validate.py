#!/usr/bin/env python3
"""Validate zh.jsonl (this directory): parse, fields, labels, length bucket, duplicates. Prints counts."""
import json, sys, os, collections
PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'zh.jsonl')
FIELDS = {'text', 'label', 'type', 'register', 'length'}
LABELS = {'fraud', 'prohibited_goods', 'clean'}
errors = []
rows = []
seen = {}
with open(PATH, encoding='utf-8') as f:
    for i, line in enumerate(f, 1):
        if not line.strip():
            errors.append(f'line {i}: empty line'); continue
        try:
            o = json.loads(line)
        except Exception as e:
            errors.append(f'line {i}: JSON error {e}'); continue
        if set(o) != FIELDS:
            errors.append(f'line {i}: fields {sorted(o)}'); continue
        if not all(isinstance(o[k], str) and o[k] for k in FIELDS):
            errors.append(f'line {i}: empty or non-string field'); continue
        if o['label'] not in LABELS:
            errors.append(f'line {i}: bad label {o["label"]}')
        want = 'short' if len(o['text']) < 150 else 'long'
        if o['length'] != want:
            errors.append(f'line {i}: length={o["length"]} but {len(o["text"])} chars')
        if o['length'] not in ('short', 'long'):
            errors.append(f'line {i}: bad length value')
        t = o['text'].strip()
        if t in seen:
            errors.append(f'line {i}: duplicate of line {seen[t]}')
        else:
            seen[t] = i
        rows.append(o)
print(f'rows: {len(rows)}')
print('by label:', dict(collections.Counter(o['label'] for o in rows)))
print('by label x length:', {f'{a}/{b}': n for (a, b), n in sorted(collections.Counter((o['label'], o['length']) for o in rows).items())})
for lab in sorted(LABELS):
    c = collections.Counter(o['type'] for o in rows if o['label'] == lab)
    print(f'types[{lab}] ({len(c)}):', dict(sorted(c.items())))
print('by register:', dict(sorted(collections.Counter(o['register'] for o in rows).items())))
if errors:
    print(f'FAIL: {len(errors)} errors'); [print(' ', e) for e in errors[:50]]; sys.exit(1)
print('OK')
