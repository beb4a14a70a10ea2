#!/usr/bin/env python3
"""Validate the blind held-out set heldout/v20/zh.jsonl. Exit 0 if all checks pass (../blindset.py)."""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import blindset

if __name__ == '__main__':
    sys.exit(blindset.check(
        os.path.join(HERE, 'zh.jsonl'),
        sha256='7da200b21bc5e253b665573785a7d13d41f45596b98bffc113ccdbc6e9bd9aa3',
        labels={'fraud': 160, 'prohibited_goods': 40, 'clean': 160},
        lengths={  # (label, length) -> lines
            ('fraud', 'long'): 40, ('fraud', 'short'): 120,
            ('prohibited_goods', 'long'): 20, ('prohibited_goods', 'short'): 20,
            ('clean', 'long'): 40, ('clean', 'short'): 120,
        },
        length_ranges={'long': (150, 600), 'short': (15, 149)},
        pg_long_max=400,  # prohibited_goods long lines are 150-400
        lines=360,
        shared_sentences=True))
