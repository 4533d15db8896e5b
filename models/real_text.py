"""Real text read at build time from ``../shared/`` beside the checkout (never committed): the background corpus
used as negatives, and WLT-OSN, used only to evaluate zero-shot.

Both are public corpora with their own licences (see ``data/DATACARD.md`` and the READMEs beside them). This
module only reads them; nothing here copies a row into the repository.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
BACKGROUND = SHARED / "background" / "background.csv"
WLT_OSN = SHARED / "eval" / "wlt-osn" / "share_data.csv"

# Whole sources the default model never trains on: its flag rates on real text are measured on them. One per
# kind where a kind has two sources (social: weibo_ner; review: waimai), and the only conversation source
# (hkcancor, traditional-script Cantonese), so unseen registers and scripts are tested too.
HELD_OUT_SOURCES = ("weibo_ner", "waimai", "hkcancor")
# Rows taken from each training source: enough of each register, without the 101k marketplace queries
# outweighing everything else. Rows are taken in order of the SHA-256 of their id, so the sample is fixed.
TRAIN_ROWS_PER_SOURCE = 12_000

# Where each source comes from and under what terms (from the background README), for the cards.
SOURCES = {
    "cold": ("thu-coai/COLDataset (Deng et al., EMNLP 2022)", "Apache-2.0", "social"),
    "weibo_ner": ("hltcoe/golden-horse Weibo NER (Peng & Dredze, EMNLP 2015)",
                  "annotations CC BY-SA 3.0; messages under Weibo's terms", "social"),
    "online_shopping": ("SophonPlus/ChineseNlpCorpus online_shopping_10_cats", "no licence stated", "review"),
    "waimai": ("SophonPlus/ChineseNlpCorpus waimai_10k", "no licence stated", "review"),
    "thucnews_titles": ("THUCNews headlines (THUCTC) via 649453932/Chinese-Text-Classification-Pytorch",
                        "MIT (repository)", "news"),
    "multicpr_ecom_query": ("Alibaba-NLP/Multi-CPR e-commerce queries (Long et al., SIGIR 2022)", "no licence stated",
                            "query"),
    "sms_ham": ("SMS Spam Collection v.1, ham only (Almeida et al., DocEng 2011)", "free use, cite the authors", "sms"),
    "hkcancor": ("Hong Kong Cantonese Corpus (Luke & Wong 2015)", "CC BY 4.0", "conversation"),
}


def read_background(path: Path = BACKGROUND) -> pd.DataFrame:
    """The background corpus, or a clear error naming what is missing and where it is expected."""
    if not Path(path).is_file():
        raise SystemExit(f"{path} is missing: the default model is trained with real background text read from "
                         f"../shared/background/ beside the checkout (it is never committed). Put background.csv "
                         f"there or pass --background PATH")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"id", "source", "kind", "lang", "text", "trade_suspect"} - set(frame.columns)
    if missing:
        raise SystemExit(f"{path} lacks the column(s) {', '.join(sorted(missing))}")
    unknown = sorted(set(frame.source) - set(SOURCES))
    if unknown:
        raise SystemExit(f"{path} has sources this build does not know ({', '.join(unknown)}); add them to SOURCES "
                         f"in models/real_text.py with their licence")
    return frame


def split_background(frame: pd.DataFrame, rows_per_source: int = TRAIN_ROWS_PER_SOURCE):
    """(training rows, held-out rows). Rows judged to be trade by hand (``trade_suspect``) are never negatives:
    they are left out of training and reported apart in evaluation."""
    held_out = frame[frame.source.isin(HELD_OUT_SOURCES)]
    pool = frame[~frame.source.isin(HELD_OUT_SOURCES) & (frame.trade_suspect != "1")]
    order = pool.id.map(lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())
    pool = pool.assign(_order=order).sort_values(["source", "_order"])
    train = pool.groupby("source", sort=True).head(rows_per_source).drop(columns="_order")
    return train.sort_values("id").reset_index(drop=True), held_out.reset_index(drop=True)


def read_wlt_osn(path: Path = WLT_OSN) -> pd.DataFrame | None:
    """WLT-OSN's post texts and labels (research use only: evaluated on, never trained on), or None if absent."""
    if not Path(path).is_file():
        return None
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.DataFrame({"text": frame["tweet_text_cleaned"], "label": frame["label"].astype(int)})
