"""Near-duplicate groups: copies of one advert, possibly with small edits, get one group id."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .labels import missing

_GROUP_NOISE = re.compile(r"(?:__[a-z]+__|[\W\d_])+")
SHINGLE = 5
NEAR_DUPLICATE_JACCARD = 0.7
_MINHASH_BANDS, _MINHASH_ROWS = 8, 4
_PRIME = (1 << 31) - 1


def duplicate_groups(normalised: Sequence[str], near: bool = True,
                     jaccard: float = NEAR_DUPLICATE_JACCARD) -> np.ndarray:
    """A group id per post: posts that are the same advert, possibly with small edits, share one.

    Posts equal once placeholders, digits, punctuation and spaces are dropped are always grouped. With
    ``near`` (the default), posts whose character 5-gram sets overlap by at least ``jaccard`` (Jaccard
    similarity) are grouped too, and grouping is transitive: candidate pairs come from MinHash with
    locality-sensitive hashing (32 hashes in 8 bands of 4, seeded, so deterministic) and each candidate is
    checked exactly against its bucket's first post. Group ids are numbered in order of first appearance.

    >>> duplicate_groups(["出象牙 微信 123", "出象牙 微信 456", "看大象"]).tolist()
    [0, 0, 1]
    """
    keys = [_GROUP_NOISE.sub("", "" if missing(text) else str(text)) for text in normalised]
    ids: dict[str, int] = {}
    exact = np.array([ids.setdefault(key, len(ids)) for key in keys], dtype=np.int64)
    if not near or len(ids) < 2:
        return exact
    # One representative per exact group; near-duplicates are found among the representatives.
    firsts = np.unique(exact, return_index=True)[1]
    reps = [keys[i] for i in firsts]
    links = _near_duplicate_links(reps, jaccard)
    if not len(links):
        return exact
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(reps)
    graph = coo_matrix((np.ones(len(links)), (links[:, 0], links[:, 1])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    merged = component[exact]
    # Renumber in order of first appearance, so ids do not depend on the graph library's numbering.
    order = np.unique(merged, return_index=True)
    renumber = np.empty(order[0].max() + 1, dtype=np.int64)
    renumber[order[0][np.argsort(order[1])]] = np.arange(len(order[0]))
    return renumber[merged]


def _near_duplicate_links(keys: Sequence[str], jaccard: float) -> np.ndarray:
    """Pairs (i, j) of keys whose character-shingle sets have Jaccard similarity >= ``jaccard``."""
    from sklearn.feature_extraction.text import HashingVectorizer

    shingles = HashingVectorizer(analyzer="char", ngram_range=(SHINGLE, SHINGLE), lowercase=False, norm=None,
                                 alternate_sign=False, binary=True, n_features=1 << 22).transform(keys).tocsr()
    shingles.sum_duplicates()
    sizes = np.diff(shingles.indptr)
    rows = np.flatnonzero(sizes > 0)
    if len(rows) < 2:
        return np.empty((0, 2), dtype=np.int64)
    cols = shingles.indices.astype(np.int64)
    starts = shingles.indptr[rows]
    rng = np.random.RandomState(20240517)
    hashes = _MINHASH_BANDS * _MINHASH_ROWS
    a = rng.randint(1, _PRIME, size=hashes, dtype=np.int64)
    b = rng.randint(0, _PRIME, size=hashes, dtype=np.int64)
    signature = np.empty((len(rows), hashes), dtype=np.int64)
    for k in range(hashes):
        signature[:, k] = np.minimum.reduceat((a[k] * cols + b[k]) % _PRIME, starts)
    candidates: list[np.ndarray] = []
    for band in range(_MINHASH_BANDS):
        part = np.ascontiguousarray(signature[:, band * _MINHASH_ROWS:(band + 1) * _MINHASH_ROWS])
        _, first, bucket = np.unique(part, axis=0, return_index=True, return_inverse=True)
        leader = first[bucket.ravel()]
        members = np.flatnonzero(leader != np.arange(len(rows)))
        if len(members):
            candidates.append(np.stack([rows[members], rows[leader[members]]], axis=1))
    if not candidates:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.unique(np.concatenate(candidates), axis=0)
    overlap = np.asarray(shingles[pairs[:, 0]].multiply(shingles[pairs[:, 1]]).sum(axis=1)).ravel()
    union = sizes[pairs[:, 0]] + sizes[pairs[:, 1]] - overlap
    return pairs[overlap >= jaccard * union]
