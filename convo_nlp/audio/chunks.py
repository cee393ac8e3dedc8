"""Cut long recordings into pieces at quiet moments, so that speech recognition and voice
activity detection need memory for a few minutes of audio, not for the whole call."""

from __future__ import annotations

import numpy as np

from convo_nlp.audio.types import SAMPLE_RATE

PIECE_SECONDS = 300.0
_SEARCH = 30.0  # look this far either side of each nominal cut for the quietest moment
_FRAME = 0.1


def quiet_cuts(samples: np.ndarray, piece: float = PIECE_SECONDS) -> list[tuple[int, int]]:
    """(first, last) sample ranges covering ``samples``, each at most about ``piece`` + 30 s long,
    cut at the quietest 100 ms near every ``piece`` seconds."""
    n = len(samples)
    step = int(piece * SAMPLE_RATE)
    if n <= step + int(_SEARCH * SAMPLE_RATE):
        return [(0, n)]
    frame = int(_FRAME * SAMPLE_RATE)
    cuts = [0]
    target = step
    while target < n - int(_SEARCH * SAMPLE_RATE):
        lo = max(cuts[-1] + frame, target - int(_SEARCH * SAMPLE_RATE))
        hi = min(n - frame, target + int(_SEARCH * SAMPLE_RATE))
        region = samples[lo:hi]
        usable = (len(region) // frame) * frame
        energy = np.square(region[:usable].reshape(-1, frame), dtype=np.float32).mean(axis=1)
        cut = lo + int(np.argmin(energy)) * frame + frame // 2
        cuts.append(cut)
        target = cut + step
    cuts.append(n)
    return list(zip(cuts[:-1], cuts[1:], strict=True))
