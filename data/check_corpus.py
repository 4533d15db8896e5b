#!/usr/bin/env python3
"""Sanity checks for data/corpus.csv (run after python data/build.py)."""
import csv
import os
import subprocess
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(HERE, "corpus.csv"), encoding="utf-8", newline="")))
errs = []
texts = Counter(r["text"] for r in rows)
dups = [t for t, c in texts.items() if c > 1]
if dups:
    errs.append(f"{len(dups)} duplicated texts")
fam_split = defaultdict(set)
for r in rows:
    fam_split[r["source"]].add(r["split"])
    if r["source"] != "handwritten":
        if (r["label"] == "1") != (r["source"].startswith("generated:p_")):
            errs.append(f"label/source mismatch {r['id']}")
crossing = [s for s, v in fam_split.items() if len(v) > 1]
if crossing:
    errs.append(f"families in >1 split: {crossing}")
for col, vals in [("split", ["train", "test_template", "test_handwritten"]), ("lang", ["zh_hans", "zh_hant", "en", "mixed"]),
                  ("kind", ["offer", "buy_request", "jargon", "code_word", "disguised", "news", "lookalike", "legal_sale", "chat"])]:
    c = Counter(r[col] for r in rows)
    for v in vals:
        if not c[v]:
            errs.append(f"empty {col}={v}")
for sp in ["train", "test_template"]:
    sub = [r for r in rows if r["split"] == sp]
    for col in ["kind", "lang"]:
        for v in sorted({r[col] for r in rows}):
            if not any(r[col] == v for r in sub):
                errs.append(f"{sp}: no {col}={v}")
# handwritten rows unchanged
head = subprocess.run(["git", "show", "HEAD:data/handwritten.csv"], capture_output=True, cwd=HERE).stdout
now = open(os.path.join(HERE, "handwritten.csv"), "rb").read()
if head and head != now:
    errs.append("handwritten.csv differs from HEAD")
hand = list(csv.DictReader(open(os.path.join(HERE, "handwritten.csv"), encoding="utf-8", newline="")))
hw = [r for r in rows if r["source"] == "handwritten"]
if [h["text"].strip() for h in hand] != [r["text"] for r in hw]:
    errs.append("handwritten rows in corpus differ from handwritten.csv")
n = len(rows)
pos = sum(r["label"] == "1" for r in rows)
tr = [r for r in rows if r["split"] == "train"]
print(f"rows {n}; positive {pos / n:.3f}; train positive {sum(r['label'] == '1' for r in tr) / len(tr):.3f}")
print("lang shares:", {k: round(v / n, 3) for k, v in sorted(Counter(r['lang'] for r in rows).items())})
gen_fams = [s for s in fam_split if s != "handwritten"]
print(f"families: {len(gen_fams)}; held out: {sum('test_template' in fam_split[s] for s in gen_fams)}")
print("ERRORS:" if errs else "all checks passed", *errs[:20], sep="\n")
sys.exit(1 if errs else 0)
