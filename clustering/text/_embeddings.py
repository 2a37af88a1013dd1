"""Sentence embeddings: a pretrained encoder that knows "heart" and "cardiac" are related.

Why: themes built from words alone cannot tell that two ideas with no word in common are about
the same thing, and the benchmarks show it (see ``clustering.themes._model``): adding these
vectors to the sharpening step raised NMI on every labelled set. The model is all-MiniLM-L6-v2 (a
sentence-transformers model: 6-layer BERT, 384 dimensions, Apache-2.0), run here with numpy
alone, so the application needs no deep-learning framework: its weights come from a
``safetensors`` file and its tokenizer from the ``tokenizers`` library. The forward pass is
BERT's, followed by what sentence-transformers does for this model (mean of the token states
over the real tokens, then L2 normalisation); a test checks the vectors against ones
sentence-transformers computed.

Cost: about 10-20 ms of CPU per short text, so a jam embeds each idea once, in the background,
and keeps the vector; a refit then reads stored vectors instead of running the model.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import erf

# The sha256 of all-MiniLM-L6-v2's model.safetensors as published by sentence-transformers.
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MINILM_NAME = "all-MiniLM-L6-v2"
_FILES = ("model.safetensors", "tokenizer.json")


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in chunks (the weights are 90 MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_model_dir(path: Path) -> bool:
    """Whether ``path`` holds the files ``SentenceEncoder.load`` needs."""
    return all((path / name).is_file() for name in _FILES)


@dataclass
class _Layer:
    query: tuple[np.ndarray, np.ndarray]
    key: tuple[np.ndarray, np.ndarray]
    value: tuple[np.ndarray, np.ndarray]
    attention_out: tuple[np.ndarray, np.ndarray]
    attention_norm: tuple[np.ndarray, np.ndarray]
    intermediate: tuple[np.ndarray, np.ndarray]
    output: tuple[np.ndarray, np.ndarray]
    output_norm: tuple[np.ndarray, np.ndarray]


def _layer_norm(x: np.ndarray, norm: tuple[np.ndarray, np.ndarray], eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(variance + eps) * norm[0] + norm[1]


def _linear(x: np.ndarray, weights: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    # As one 2-D product: numpy runs a 3-D @ 2-D product as many small ones, 4x slower.
    flat = x.reshape(-1, x.shape[-1]) @ weights[0]
    flat += weights[1]
    return flat.reshape(*x.shape[:-1], -1)


class SentenceEncoder:
    """A BERT sentence encoder (mean pooling, unit vectors) from a sentence-transformers folder.

    Load it once (``SentenceEncoder.load(path)``) and reuse it: loading reads 90 MB.
    """

    def __init__(self, weights: dict[str, np.ndarray], tokenizer_json: str, *, name: str,
                 max_tokens: int, n_heads: int, eps: float = 1e-12) -> None:
        from tokenizers import Tokenizer  # imported here: only needed when a model is used

        self.name = name
        self.max_tokens = max_tokens
        self.n_heads = n_heads
        self.eps = eps
        self._tokenizer = Tokenizer.from_str(tokenizer_json)
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_tokens)
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""

        def get(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[prefix + name], dtype=np.float32)

        def dense(name: str) -> tuple[np.ndarray, np.ndarray]:
            # Stored as (out, in); transposed once so the forward pass is x @ W.
            return np.ascontiguousarray(get(name + ".weight").T), get(name + ".bias")

        def norm(name: str) -> tuple[np.ndarray, np.ndarray]:
            return get(name + ".weight"), get(name + ".bias")

        self._word = get("embeddings.word_embeddings.weight")
        self._position = get("embeddings.position_embeddings.weight")
        self._token_type = get("embeddings.token_type_embeddings.weight")[0]
        self._embedding_norm = norm("embeddings.LayerNorm")
        self.dim = int(self._word.shape[1])
        self._layers = []
        index = 0
        while f"{prefix}encoder.layer.{index}.attention.self.query.weight" in weights:
            p = f"encoder.layer.{index}."
            self._layers.append(_Layer(
                query=dense(p + "attention.self.query"),
                key=dense(p + "attention.self.key"),
                value=dense(p + "attention.self.value"),
                attention_out=dense(p + "attention.output.dense"),
                attention_norm=norm(p + "attention.output.LayerNorm"),
                intermediate=dense(p + "intermediate.dense"),
                output=dense(p + "output.dense"),
                output_norm=norm(p + "output.LayerNorm"),
            ))
            index += 1
        if not self._layers:
            raise ValueError("no encoder layers found in the weights")

    @classmethod
    def load(cls, path: str | Path, *, expected_sha256: str | None = None) -> SentenceEncoder:
        """Load a sentence-transformers model folder (``model.safetensors``, ``tokenizer.json``).

        ``expected_sha256`` checks the weights file first (``ValueError`` on a mismatch).
        """
        from safetensors.numpy import load_file

        folder = Path(path)
        if not is_model_dir(folder):
            raise FileNotFoundError(f"{folder} has no model.safetensors and tokenizer.json")
        weights_path = folder / "model.safetensors"
        if expected_sha256 is not None and file_sha256(weights_path) != expected_sha256:
            raise ValueError(f"{weights_path} is not the expected model (sha256 mismatch)")
        config = _read_json(folder / "config.json")
        st_config = _read_json(folder / "sentence_bert_config.json")
        return cls(
            load_file(str(weights_path)),
            (folder / "tokenizer.json").read_text(encoding="utf-8"),
            name=str(config.get("_name_or_path") or folder.name),
            max_tokens=int(st_config.get("max_seq_length", 256)),
            n_heads=int(config.get("num_attention_heads", 12)),
            eps=float(config.get("layer_norm_eps", 1e-12)),
        )

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Unit vectors, one row per text (``len(texts) x dim``, float32).

        Texts are batched by token length so little work goes into padding; an empty text
        still gets a vector (the model's encoding of no words).
        """
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch([text or "" for text in texts])
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(lengths, kind="stable")
        for start in range(0, len(texts), batch_size):
            rows = order[start:start + batch_size]
            width = int(lengths[rows].max())
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.float32)
            for r, i in enumerate(rows):
                ids[r, :lengths[i]] = encodings[i].ids
                mask[r, :lengths[i]] = 1.0
            states = self._forward(ids, mask)
            pooled = (states * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.maximum(norms, 1e-12)
        return out

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token states (batch x tokens x dim) after the last layer."""
        batch, width = ids.shape
        heads = self.n_heads
        size = self.dim // heads
        x = self._word[ids] + self._position[None, :width] + self._token_type
        x = _layer_norm(x, self._embedding_norm, self.eps)
        padding = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        scale = np.float32(1.0 / math.sqrt(size))
        for layer in self._layers:
            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, width, heads, size).transpose(0, 2, 1, 3)

            q = split(_linear(x, layer.query))
            k = split(_linear(x, layer.key))
            v = split(_linear(x, layer.value))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + padding
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, width, self.dim)
            x = _layer_norm(_linear(context, layer.attention_out) + x, layer.attention_norm,
                            self.eps)
            hidden = _linear(x, layer.intermediate)
            hidden = 0.5 * hidden * (1.0 + erf(hidden * np.float32(1.0 / math.sqrt(2.0))))
            x = _layer_norm(_linear(hidden, layer.output) + x, layer.output_norm, self.eps)
        return np.asarray(x, dtype=np.float32)


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}
