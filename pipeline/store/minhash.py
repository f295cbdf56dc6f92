"""MinHash signatures of article bodies: word 3-shingle hashes, signatures, LSH band buckets, body hashes.

The signatures are datasketch's (affine32 scheme, seed 1, the shingle hash as the input hash): a
signature made here equals ``MinHash.update_batch`` of the same shingles, so stored signatures stay
comparable whichever way they were computed.
"""

from __future__ import annotations

import functools
import hashlib
import zlib
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SHINGLE = 3  # words per shingle
_AFFINE32 = "affine32"  # datasketch's scheme: 32-bit mixed inputs, affine permutations modulo 2**32
_K1, _K2 = np.uint64(0x9E3779B1), np.uint64(0x85EBCA77)
_MASK32 = np.uint64(0xFFFFFFFF)


class WordHashes(dict[str, int]):
    """crc32 of each word, computed once per distinct word (share one across a batch of articles)."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


def shingle_hashes(
    words: Sequence[str], n: int = SHINGLE, word_hashes: WordHashes | None = None
) -> np.ndarray:
    """32-bit hashes of the distinct word n-grams (the whole text when shorter than n)."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    cache = WordHashes() if word_hashes is None else word_hashes
    h = np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))
    if len(words) < n:
        return np.array([zlib.crc32(" ".join(words).encode("utf-8"))], dtype=np.uint64)
    grams = h[: len(h) - 2] * _K1 + h[1 : len(h) - 1] * _K2 + h[2:]
    return np.unique((grams ^ (grams >> np.uint64(32))) & _MASK32)


def _identity(value: int) -> int:
    return value


def minhash_template(num_perm: int = NUM_PERM) -> MinHash:
    """An empty MinHash whose copies share its permutations (building them is the slow part)."""
    return MinHash(num_perm=num_perm, seed=1, hashfunc=_identity)


def fmix32(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finaliser (a bijection on uint32), as datasketch mixes its inputs."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    mixed: np.ndarray = values ^ (values >> np.uint32(16))
    return mixed


def signature(
    words: Sequence[str],
    template: MinHash | None = None,
    word_hashes: WordHashes | None = None,
    gram_hashes: np.ndarray | None = None,
) -> np.ndarray:
    """MinHash signature (uint32 array of ``num_perm`` values) of a token sequence.

    ``gram_hashes``: the words' ``pipeline.store.reuse.gram_hashes`` when already computed. The
    values are those of ``template.copy().update_batch(shingles)`` (datasketch's affine32 scheme:
    the mixed shingle times a, plus b, modulo 2**32, least per permutation), computed in one array
    operation without a MinHash object or a Python call per shingle.
    """
    mh = template or minhash_template()
    grams = (
        np.unique(gram_hashes) if gram_hashes is not None else shingle_hashes(words, word_hashes=word_hashes)
    )
    if mh.scheme != _AFFINE32:  # pragma: no cover - another datasketch default
        other = mh.copy()
        if len(grams):
            other.update_batch(grams.tolist())
        return np.asarray(other.hashvalues, dtype=np.uint32)
    start = np.asarray(mh.hashvalues, dtype=np.uint32)
    if not len(grams):
        return start.copy()
    a, b = mh.permutations
    mixed = fmix32(grams.astype(np.uint32))
    sig: np.ndarray = np.minimum(start, (mixed[:, np.newaxis] * a + b).min(axis=0))
    return sig


@functools.lru_cache(maxsize=8)
def band_params(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """LSH (bands, rows) that favour recall: candidates are verified, so a false candidate costs little.

    Tuned (as datasketch does) for ``threshold - 0.1`` with false negatives weighted 9:1; for 0.8 and
    128 permutations this gives 20 bands of 6 rows: a pair at Jaccard 0.8 is a candidate with
    probability 0.998, at 0.3 with 0.015.
    """
    target = max(0.3, threshold - 0.1)
    try:
        from datasketch.lsh import _optimal_param

        bands, rows = _optimal_param(target, num_perm, 0.1, 0.9)
        return int(bands), int(rows)
    except ImportError:  # pragma: no cover - another datasketch layout
        return 20, min(6, num_perm // 20)


def band_buckets(sig: np.ndarray, bands: int, rows: int) -> list[int]:
    """One signed 64-bit bucket per band (hash of the band's slice of the signature)."""
    out = []
    for b in range(bands):
        digest = hashlib.blake2b(sig[b * rows : (b + 1) * rows].tobytes(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


def body_hash(words: Sequence[str]) -> str:
    """Hash of the normalised body (folded words, conjunction-free): equal bodies, equal hash."""
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:32]
