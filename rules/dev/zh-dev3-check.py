#!/usr/bin/env python3
"""Validate zh-dev3.jsonl: fields, enums, length boundary, duplicates."""
import json, re, sys, collections, os
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'zh-dev3.jsonl')
FIELDS = {'text', 'label', 'type', 'register', 'length'}
LABELS = {'fraud', 'prohibited_goods', 'clean'}
REGISTERS = {'sms', 'chat', 'forum', 'listing', 'call_transcript', 'victim_account', 'news', 'notice'}
FRAUD_TYPES = {'police_impersonation', 'shuadan', 'investment', 'loan', 'ecommerce_refund', 'credit_repair',
               'boss_impersonation', 'game_trade', 'romance_pig_butchering', 'fake_shopping', 'military_procurement',
               'flight_change', 'social_insurance_etc_phishing', 'prize', 'job_fee', 'sextortion', 'fake_charity'}
GOODS_TYPES = {'firearms', 'ammo_explosives', 'knives_crossbows', 'drugs', 'fake_documents_invoices',
               'bank_phone_cards_accounts', 'personal_data', 'gambling', 'sex_services', 'surveillance_devices',
               'counterfeit_money'}
errors = []
seen = {}
cnt = collections.Counter()
types = collections.Counter()
with open(path, encoding='utf-8') as fh:
    for i, line in enumerate(fh, 1):
        try:
            r = json.loads(line)
        except Exception as e:
            errors.append(f'line {i}: bad json {e}'); continue
        if set(r) != FIELDS:
            errors.append(f'line {i}: fields {sorted(r)}'); continue
        if not all(isinstance(r[k], str) and r[k] for k in FIELDS):
            errors.append(f'line {i}: empty/non-string field')
        if r['label'] not in LABELS: errors.append(f'line {i}: label {r["label"]}')
        if r['register'] not in REGISTERS: errors.append(f'line {i}: register {r["register"]}')
        if not re.fullmatch(r'[a-z][a-z0-9]*(_[a-z0-9]+)*', r['type']): errors.append(f'line {i}: type not snake_case')
        if r['label'] == 'fraud' and r['type'] not in FRAUD_TYPES: errors.append(f'line {i}: fraud type {r["type"]}')
        if r['label'] == 'prohibited_goods' and r['type'] not in GOODS_TYPES: errors.append(f'line {i}: goods type {r["type"]}')
        if r['label'] == 'clean' and r['type'] in FRAUD_TYPES | GOODS_TYPES: errors.append(f'line {i}: clean uses bad type')
        n = len(r['text'])
        want = 'short' if n < 150 else 'long'
        if r['length'] != want: errors.append(f'line {i}: length {r["length"]} but {n} chars')
        if '\n' in r['text']: errors.append(f'line {i}: newline in text')
        key = re.sub(r'\s+', '', r['text'])
        if key in seen: errors.append(f'line {i}: duplicate of line {seen[key]}')
        seen[key] = i
        cnt[(r['label'], r['length'])] += 1
        types[(r['label'], r['type'])] += 1
for k in sorted(cnt): print(k, cnt[k])
print('total', sum(cnt.values()))
for t in sorted(FRAUD_TYPES):
    if types[('fraud', t)] < 5: errors.append(f'fraud type {t} has only {types[("fraud", t)]}')
for t in sorted(GOODS_TYPES):
    if types[('prohibited_goods', t)] == 0: errors.append(f'goods type {t} missing')
if errors:
    print('\n'.join(errors)); sys.exit(1)
print('OK')
