#!/usr/bin/env python3
"""Validate the blind held-out set heldout/v18/zh.jsonl. Exit 0 if all checks pass (../blindset.py)."""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import blindset

if __name__ == '__main__':
    sys.exit(blindset.check(
        os.path.join(HERE, 'zh.jsonl'),
        sha256='5c6ea9cd3e3b3fddb373848e3b663aec1383309a2142d38c880b3a37dddc9b82',
        labels={'fraud': 160, 'prohibited_goods': 40, 'clean': 120},
        lengths={  # (label, length) -> lines
            ('fraud', 'long'): 40, ('fraud', 'short'): 120,
            ('prohibited_goods', 'long'): 20, ('prohibited_goods', 'short'): 20,
            ('clean', 'long'): 40, ('clean', 'short'): 80,
        },
        length_ranges={'long': (150, 600), 'short': (15, 149)},
        pg_long_max=400,  # prohibited_goods long lines are 150-400
        lines=320,
        shared_sentences=True))
