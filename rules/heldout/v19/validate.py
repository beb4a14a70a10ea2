#!/usr/bin/env python3
"""Validate the blind held-out set heldout/v19 (zh.jsonl and en.jsonl). Exit 0 if all checks pass (../blindset.py)."""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import blindset

if __name__ == '__main__':
    zh = blindset.check(
        os.path.join(HERE, 'zh.jsonl'),
        sha256='77134ebaf09faf59055e87e030c637ec1eb9c8549205d6c2d6e83a585e3723c2',
        labels={'fraud': 160, 'prohibited_goods': 60, 'clean': 140},
        lengths={  # (label, length) -> lines
            ('fraud', 'long'): 60, ('fraud', 'short'): 100,
            ('prohibited_goods', 'long'): 20, ('prohibited_goods', 'short'): 40,
            ('clean', 'long'): 40, ('clean', 'short'): 100,
        },
        length_ranges={'long': (150, 600), 'short': (15, 149)},
        pg_long_max=400,  # prohibited_goods long lines are 150-400
        lines=360,
        shared_sentences=True)
    en = blindset.check(
        os.path.join(HERE, 'en.jsonl'),
        sha256='0860ce29d76bdbd7fc6448691c31b0efd2229004a6caa8fd8a5dd35a9c69a73f',
        labels={'fraud': 60, 'prohibited_goods': 20, 'clean': 80},
        lengths={
            ('fraud', 'long'): 15, ('fraud', 'short'): 45,
            ('prohibited_goods', 'long'): 0, ('prohibited_goods', 'short'): 20,
            ('clean', 'long'): 20, ('clean', 'short'): 60,
        },
        length_ranges={'long': (160, 800), 'short': (15, 159)},
        pg_long_max=800,
        lines=160,
        shared_sentences=True,
        registers=blindset.REGISTERS | {'email'})
    sys.exit(zh or en)
