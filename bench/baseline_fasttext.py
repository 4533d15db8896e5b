"""The fastText peer: jieba segmentation, then fastText supervised classification.

    python bench/baseline_fasttext.py train labelled.csv model.bin
    python bench/baseline_fasttext.py score model.bin in.csv out.csv

Needs the optional ``fasttext`` module (``python -m pip install '.[bench]'``); exits with code 3 and a message
when it is missing. Train in a fresh process: fasttext-numpy2 0.10.4 sporadically reports "Encountered NaN"
in a process that has freed a large corpus. ``bucket`` is cut from 2M to 200k hashed n-gram rows
(the default makes a 384 MB model for this task). Prints one JSON line on stdout with its own timings.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
import time


def _fasttext():
    try:
        import fasttext
    except ImportError:
        print("fasttext is not installed (pip install '.[bench]')", file=sys.stderr)
        sys.exit(3)
    return fasttext


def _segment(cut, text: str) -> str:
    return " ".join(w for w in cut(text.replace("\n", " ").lower()) if w.strip())


def train(data: str, model_path: str) -> None:
    start = time.perf_counter()
    fasttext = _fasttext()
    import jieba

    jieba.setLogLevel(60)
    fd, train_file = tempfile.mkstemp(suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as out, open(data, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.write(f"__label__{row['label']} {_segment(jieba.lcut, row['text'])}\n")
    segment_seconds = time.perf_counter() - start
    fit_start = time.perf_counter()
    model = fasttext.train_supervised(train_file, epoch=10, lr=0.5, wordNgrams=2, dim=50, minCount=1, bucket=200_000,
                                      thread=1, seed=0, verbose=0)
    fit_seconds = time.perf_counter() - fit_start
    model.save_model(model_path)
    os.unlink(train_file)
    print(json.dumps({"train_seconds": time.perf_counter() - start, "segment_seconds": segment_seconds,
                      "fit_seconds": fit_seconds}))


def score(model_path: str, data: str, out_path: str) -> None:
    fasttext = _fasttext()
    import jieba

    jieba.setLogLevel(60)
    start = time.perf_counter()
    model = fasttext.load_model(model_path)
    jieba.initialize()
    load_seconds = time.perf_counter() - start
    with open(data, newline="", encoding="utf-8") as f, open(out_path, "w", newline="", encoding="utf-8") as out:
        reader = csv.reader(f)
        writer = csv.writer(out)
        header = next(reader)
        text_at = header.index("text")
        writer.writerow([*header, "trade_score"])
        batch: list[list[str]] = []

        def flush():
            labels, probs = model.predict([_segment(jieba.lcut, row[text_at]) for row in batch], k=2)
            for row, names, values in zip(batch, labels, probs, strict=False):
                score = dict(zip(names, values, strict=False)).get("__label__1", 0.0)
                writer.writerow([*row, f"{score:.6f}"])
            batch.clear()

        for row in reader:
            batch.append(row)
            if len(batch) == 5000:
                flush()
        if batch:
            flush()
    print(json.dumps({"load_seconds": load_seconds}))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"train": train, "score": score}[command](*args)
