#!/usr/bin/env python3
"""Validate zh.jsonl against the documented format and composition. Exit non-zero on any failure."""
import json, sys, os, collections

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zh.jsonl")
LABELS = {"fraud", "prohibited_goods", "clean"}
REGISTERS = {"sms", "chat", "forum", "listing", "transcript", "notice", "news", "post"}
FIELDS = {"text", "label", "type", "register", "length"}
MAXLEN = 700
LONG_MIN = 150

EXPECTED_TOTAL = 400
EXPECTED_LABELS = {"fraud": 170, "prohibited_goods": 80, "clean": 150}
EXPECTED_LONG = {"fraud": 135, "prohibited_goods": 32, "clean": 124}
EXPECTED_SMS = {"fraud": 27, "prohibited_goods": 2, "clean": 13}
EXPECTED_TYPES = {
    "fraud": {"impersonate_police": 7, "fake_cs_refund": 7, "cancel_student_loan": 7, "fake_loan": 7,
              "pig_butchering": 7, "fake_investment": 7, "shuadan_fanli": 7, "impersonate_boss": 7,
              "impersonate_acquaintance": 7, "fake_game_trade": 7, "sextortion": 7, "fake_teacher_fee": 7,
              "fake_job": 7, "phishing_benefit": 7, "fake_prize": 7, "fake_rental": 7, "fake_ticket": 7,
              "fake_charity": 7, "fake_health_elderly": 7, "fake_credit_limit": 7, "fake_pet_sale": 6,
              "fake_crypto_mining": 6, "fake_dating_gambling": 6, "fake_visa_study": 6,
              "fake_military_purchase": 6},
    "prohibited_goods": {"guns_ammo": 5, "replica_guns": 5, "controlled_knives": 5, "drugs": 5,
                         "new_psychoactive": 5, "rx_drugs": 5, "fake_docs": 5, "bank_cards_sim": 5,
                         "personal_data": 5, "gambling": 5, "sex_services": 5, "spy_devices": 4,
                         "counterfeit_money": 4, "wildlife": 4, "explosives": 4, "exam_cheating": 4,
                         "hacking_services": 5},
    "clean": {"victim_retelling": 10, "anti_fraud_propaganda": 10, "news_report": 10, "family_money_chat": 10,
              "platform_cs": 10, "genuine_job_ad": 10, "investment_discussion": 10, "game_trade_official": 10,
              "legal_goods_listing": 10, "medical_question": 10, "police_notice": 10, "school_notice": 10,
              "dating_chat": 10, "bank_notice": 10, "fiction_review": 10},
}
# structural minimums from the brief (checked in addition to exact counts)
MIN_RULES = {"fraud": dict(min_long=130, min_types=24, per_type=(5, 9)),
             "prohibited_goods": dict(min_long=0, min_types=15, per_type=(1, 99)),
             "clean": dict(min_long=110, min_types=12, per_type=(6, 15))}

errors = []
def err(msg):
    errors.append(msg)

try:
    raw = open(PATH, "rb").read()
except OSError as e:
    print(f"FAIL: cannot read {PATH}: {e}"); sys.exit(2)
try:
    content = raw.decode("utf-8")
except UnicodeDecodeError as e:
    print(f"FAIL: not UTF-8: {e}"); sys.exit(2)

lines = content.split("\n")
if lines and lines[-1] == "":
    lines = lines[:-1]
if len(lines) != EXPECTED_TOTAL:
    err(f"expected {EXPECTED_TOTAL} lines, got {len(lines)}")

recs = []
for i, line in enumerate(lines, 1):
    try:
        o = json.loads(line)
    except json.JSONDecodeError as e:
        err(f"line {i}: invalid JSON ({e})"); continue
    if not isinstance(o, dict):
        err(f"line {i}: not an object"); continue
    if set(o) != FIELDS:
        err(f"line {i}: fields {sorted(o)} != {sorted(FIELDS)}"); continue
    t = o["text"]
    if not isinstance(t, str) or not t.strip():
        err(f"line {i}: empty or non-string text"); continue
    if "\\u" in line:
        err(f"line {i}: escaped unicode found (use ensure_ascii=False)")
    if len(t) > MAXLEN:
        err(f"line {i}: text length {len(t)} > {MAXLEN}")
    if o["label"] not in LABELS:
        err(f"line {i}: bad label {o['label']!r}")
    if o["register"] not in REGISTERS:
        err(f"line {i}: bad register {o['register']!r}")
    if not isinstance(o["type"], str) or not o["type"] or not all(c.islower() or c.isdigit() or c == "_" for c in o["type"]):
        err(f"line {i}: type not snake_case: {o['type']!r}")
    want = "long" if len(t) >= LONG_MIN else "short"
    if o["length"] != want:
        err(f"line {i}: length={o['length']!r} but len(text)={len(t)} -> {want}")
    recs.append(o)

texts = collections.Counter(o["text"] for o in recs)
for t, c in texts.items():
    if c > 1:
        err(f"duplicate text x{c}: {t[:20]!r}...")
norm = collections.Counter("".join(o["text"].split()) for o in recs)
for t, c in norm.items():
    if c > 1:
        err(f"near-duplicate (whitespace-only difference) x{c}")

lab = collections.Counter(o["label"] for o in recs)
for l, n in EXPECTED_LABELS.items():
    if lab.get(l, 0) != n:
        err(f"label {l}: expected {n}, got {lab.get(l, 0)}")
for l in EXPECTED_LABELS:
    sub = [o for o in recs if o["label"] == l]
    nl = sum(1 for o in sub if o["length"] == "long")
    if nl != EXPECTED_LONG[l]:
        err(f"label {l}: expected {EXPECTED_LONG[l]} long, got {nl}")
    if nl < MIN_RULES[l]["min_long"]:
        err(f"label {l}: long {nl} < minimum {MIN_RULES[l]['min_long']}")
    ns = sum(1 for o in sub if o["register"] == "sms")
    if ns != EXPECTED_SMS[l]:
        err(f"label {l}: expected {EXPECTED_SMS[l]} sms, got {ns}")
    tc = dict(collections.Counter(o["type"] for o in sub))
    if tc != EXPECTED_TYPES[l]:
        err(f"label {l}: type counts differ from documented: {tc}")
    if len(tc) < MIN_RULES[l]["min_types"]:
        err(f"label {l}: only {len(tc)} types < {MIN_RULES[l]['min_types']}")
    lo, hi = MIN_RULES[l]["per_type"]
    for ty, c in tc.items():
        if not lo <= c <= hi:
            err(f"label {l}: type {ty} has {c} lines, outside {lo}-{hi}")
all_types = [ty for l in EXPECTED_TYPES for ty in EXPECTED_TYPES[l]]
if len(all_types) != len(set(all_types)):
    err("a type id is shared between labels")

if errors:
    for e in errors[:200]:
        print("FAIL:", e)
    print(f"{len(errors)} problem(s)")
    sys.exit(1)
print(f"OK: {len(recs)} lines; labels {dict(lab)}; long {EXPECTED_LONG}; sms {sum(EXPECTED_SMS.values())}")
sys.exit(0)
