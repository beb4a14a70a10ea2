#!/usr/bin/env python3
"""Validate the blind held-out set heldout/v17/zh.jsonl. Exit 0 if all checks pass (../blindset.py)."""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import blindset

if __name__ == '__main__':
    sys.exit(blindset.check(
        os.path.join(HERE, 'zh.jsonl'),
        sha256='cb2d273a3ec49eeb9dcf8cfcd58c76cd2d91cdb3905be83aba9054ce94c00135',
        labels={'fraud': 160, 'prohibited_goods': 40, 'clean': 80},
        lengths={  # (label, length) -> lines
            ('fraud', 'long'): 160, ('fraud', 'short'): 0,
            ('prohibited_goods', 'long'): 20, ('prohibited_goods', 'short'): 20,
            ('clean', 'long'): 46, ('clean', 'short'): 34,
        },
        length_ranges={'long': (150, 600), 'short': (15, 149)},
        pg_long_max=400,  # prohibited_goods long lines are 150-400
        lines=280,
        shared_sentences=True))
