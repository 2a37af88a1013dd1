"""Sentence vectors of ideas, computed in whatever process runs the fits.

Everything here is synchronous and module-level, so ``embed_texts`` can be sent to the spawn
``ProcessPoolExecutor`` (or run in a thread in tests). Loading the encoder reads ~90 MB, so each
process loads it once per model folder and keeps it; later calls only run the model.
"""

from __future__ import annotations

import hashlib
import threading

import numpy as np

from clustering.text import SentenceEncoder

_encoders: dict[str, SentenceEncoder] = {}
# Threads (the executor-less path) must not load the same 90 MB twice at once.
_load_lock = threading.Lock()


def text_hash(text: str) -> str:
    """sha256 hex of the exact text embedded: a stored vector is reused only while it matches."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def encoder_for(model_dir: str) -> SentenceEncoder:
    """The encoder of ``model_dir``, loaded on first use in this process. A folder that fails to
    load is not cached, so a repaired model is picked up by the next call."""
    encoder = _encoders.get(model_dir)
    if encoder is None:
        with _load_lock:
            encoder = _encoders.get(model_dir)
            if encoder is None:
                encoder = SentenceEncoder.load(model_dir)
                _encoders[model_dir] = encoder
    return encoder


def embed_texts(model_dir: str, texts: list[str]) -> np.ndarray:
    """Unit vectors, one float32 row per text (CPU-bound: never call it on the event loop)."""
    return encoder_for(model_dir).encode(texts)


def to_bytes(vector: np.ndarray) -> bytes:
    """How a vector is stored: float32 little-endian, whatever the machine."""
    return np.asarray(vector, dtype="<f4").tobytes()


def stack_vectors(blobs: list[bytes]) -> np.ndarray:
    """Stored vectors of equal length as one ``len(blobs) x dim`` float32 array, decoded at once."""
    joined = np.frombuffer(b"".join(blobs), dtype="<f4").astype(np.float32, copy=False)
    return joined.reshape(len(blobs), -1) if blobs else joined.reshape(0, 0)
