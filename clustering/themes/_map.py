"""2-D map coordinates for themes and texts (for a theme map in the UI), without UMAP.

Why this layout: themes are placed by classical multidimensional scaling of the Hellinger
distance between their word distributions (themes that use the same words sit close together),
which is an exact eigenproblem on a themes x themes matrix: fast, deterministic, no heavy
dependency. Each text is projected onto the same two axes, and members are drawn inside a disc
around their theme's position, so a theme reads as a blob whose area grows with its size.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def _hellinger_rows(counts: sp.csr_matrix) -> sp.csr_matrix:
    """sqrt of row-normalised counts: Euclidean distance between rows is Hellinger distance."""
    totals = np.asarray(counts.sum(axis=1)).ravel()
    totals[totals == 0] = 1.0
    rows = sp.csr_matrix(sp.diags(1.0 / totals) @ counts)
    rows.data = np.sqrt(rows.data)
    return rows


def theme_map(
    presence: sp.csr_matrix,
    themes: np.ndarray,
    theme_word_counts: sp.csr_matrix,
) -> tuple[np.ndarray, np.ndarray]:
    """(positions of themes: k x 2, coordinates of texts: n x 2), all within about [-1, 1]."""
    n_texts = presence.shape[0]
    n_themes = theme_word_counts.shape[0]
    if n_themes == 0:
        return np.zeros((0, 2)), np.zeros((n_texts, 2))
    profiles = _hellinger_rows(theme_word_counts)
    mean = np.asarray(profiles.mean(axis=0)).ravel()
    if n_themes >= 3:
        gram = np.asarray((profiles @ profiles.T).todense())
        centred_profile_dot_mean = np.asarray(profiles @ mean).ravel()
        gram = gram - centred_profile_dot_mean[:, None] - centred_profile_dot_mean[None, :]
        gram += float(mean @ mean)
        values, vectors = np.linalg.eigh(gram)
        top = np.argsort(-values)[:2]
        values = np.maximum(values[top], 1e-12)
        vectors = vectors[:, top]
        # Fix each axis's sign so the same data always gives the same picture.
        signs = np.sign(vectors[np.abs(vectors).argmax(axis=0), [0, 1]])
        vectors = vectors * np.where(signs == 0, 1.0, signs)
        positions = vectors * np.sqrt(values)
        # Axes in word space, so texts can be projected the same way as themes.
        axes = (profiles.T @ vectors - np.outer(mean, vectors.sum(axis=0))) / np.sqrt(values)
    else:
        positions = np.array([[-0.5, 0.0], [0.5, 0.0]])[:n_themes]
        axes = None
    scale = np.abs(positions).max() or 1.0
    positions = positions / scale

    if axes is not None:
        projected = (_hellinger_rows(presence) @ axes - mean @ axes) / scale
    else:
        projected = np.zeros((n_texts, 2))
    coords = np.asarray(projected, dtype=np.float64)

    # Disc radius: half the distance to the nearest other theme, shrunk for small themes.
    if n_themes > 1:
        gaps = np.linalg.norm(positions[:, None, :] - positions[None, :, :], axis=2)
        np.fill_diagonal(gaps, np.inf)
        nearest = gaps.min(axis=1)
    else:
        nearest = np.ones(1)
    sizes = np.bincount(themes[themes >= 0], minlength=n_themes).astype(np.float64)
    radius = 0.5 * nearest * np.sqrt(sizes / max(sizes.max(), 1.0))
    radius = np.clip(radius, 0.01, 0.3)
    for k in range(n_themes):
        members = np.flatnonzero(themes == k)
        if len(members) == 0:
            continue
        offsets = coords[members] - positions[k]
        spread = np.percentile(np.linalg.norm(offsets, axis=1), 90) or 1.0
        offsets = offsets / spread
        lengths = np.linalg.norm(offsets, axis=1, keepdims=True)
        offsets = np.where(lengths > 1.0, offsets / np.maximum(lengths, 1e-12), offsets)
        coords[members] = positions[k] + radius[k] * offsets
    return positions, coords
