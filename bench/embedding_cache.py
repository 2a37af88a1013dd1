"""Sentence embeddings of benchmark texts, computed once with jam's own encoder and cached.

Encoding the four labelled sets (63,000 texts) takes the numpy encoder 10-20 minutes on two
cores, so the vectors are kept in ``~/.cache/jam-bench/`` (or ``JAM_BENCH_CACHE``), keyed by
the model's weights and the texts: a changed text or model gives a new file, never stale vectors.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from clustering.text import SentenceEncoder, file_sha256, is_model_dir
from jam.embedding_model import default_model_dir

CACHE_DIR = Path(os.environ.get("JAM_BENCH_CACHE", Path.home() / ".cache" / "jam-bench"))


def model_dir_or_none() -> Path | None:
    """The installed model folder (``make`` fetches it), or None."""
    folder = default_model_dir()
    return folder if is_model_dir(folder) else None


def cached_embeddings(texts: Sequence[str], model_dir: Path, *, label: str = "") -> np.ndarray:
    """One unit row per text: read from the cache, or encoded now (with progress) and stored."""
    key = hashlib.sha256()
    key.update(file_sha256(model_dir / "model.safetensors").encode())
    for text in texts:
        key.update(text.encode("utf-8", "surrogatepass"))
        key.update(b"\0")
    path = CACHE_DIR / f"{label or 'texts'}-{key.hexdigest()[:16]}.npy"
    if path.is_file():
        return np.load(path)
    encoder = SentenceEncoder.load(model_dir)
    parts = []
    start = time.perf_counter()
    step = 1000
    for i in range(0, len(texts), step):
        parts.append(encoder.encode(list(texts[i:i + step])))
        done = min(i + step, len(texts))
        rate = done / (time.perf_counter() - start)
        print(f"\r  encoding {label}: {done}/{len(texts)} texts, {rate:.0f}/s", end="",
              file=sys.stderr, flush=True)
    print(file=sys.stderr)
    vectors = np.concatenate(parts) if parts else np.zeros((0, encoder.dim), np.float32)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors)
    tmp.replace(path)
    return vectors
