"""Two principal components of a vote matrix with holes, and everyone's place on them (Pol.is).

Why these steps (Pol.is's published method, Small et al. 2021, "Polis: Scaling deliberation by
mapping high dimensional opinion spaces"):

- A missing vote is filled with the item's mean vote before centring, so after centring it is
  0: it neither pulls the components nor moves the voter. (Filling with 0 instead would read
  "did not see it" as "neutral" and tilt every item towards the crowd's silence.)
- A participant is projected with their own votes only, and the projection is scaled by
  ``sqrt(n_items / n_voted)``: someone who voted on 10 of 100 items would otherwise sit ten
  times closer to the centre than someone with the same opinions who voted on all of them, and
  the centre would fill with light voters of every opinion.
- Components have a deterministic sign (largest-magnitude loading positive), so the map does not
  flip between two runs on the same votes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_COMPONENTS = 2


@dataclass(frozen=True)
class Projection:
    """The fitted components and every participant's 2-D point."""

    center: np.ndarray  # (n_items,) mean vote per item
    components: np.ndarray  # (2, n_items), unit rows (a zero row when there is no second one)
    explained: tuple[float, ...]  # share of the total variance per component
    points: np.ndarray  # (n_participants, 2)
    total_variance: float


def project(values: np.ndarray, fit_rows: np.ndarray, *, zeroed_items: int = 0) -> Projection:
    """PCA of ``values[fit_rows]`` (NaN = missing), then every row projected sparsity-aware.

    ``zeroed_items`` is for ``bench/opinions.py`` only: Pol.is's code keeps each moderated-out
    statement as a column of zeros, which counts as a vote by everyone in the scaling
    (``sqrt((n_items + z) / (n_voted + z))``); the benchmark measures what that changes.
    """
    n, m = values.shape
    voted = ~np.isnan(values)
    fit = values[fit_rows]
    fit_voted = voted[fit_rows]
    counts = fit_voted.sum(axis=0)
    sums = np.where(fit_voted, fit, 0.0).sum(axis=0)
    # Items nobody in the fit voted on get the mean of whoever did, else 0; they have no
    # variance in the fit either way.
    all_counts = voted.sum(axis=0)
    all_sums = np.where(voted, values, 0.0).sum(axis=0)
    center = np.divide(sums, counts, out=np.divide(all_sums, np.maximum(all_counts, 1)),
                       where=counts > 0)
    centred = np.where(voted, values - center, 0.0)
    fit_centred = centred[fit_rows]
    components = np.zeros((N_COMPONENTS, m))
    total = float((fit_centred ** 2).sum())
    explained = [0.0] * N_COMPONENTS
    if fit_centred.size and total > 0:
        _, singular, vt = np.linalg.svd(fit_centred, full_matrices=False)
        k = min(N_COMPONENTS, vt.shape[0])
        for i in range(k):
            if singular[i] <= 1e-12 * singular[0]:
                break
            row = vt[i]
            if row[int(np.argmax(np.abs(row)))] < 0:
                row = -row
            components[i] = row
            explained[i] = float(singular[i] ** 2 / total)
    n_voted = voted.sum(axis=1)
    scale = np.sqrt((m + zeroed_items) / np.maximum(n_voted + zeroed_items, 1)) if m else np.ones(n)
    points = (centred @ components.T) * scale[:, None]
    return Projection(center=center, components=components, explained=tuple(explained),
                      points=points, total_variance=total)
