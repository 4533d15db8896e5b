"""What a trained model's card records: where it came from (data hashes, library versions) and how it was made."""

from __future__ import annotations

import datetime as _dt
import hashlib
import platform
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import numpy as np

from ._version import __version__
from .labels import missing

_LIBRARIES = ("scikit-learn", "numpy", "scipy", "skops", "rjieba", "jieba", "opencc")


def training_data_hash(texts: Sequence, labels: np.ndarray) -> str:
    """SHA-256 of the training rows (text and label), order included."""
    digest = hashlib.sha256()
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"{int(label)}\t{'' if missing(text) else text}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def library_versions() -> dict:
    """Versions of Python and of the libraries that decide a model's scores."""
    versions: dict[str, str | None] = {"python": platform.python_version(), "wildtrade_clf": __version__}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def blas_kernels() -> dict:
    """The BLAS libraries loaded now, each with its version and the kernels it chose for this processor.

    A fit gives the same model to the bit only where these agree too: OpenBLAS picks its kernels by processor
    (AVX2 or AVX-512, say), and they round sums differently (on the default corpus, coefficients moved by up to
    2e-5 between two machines with the same libraries).
    """
    from threadpoolctl import threadpool_info

    # numpy and scipy each bundle their own OpenBLAS, under the same prefix: the folder tells them apart.
    return {f"{Path(info['filepath']).parent.name}/{info['prefix']}":
            f"{info['internal_api']} {info.get('version')} {info.get('architecture')}"
            for info in threadpool_info() if info["user_api"] == "blas"}


def provenance() -> dict:
    """The card's opening entries: package version, creation time (UTC, to the second), library versions and the
    BLAS kernels in use."""
    return {"package_version": __version__,
            "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
            "library_versions": library_versions(), "blas": blas_kernels()}


def jsonable(value):
    """A parameter value as JSON keeps it (tuples as lists)."""
    return list(value) if isinstance(value, tuple) else value


_SKETCH_BYTES = 4


def row_sketch(normalised: Sequence[str]) -> dict:
    """A compact record of which posts a model trained on: 4 bytes of a hash of each distinct normalised post.

    Enough to tell that an evaluation set shares posts with the training rows (a chance match is about one in
    a billion per post and million training rows), without keeping the posts.
    """
    import base64

    values = np.unique(np.array([_row_hash(text) for text in normalised], dtype=np.uint32))
    return {"hash": f"first {_SKETCH_BYTES} bytes of BLAKE2b of each distinct normalised post",
            "values": base64.b64encode(values.astype("<u4").tobytes()).decode("ascii")}


def sketch_overlap(sketch: dict, normalised: Sequence[str]) -> np.ndarray:
    """True for each post whose normalised text is (very probably) among the training rows of ``sketch``."""
    import base64

    known = np.frombuffer(base64.b64decode(sketch["values"]), dtype="<u4")
    return np.isin(np.array([_row_hash(text) for text in normalised], dtype=np.uint32), known)


def _row_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(str(text).encode("utf-8", "surrogatepass"),
                                          digest_size=_SKETCH_BYTES).digest(), "little")


def _figure(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def model_card_markdown(card: dict, name: str) -> str:
    """``MODEL_CARD.md`` for a trained model folder: data, settings and why, threshold, cross-validated figures."""
    data = card["training_data"]
    lines = [f"# Model card: {name}", "",
             f"Trained {card['created']} with wildtrade_clf {card['package_version']}, seed {card['seed']}.",
             f"Training data: {data['rows']:,} labelled posts ({data['positives']:,} trade), "
             f"{data['groups']:,} cross-validation groups ({data['grouping']}); SHA-256 of the rows "
             f"`{data['sha256'][:16]}…`."]
    if data.get("text_columns"):
        lines.append("Text columns joined into each post: " + ", ".join(f"`{c}`" for c in data["text_columns"]) + ".")
    if data.get("labels"):
        lines.append("Labels: " + ", ".join(f"`{raw}` -> {value}" for raw, value in data["labels"].items()) + ".")
    for key, what in (("corpus", "extra corpus rows"), ("background", "background rows taken as not trade")):
        if key in data:
            lines.append(f"Also trained on {data[key]['rows']:,} {what}.")
    lines += ["", f"Decision threshold {card['threshold']:.4f} ({card['threshold_rule']}).", ""]
    for warning in card.get("warnings", []):
        lines += [f"**Warning:** {warning}.", ""]
    settings, selection = card.get("settings"), card.get("selection") or {}
    searched = bool(selection.get("tried"))
    if settings or searched:
        lines += ["## Settings and why", ""]
    if settings:
        lines += ["Used: " + ", ".join(f"`{key.split('__', 1)[1]}={value}`" for key, value in settings["used"].items())
                  + f" ({settings['how']}).", ""]
    if searched:
        lines += [f"Chosen by {selection['criterion']} ({selection['inner_folds']} folds"
                  f"{', nested in each outer fold' if selection['nested'] else ''}). Fixed by the caller: "
                  f"{', '.join(f'{k}={v}' for k, v in selection['fixed_by_caller'].items()) or 'none'}.", "",
                  "| settings | PR-AUC | MCC at its max-F1 threshold | chosen |", "| --- | --- | --- | --- |"]
        for row in sorted(selection["tried"], key=lambda r: -r["pr_auc"]):
            shown = ", ".join(f"{k.split('__', 1)[1]}={v}" for k, v in row["settings"].items())
            lines.append(f"| {shown} | {row['pr_auc']:.4f} | {row['mcc']:.4f} | "
                         f"{'yes' if row['settings'] == selection['chosen'] else ''} |")
        lines.append("")
    cv = card["metrics"].get("cross_validated")
    if cv:
        ci = card["metrics"].get("cross_validated_ci") or {}
        lines += [f"## Cross-validated figures ({cv['folds']} folds, grouped)", "",
                  "| measure | value | 95% interval |", "| --- | --- | --- |"]
        for key in ("precision", "recall", "f1", "mcc", "roc_auc", "pr_auc", "false_positive_rate"):
            interval = ci.get(key)
            lines.append(f"| {key} | {_figure(cv.get(key))} | "
                         f"{f'{interval[0]:.3f}–{interval[1]:.3f}' if interval else '–'} |")
        lines.append("")
    background = card["metrics"].get("background")
    if background:
        lines += [f"Background flagged out of fold at the threshold: {background['flagged']:,} of "
                  f"{background['rows']:,} ({background['flag_rate']:.4%}).", ""]
    lines += ["## Use", "", "Scores flag posts for a trained person to review; they are not evidence of guilt and "
              "must never be used alone to punish, block or report anyone. Measure the model on labelled posts it "
              "never saw (`wildtrade evaluate`) before relying on it."]
    return "\n".join(lines) + "\n"
