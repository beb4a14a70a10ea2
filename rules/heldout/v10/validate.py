#!/usr/bin/env python3
"""Validate zh.jsonl (blind Chinese moderation eval set). Exit 0 only if every check passes."""
import json, os, re, sys, collections

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "zh.jsonl")
N_LINES = 400
FIELDS = {"text", "label", "type", "register", "length"}
LABELS = {"fraud", "prohibited_goods", "clean"}
REGISTERS = {"sms", "chat", "forum", "listing", "transcript", "notice", "news", "post"}
MAX_CHARS = 700
LONG_MIN = 150

EXPECTED = {
    "per_label": {
        "fraud": 170,
        "prohibited_goods": 80,
        "clean": 150
    },
    "long_per_label": {
        "fraud": 122,
        "prohibited_goods": 32,
        "clean": 108
    },
    "sms_per_label": {
        "fraud": 45,
        "prohibited_goods": 18,
        "clean": 8
    },
    "per_type": {
        "fake_bank_points": 7,
        "fake_certificate_service": 6,
        "fake_charity_disaster": 6,
        "fake_credit_record": 6,
        "fake_crypto": 6,
        "fake_cs_refund": 7,
        "fake_etc_traffic": 7,
        "fake_game_account_trade": 6,
        "fake_health_elderly": 7,
        "fake_insurance_medicare": 7,
        "fake_investment": 7,
        "fake_job_deposit": 7,
        "fake_livestream_gift": 6,
        "fake_loan": 7,
        "fake_pet_sale": 6,
        "fake_prize_lottery": 6,
        "fake_rental": 6,
        "fake_teacher_fee": 7,
        "fake_ticket_concert": 6,
        "gambling_invite": 7,
        "impersonate_court_procuratorate": 7,
        "impersonate_leader_boss": 7,
        "impersonate_relative_friend": 6,
        "pig_butchering": 7,
        "sextortion_naked_chat": 6,
        "shuadan_tasks": 7,
        "bank_cards_sim_accounts": 5,
        "controlled_knives": 4,
        "counterfeit_money": 4,
        "drugs_street_slang": 5,
        "exam_cheating": 4,
        "explosives_fireworks_illegal": 4,
        "fake_docs_certificates": 5,
        "gambling_services": 4,
        "guns_ammo": 5,
        "hacking_services": 5,
        "new_psychoactive": 5,
        "personal_data": 5,
        "replica_guns_airguns": 4,
        "rx_drugs_without_prescription": 4,
        "sex_services": 5,
        "smuggled_cigarettes_or_vapes": 4,
        "spy_devices": 4,
        "wildlife": 4,
        "anti_fraud_propaganda": 10,
        "bank_notice": 8,
        "dating_chat": 7,
        "elderly_family_chat": 7,
        "family_money_chat": 8,
        "game_trade_official": 7,
        "genuine_job_ad": 8,
        "hobby_airsoft_discussion": 6,
        "investment_discussion": 8,
        "legal_goods_listing": 12,
        "medical_question": 8,
        "news_report": 9,
        "pet_adoption": 6,
        "platform_cs_genuine": 8,
        "police_notice": 8,
        "rental_listing_genuine": 7,
        "school_notice": 7,
        "security_research_talk": 6,
        "victim_retelling": 10
    }
}

def main():
    errs = []
    def err(msg):
        errs.append(msg)
    with open(PATH, "rb") as f:
        raw = f.read()
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print("FAIL: not UTF-8:", e); return 1
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if len(lines) != N_LINES:
        err("expected %d lines, got %d" % (N_LINES, len(lines)))
    rows = []
    seen = {}
    for i, line in enumerate(lines, 1):
        if re.search(r"\\u[0-9a-fA-F]{4}", line):
            err("line %d: contains a \\uXXXX escape" % i)
        try:
            o = json.loads(line)
        except Exception as e:
            err("line %d: invalid JSON (%s)" % (i, e)); continue
        if not isinstance(o, dict) or set(o.keys()) != FIELDS:
            err("line %d: fields must be exactly %s" % (i, sorted(FIELDS))); continue
        t = o["text"]
        if not isinstance(t, str) or not t.strip():
            err("line %d: empty or non-string text" % i); continue
        if len(t) > MAX_CHARS:
            err("line %d: text longer than %d" % (i, MAX_CHARS))
        if o["label"] not in LABELS:
            err("line %d: bad label %r" % (i, o["label"]))
        if o["register"] not in REGISTERS:
            err("line %d: bad register %r" % (i, o["register"]))
        if not isinstance(o["type"], str) or not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", o["type"]):
            err("line %d: type not snake_case %r" % (i, o["type"]))
        want = "long" if len(t) >= LONG_MIN else "short"
        if o["length"] != want:
            err("line %d: length=%r but len(text)=%d -> %s" % (i, o["length"], len(t), want))
        if t in seen:
            err("line %d: duplicate text of line %d" % (i, seen[t]))
        else:
            seen[t] = i
        rows.append(o)
    per_label = collections.Counter(r["label"] for r in rows)
    long_label = collections.Counter(r["label"] for r in rows if r["length"] == "long")
    sms_label = collections.Counter(r["label"] for r in rows if r["register"] == "sms")
    per_type = collections.Counter(r["type"] for r in rows)
    for name, got in (("per_label", per_label), ("long_per_label", long_label),
                      ("sms_per_label", sms_label), ("per_type", per_type)):
        exp = EXPECTED[name]
        for k in set(exp) | set(got):
            if exp.get(k, 0) != got.get(k, 0):
                err("%s[%s]: expected %d, got %d" % (name, k, exp.get(k, 0), got.get(k, 0)))
    # a type id must belong to a single label
    tl = collections.defaultdict(set)
    for r in rows:
        tl[r["type"]].add(r["label"])
    for t, ls in tl.items():
        if len(ls) > 1:
            err("type %s used under several labels %s" % (t, sorted(ls)))
    if errs:
        for e in errs[:50]:
            print("FAIL:", e)
        print("%d problem(s)" % len(errs))
        return 1
    print("OK: %d lines, all checks passed" % len(rows))
    return 0

if __name__ == "__main__":
    sys.exit(main())
