#!/usr/bin/env python3
"""Sanity checks for data/corpus.csv (run after python data/build.py)."""
import csv
import io
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
WRITTEN_DIR = os.path.join(HERE, "written")
WRITTEN_COLUMNS = ["text", "label", "kind", "lang", "family", "note"]
KINDS = {"1": ["offer", "buy_request", "jargon", "code_word", "disguised"], "0": ["news", "lookalike", "legal_sale", "chat"]}
LANGS = ["zh_hans", "zh_hant", "en", "mixed"]
FAMILIES = ["ivory", "rhino_horn", "pangolin", "tiger", "leopard", "bear_bile", "hawksbill", "hornbill", "tibetan_antelope",
            "saiga", "musk", "totoaba", "sea_turtle", "primate", "parrot", "wild_game"]
NEAR_DUP = 0.5  # character-trigram Jaccard at or above this between a train and a test text counts as overlap
rows = list(csv.DictReader(open(os.path.join(HERE, "corpus.csv"), encoding="utf-8", newline="")))
errs = []
texts = Counter(r["text"] for r in rows)
dups = [t for t, c in texts.items() if c > 1]
if dups:
    errs.append(f"{len(dups)} duplicated texts")
fam_split = defaultdict(set)
for r in rows:
    fam_split[r["source"]].add(r["split"])
    if r["source"].startswith("generated:"):
        if (r["label"] == "1") != (r["source"].startswith("generated:p_")):
            errs.append(f"label/source mismatch {r['id']}")
crossing = [s for s, v in fam_split.items() if len(v) > 1]
if crossing:
    errs.append(f"families in >1 split: {crossing}")
written_files = sorted(n for n in os.listdir(WRITTEN_DIR) if n.endswith(".csv")) if os.path.isdir(WRITTEN_DIR) else []
written_test_splits = [n[:-4] for n in written_files if n.startswith("test_")]
bad_splits = {r["split"] for r in rows} - {"train", "test_template", "test_handwritten", *written_test_splits}
if bad_splits:
    errs.append(f"unknown splits {sorted(bad_splits)}")
