#!/usr/bin/env python3
"""The checks a blind set's validate.py runs (sets v15 on), with the set's own figures passed in.

Each set keeps its own validate.py, which holds what is particular to it (the SHA-256 of zh.jsonl,
counts per label and length class, length ranges) and calls check() here, so the checks themselves
are written once. Exit code 0 if every check passes.
"""
import collections, hashlib, json, os, re

FIELDS = {'text', 'label', 'type', 'register', 'length'}
REGISTERS = {'sms', 'chat', 'forum', 'listing', 'transcript', 'notice', 'news', 'post'}


def check(path, sha256, labels, lengths, length_ranges, pg_long_max, lines, shared_sentences=False,
          registers=REGISTERS):
    """Validates the set at path; prints OK or every failure and returns the exit code.

    labels: label -> lines; lengths: (label, length) -> lines; length_ranges: length -> (lo, hi)
    characters, prohibited_goods long lines at most pg_long_max; lines: the total;
    shared_sentences: also fail if a sentence of 10+ characters is in two lines; registers: the
    register values allowed (REGISTERS unless the set says otherwise, e.g. English e-mail).
    """
    errs = []
    if not os.path.exists(path):
        print(f'FAIL: {os.path.basename(path)} not found'); return 1
    raw = open(path, 'rb').read()
    sha = hashlib.sha256(raw).hexdigest()
    if sha != sha256:
        errs.append(f'sha256 mismatch: {sha} != {sha256}')
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
        if r['label'] not in labels: errs.append(f'line {n}: bad label {r["label"]!r}')
        if r['register'] not in registers: errs.append(f'line {n}: bad register {r["register"]!r}')
        if r['length'] not in length_ranges:
            errs.append(f'line {n}: bad length field {r["length"]!r}'); continue
        if not isinstance(r['type'], str) or not r['type'] or r['type'] != r['type'].lower() or not all(c.isalnum() or c == '_' for c in r['type']):
            errs.append(f'line {n}: type not snake_case {r["type"]!r}')
        lo, hi = length_ranges[r['length']]
        if r['label'] == 'prohibited_goods' and r['length'] == 'long':
            hi = pg_long_max
        if not isinstance(r['text'], str) or not (lo <= len(r['text']) <= hi):
            errs.append(f'line {n}: text length {len(r["text"]) if isinstance(r["text"], str) else "?"} outside [{lo},{hi}] for length={r["length"]}')
        recs.append(r)
    tl = collections.defaultdict(set)
    for r in recs: tl[r['type']].add(r['label'])
    for t, s in tl.items():
        if len(s) > 1: errs.append(f'type {t} has labels {sorted(s)}')
    c = collections.Counter(r['label'] for r in recs)
    if len(recs) != lines: errs.append(f'{len(recs)} lines, expected {lines}')
    for lab, want in labels.items():
        if c[lab] != want: errs.append(f'{c[lab]} {lab}, expected {want}')
    cl = collections.Counter((r['label'], r['length']) for r in recs)
    for key, want in lengths.items():
        if cl[key] != want: errs.append(f'{cl[key]} {key[0]}/{key[1]}, expected {want}')
    texts = [r['text'] for r in recs]
    if len(set(texts)) != len(texts): errs.append('duplicate texts')
    if shared_sentences:
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
