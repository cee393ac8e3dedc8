"""Clustering of speaker embeddings: a fixed number of speakers, or the number chosen by the
eigengap of the affinity matrix; spherical k-means (cosine), seeded so results repeat."""

from __future__ import annotations

import numpy as np


def estimate_speakers(x: np.ndarray, max_speakers: int = 6) -> int:
    """Number of speakers from the eigengap of the normalised affinity Laplacian (Ng–Jordan–Weiss);
    1 when everything is one voice."""
    n = len(x)
    if n < 3:
        return 1
    sim = np.clip(x @ x.T, 0.0, 1.0)
    # keep each row's strongest links (p-pruning) so that noise does not join the clusters
    keep = max(2, int(0.2 * n))
    pruned = np.zeros_like(sim)
    top = np.argsort(-sim, axis=1)[:, :keep]
    rows = np.arange(n)[:, None]
    pruned[rows, top] = sim[rows, top]
    aff = np.maximum(pruned, pruned.T)
    deg = aff.sum(axis=1)
    d = 1.0 / np.sqrt(np.maximum(deg, 1e-9))
    lap = np.eye(n) - d[:, None] * aff * d[None, :]
    eig = np.sort(np.linalg.eigvalsh(lap))[: max_speakers + 1]
    gaps = np.diff(eig)
    return int(np.argmax(gaps[:max_speakers]) + 1)


def cluster(x: np.ndarray, k: int, n_init: int = 10, iterations: int = 30, seed: int = 0) -> np.ndarray:
    """Labels 0..k-1 for the L2-normalised rows of ``x``: spherical k-means (cosine), k-means++
    starts from a fixed seed, best of ``n_init``. Labels are numbered by first appearance."""
    n = len(x)
    if n == 0:
        return np.zeros(0, dtype=int)
    if k <= 1 or n <= k:
        return np.zeros(n, dtype=int) if k <= 1 else np.arange(n)
    rng = np.random.default_rng(seed)
    best, best_fit = np.zeros(n, dtype=int), -np.inf
    for _ in range(n_init):
        cents = _kmeanspp(x, k, rng)
        labels = np.argmax(x @ cents.T, axis=1)
        for _ in range(iterations):
            cents = centroids(x, labels, k)
            new = np.argmax(x @ cents.T, axis=1)
            if np.array_equal(new, labels):
                break
            labels = new
        fit = float(np.sum(np.max(x @ centroids(x, labels, k).T, axis=1)))
        if fit > best_fit + 1e-9:
            best, best_fit = labels, fit
    order = {old: i for i, old in enumerate(dict.fromkeys(best.tolist()))}
    return np.array([order[v] for v in best.tolist()], dtype=int)


def _kmeanspp(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    cents = [x[int(rng.integers(len(x)))]]
    for _ in range(1, k):
        dist = np.clip(1.0 - np.max(x @ np.array(cents).T, axis=1), 0.0, None) ** 2
        total = dist.sum()
        idx = int(rng.choice(len(x), p=dist / total)) if total > 0 else int(rng.integers(len(x)))
        cents.append(x[idx])
    return np.array(cents)


def centroids(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    cents = np.zeros((k, x.shape[1]), dtype=np.float64)
    for c in range(k):
        members = x[labels == c]
        if len(members):
            m = members.mean(axis=0)
            cents[c] = m / max(np.linalg.norm(m), 1e-9)
    return cents
