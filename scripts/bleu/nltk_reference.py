#!/usr/bin/env python3
"""Writes NLTK's corpus_bleu (no smoothing, 4-gram uniform weights) of each case of a BLEU fixture.

Usage: /usr/bin/python3 scripts/bleu/nltk_reference.py tests/Training.Tests/Tasks/Fixtures/bleu/cases.tsv > expected.tsv
Input rows: case<TAB>hypothesis<TAB>reference (lines starting with # are comments); sentences are split on whitespace,
as the engine's Bleu.Words does. Output rows: case<TAB>bleu (repr of the float).
Needs Debian's python3-nltk (apt-get install python3-nltk).
"""
import sys
import warnings
from collections import OrderedDict

from nltk.translate.bleu_score import corpus_bleu

cases = OrderedDict()
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        case, hyp, ref = line.split("\t")
        cases.setdefault(case, ([], []))
        cases[case][0].append(hyp.split())
        cases[case][1].append([ref.split()])

warnings.simplefilter("ignore")
for case, (hyps, refs) in cases.items():
    print(f"{case}\t{corpus_bleu(refs, hyps)!r}")
