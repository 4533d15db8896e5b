"""Throughput of score_dask on a local cluster of worker processes against scoring in one process.

    python bench/dask_throughput.py [--rows 100000] [--workers 2]

Generates posts with bench/make_data.py's generator, scores them once in this process with
``Model.score`` and once with ``score_dask`` on a LocalCluster (one thread per worker), checks the scores
are identical to the last bit, and prints posts/s and the ratio. Start-up of the cluster is not counted;
shipping the model to the workers is.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_data import generate  # noqa: E402

from wildtrade_clf import load_model  # noqa: E402
from wildtrade_clf.distributed import score_dask  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=0, help="default: 8 per worker")
    args = parser.parse_args(argv)

    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    frame = pd.DataFrame({"text": [text for _, text, _ in generate(args.rows, seed=21)]})
    model = load_model()
    model.score(frame.text[:10].tolist())

    start = time.perf_counter()
    local = model.score(frame.text.tolist())
    local_seconds = time.perf_counter() - start

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(lambda: __import__("wildtrade_clf").load_model().score(["warm up"]))
        ddf = dd.from_pandas(frame, npartitions=args.partitions or 8 * args.workers)
        start = time.perf_counter()
        scored = score_dask(ddf, text_col="text", model=model).compute()
        dask_seconds = time.perf_counter() - start

    identical = scored.trade_score.to_numpy().tobytes() == local.tobytes()
    print("| setting | rows | seconds | posts/s | ratio |\n|---|---|---|---|---|")
    print(f"| one process, Model.score | {args.rows:,} | {local_seconds:.1f} | {args.rows / local_seconds:,.0f} | 1.00x |")
    print(f"| score_dask, {args.workers} worker processes | {args.rows:,} | {dask_seconds:.1f} | "
          f"{args.rows / dask_seconds:,.0f} | {local_seconds / dask_seconds:.2f}x |")
    print(f"\nscores identical to the last bit: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