for col, vals in [("split", ["train", "test_template", "test_handwritten", *written_test_splits]), ("lang", ["zh_hans", "zh_hant", "en", "mixed"]),
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


# --- data/written/*.csv: schema, allowed values, same rows in the corpus, no duplicates, no train/test overlap ---
def norm(text):
    """Text for duplicate checks: NFKC, lower case, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def trigrams(text):
    s = re.sub(r"[\W_]+", "", norm(text))
    return {s[i:i + 3] for i in range(max(1, len(s) - 2))}


def nearest(queries, pool):
    """For each query text: (best Jaccard, query, pool text), using an inverted trigram index."""
    grams = [trigrams(t) for t in pool]
    index = defaultdict(list)
    for i, g in enumerate(grams):
        for x in g:
            index[x].append(i)
    out = []
    for q in queries:
        a, shared = trigrams(q), Counter()
        for x in a:
            shared.update(index.get(x, ()))
        best = max(((k / (len(a) + len(grams[i]) - k), i) for i, k in shared.items()), default=(0.0, -1))
        out.append((best[0], q, pool[best[1]] if best[1] >= 0 else ""))
    return out


written = {}
for name in written_files:
    stem = name[:-4]
    raw = open(os.path.join(WRITTEN_DIR, name), "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        errs.append(f"written/{name}: has a BOM")
    if not re.fullmatch(r"(train|test)_[a-z0-9_]+", stem):
        errs.append(f"written/{name}: name must be train_<name>.csv or test_<name>.csv")
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))
    if reader.fieldnames != WRITTEN_COLUMNS:
        errs.append(f"written/{name}: columns {reader.fieldnames}, expected {WRITTEN_COLUMNS}")
        continue
    recs = list(reader)
    written[stem] = recs
    for i, rec in enumerate(recs, 1):
        where = f"written/{name} record {i}"
        if None in rec or any(v is None for v in rec.values()):
            errs.append(f"{where}: wrong number of fields")
            continue
        if not rec["text"].strip() or rec["text"] != rec["text"].strip():
            errs.append(f"{where}: empty text or leading/trailing space")
        if rec["label"] not in KINDS:
            errs.append(f"{where}: label {rec['label']!r}")
            continue
        if rec["kind"] not in KINDS[rec["label"]]:
            errs.append(f"{where}: kind {rec['kind']!r} not allowed with label {rec['label']}")
        if rec["lang"] not in LANGS:
            errs.append(f"{where}: lang {rec['lang']!r}")
        if rec["family"] not in FAMILIES and not (rec["family"] == "" and rec["label"] == "0"):
            errs.append(f"{where}: family {rec['family']!r}" + (" (trade rows need a family)" if rec["label"] == "1" else ""))
        if not rec["note"].strip():
            errs.append(f"{where}: empty note")
    # the corpus holds exactly these rows, in file order
    split = "train" if stem.startswith("train_") else stem
    got = [(r["text"], r["label"], r["kind"], r["lang"], r["family"], r["split"]) for r in rows if r["source"] == f"written:{stem}"]
    want = [(r["text"].strip(), r["label"], r["kind"], r["lang"], r["family"] or "none", split) for r in recs]
    if got != want:
        errs.append(f"written/{name}: {len(want)} rows, corpus has {len(got)} rows from it or they differ (rebuild?)")
stray = {r["source"] for r in rows if r["source"].startswith("written:")} - {f"written:{s}" for s in written}
if stray:
    errs.append(f"corpus rows from missing written files: {sorted(stray)}")
# exact duplicates (after NFKC, case and whitespace folding) within and across written files and with older rows
older = {norm(r["text"]): r["id"] for r in rows if not r["source"].startswith("written:")}
seen_w = {}
for stem, recs in written.items():
    for i, rec in enumerate(recs, 1):
        key = norm(rec["text"])
        if key in older:
            errs.append(f"written/{stem}.csv record {i} duplicates corpus row {older[key]}")
        if key in seen_w:
            errs.append(f"written/{stem}.csv record {i} duplicates {seen_w[key]}")
        seen_w.setdefault(key, f"written/{stem}.csv record {i}")
# near-duplicates: new train rows against every test split, new test rows against every train row
w_train = [r["text"] for s, rs in written.items() if s.startswith("train_") for r in rs]
w_test = [r["text"] for s, rs in written.items() if s.startswith("test_") for r in rs]
train_pool = [r["text"] for r in rows if r["split"] == "train"]
test_pool = [r["text"] for r in rows if r["split"] != "train"]
overlap = sorted(nearest(w_train, test_pool) + nearest(w_test, train_pool), reverse=True)
reported = set()
for sim, q, p in overlap:
    if sim < NEAR_DUP:
        break
    if frozenset((q, p)) in reported:
        continue
    reported.add(frozenset((q, p)))
    errs.append(f"train/test near-duplicate (Jaccard {sim:.2f}): {q[:40]!r} ~ {p[:40]!r}")
if written:
    print(f"written rows {sum(map(len, written.values()))} in {len(written)} files; "
          f"closest train/test pair involving them: Jaccard {overlap[0][0]:.2f} (limit {NEAR_DUP})")
# rows that do not come from data/written are unchanged from HEAD, in the same order, before every written row
head_corpus = subprocess.run(["git", "show", "HEAD:data/corpus.csv"], capture_output=True, cwd=HERE).stdout
if head_corpus:
    old = [r for r in csv.DictReader(io.StringIO(head_corpus.decode("utf-8"), newline=""))
           if not r["source"].startswith("written:")]
    if rows[:len(old)] != old:
        errs.append("rows not from data/written differ from HEAD:data/corpus.csv (changed, reordered or removed)")
    if any(r["source"].startswith("written:") for r in rows[:len(old)]) or \
            any(not r["source"].startswith("written:") for r in rows[len(old):]):
        errs.append("written rows must come after all other rows")

n = len(rows)
pos = sum(r["label"] == "1" for r in rows)
tr = [r for r in rows if r["split"] == "train"]
print(f"rows {n}; positive {pos / n:.3f}; train positive {sum(r['label'] == '1' for r in tr) / len(tr):.3f}")
print("lang shares:", {k: round(v / n, 3) for k, v in sorted(Counter(r['lang'] for r in rows).items())})
gen_fams = [s for s in fam_split if s.startswith("generated:")]
print(f"families: {len(gen_fams)}; held out: {sum('test_template' in fam_split[s] for s in gen_fams)}")
print("ERRORS:" if errs else "all checks passed", *errs[:20], sep="\n")
sys.exit(1 if errs else 0)
