#!/usr/bin/env python3
"""Validate the blind held-out set heldout/v15/zh.jsonl. Exit 0 if all checks pass (../blindset.py)."""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import blindset

if __name__ == '__main__':
    sys.exit(blindset.check(
        os.path.join(HERE, 'zh.jsonl'),
        sha256='a947d6380a595e455bca85dd3ed18646eb7eddc0326db49636574d2730dac671',
        labels={'fraud': 110, 'prohibited_goods': 50, 'clean': 80},
        lengths={  # (label, length) -> lines
            ('fraud', 'long'): 110, ('fraud', 'short'): 0,
            ('prohibited_goods', 'long'): 25, ('prohibited_goods', 'short'): 25,
            ('clean', 'long'): 40, ('clean', 'short'): 40,
        },
        length_ranges={'long': (150, 450), 'short': (15, 149)},
        pg_long_max=400,  # prohibited_goods long lines are 150-400
        lines=240))
