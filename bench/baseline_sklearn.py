"""The baseline: what a user would write instead of wildtrade_clf.

    python bench/baseline_sklearn.py train labelled.csv model.joblib
    python bench/baseline_sklearn.py score model.joblib in.csv out.csv

pandas to read, TfidfVectorizer(tokenizer=jieba.lcut, wrapped) + LogisticRegression, joblib to persist, pandas to
write. Prints one JSON line on stdout with its own timings (load/train seconds).
"""

from __future__ import annotations

import json
import sys
import time


def jieba_cut(text: str) -> list[str]:
    """jieba.lcut itself cannot be pickled (its Tokenizer holds a lock), so a user wraps it in a function."""
    import jieba

    return jieba.lcut(text)


def train(data: str, model_path: str) -> None:
    start = time.perf_counter()
    import jieba
    import joblib
    import pandas as pd
    from baseline_sklearn import jieba_cut  # pickled by module name, so the scorer can import it
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    jieba.setLogLevel(60)
    frame = pd.read_csv(data)
    pipeline = make_pipeline(TfidfVectorizer(tokenizer=jieba_cut, token_pattern=None, lowercase=True),
                             LogisticRegression(max_iter=1000))
    fit_start = time.perf_counter()
    pipeline.fit(frame["text"].fillna("").astype(str).tolist(), frame["label"].to_numpy())
    fit_seconds = time.perf_counter() - fit_start
    joblib.dump(pipeline, model_path)
    print(json.dumps({"train_seconds": time.perf_counter() - start, "fit_seconds": fit_seconds}))


def score(model_path: str, data: str, out: str) -> None:
    import baseline_sklearn  # noqa: F401  (the pickled tokenizer lives here)
    import jieba
    import joblib
    import pandas as pd

    jieba.setLogLevel(60)
    start = time.perf_counter()
    pipeline = joblib.load(model_path)
    jieba.initialize()  # jieba loads its dictionary lazily; count it as part of loading
    load_seconds = time.perf_counter() - start
    frame = pd.read_csv(data)
    frame["trade_score"] = pipeline.predict_proba(frame["text"].fillna("").astype(str).tolist())[:, 1]
    frame.to_csv(out, index=False)
    print(json.dumps({"load_seconds": load_seconds}))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"train": train, "score": score}[command](*args)
