"""The ranking's inner loop compiled with numba, for large corpora.

`best_passages` does what `QueryPlan._scores` and `top_k` do with numpy for a small corpus, with the same
floating-point operations in the same order, so scores are identical to the last bit (tests compare the two). It
scores the corpus one block of passages at a time: the block's scores and length norms stay in the processor's
cache while every list of the question is read up to the block's end. Reading one whole list at a time instead
touches a cache line of a corpus-sized array per posting: at 1,000,000 passages, 50,000 scattered postings cost as
much as 400,000 dense ones. Importing this module loads numba (about a second), so `search.py` imports it only for
a corpus large enough to repay that.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Passages per block: its scores, its best-form factors and its norms (8 bytes each) fit a core's 512 KB L2 cache.
BLOCK = 16_384


# nogil: answers run in worker threads, which then rank in parallel; cache: compiled once per machine, not per start.
@njit(cache=True, nogil=True)
def best_passages(holders, counts, norm, k1_plus_1, extra_ids, extra_values, list_extra, list_start, list_end,
                  clause_lists, coefficients, n, block):  # pragma: no cover - compiled
    """The positions of the n passages with the highest positive scores (ties to the lower), in no set order.

    The question's lists are ranges of the index's holders and counts (or, where `list_extra` is set, of the
    precomputed ids and factors of forms of several terms); clause c is lists clause_lists[c] to
    clause_lists[c + 1], and adds coefficients[c] × its best list's factor to each passage holding one of them.
    Passages are scored `block` at a time (BLOCK but in tests).
    """
    size = norm.shape[0]
    cursor = list_start.copy()
    begun = list_start.copy()  # where each list's postings in the current block begin
    scores = np.zeros(block)
    best = np.zeros(block)
    heap_scores = np.empty(n)
    heap_positions = np.empty(n, dtype=np.int64)
    filled = 0
    floor = 0.0  # what a passage must beat to enter: 0, then the worst of the best n once there are n
    for block_start in range(0, size, block):
        block_end = min(block_start + block, size)
        for clause in range(coefficients.shape[0]):
            first, last = clause_lists[clause], clause_lists[clause + 1]
            coefficient = coefficients[clause]
            for lst in range(first, last):
                begun[lst] = cursor[lst]
                if last - first == 1:  # one list: its factor is added
                    target = scores
                else:  # a word's forms: its best form's factor, added once below
                    target = best
                if list_extra[lst]:
                    cursor[lst] = _read(target, extra_ids, extra_values, extra_values, norm, 0.0, cursor[lst],
                                        list_end[lst], block_start, block_end, coefficient, last - first > 1, True)
                else:
                    cursor[lst] = _read(target, holders, counts, extra_values, norm, k1_plus_1, cursor[lst],
                                        list_end[lst], block_start, block_end, coefficient, last - first > 1, False)
            if last - first > 1:
                for lst in range(first, last):
                    if list_extra[lst]:
                        _add_best(scores, best, extra_ids, begun[lst], cursor[lst], block_start, coefficient)
                    else:
                        _add_best(scores, best, holders, begun[lst], cursor[lst], block_start, coefficient)
        for offset in range(block_end - block_start):
            # One comparison, rarely true once the heap is full: testing "positive" first was a mispredicted branch
            # per passage (3 ms of 1,000,000 with a word in 41 % of them).
            if scores[offset] > floor:
                filled = _keep(heap_scores, heap_positions, filled, scores[offset], block_start + offset)
                if filled == n:
                    floor = heap_scores[0]
        scores[:] = 0.0
    return heap_positions[:filled]


@njit(cache=True, nogil=True, inline="always")
def _factor(count, norm, k1_plus_1):  # pragma: no cover - compiled
    """BM25Okapi's term-frequency factor, as `search._frequency_factor` computes it."""
    tf = np.float64(count)
    return tf * k1_plus_1 / (tf + norm)


@njit(cache=True, nogil=True, inline="always")
def _read(target, holders, counts, values, norm, k1_plus_1, start, end, block_start, block_end, coefficient,
          raise_only, given):  # pragma: no cover - compiled
    """Read a list from start up to the block's end into the block's scores (or raise its best factors); where the
    reading stopped."""
    i = start
    while i < end:
        passage = np.int64(holders[i])
        if passage >= block_end:
            break
        if given:
            factor = values[i]
        else:
            factor = _factor(counts[i], norm[passage], k1_plus_1)
        if raise_only:
            if factor > target[passage - block_start]:
                target[passage - block_start] = factor
        else:
            target[passage - block_start] += coefficient * factor
        i += 1
    return i


@njit(cache=True, nogil=True, inline="always")
def _add_best(scores, best, holders, start, end, block_start, coefficient):  # pragma: no cover - compiled
    """Add coefficient × the best factor at each holder once, clearing it."""
    for i in range(start, end):
        offset = np.int64(holders[i]) - block_start
        if best[offset] != 0.0:
            scores[offset] += coefficient * best[offset]
            best[offset] = 0.0


@njit(cache=True, nogil=True, inline="always")
def _keep(heap_scores, heap_positions, filled, score, position):  # pragma: no cover - compiled
    """Put a passage among the best so far if it belongs there; how many the heap holds.

    The heap's root is the worst of the best: the lowest score, and of equal scores the higher position. Positions
    come in increasing order, so a newcomer equal to the root is worse and stays out.
    """
    n = heap_scores.shape[0]
    if filled < n:
        child = filled
        while child > 0:  # sift up
            parent = (child - 1) >> 1
            if heap_scores[parent] < score:
                break
            heap_scores[child], heap_positions[child] = heap_scores[parent], heap_positions[parent]
            child = parent
        heap_scores[child], heap_positions[child] = score, position
        return filled + 1
    if score <= heap_scores[0]:
        return filled
    parent = 0
    while True:  # sift down
        child = 2 * parent + 1
        if child >= n:
            break
        if child + 1 < n and (heap_scores[child + 1] < heap_scores[child] or (
                heap_scores[child + 1] == heap_scores[child] and heap_positions[child + 1] > heap_positions[child])):
            child += 1
        if heap_scores[child] >= score:  # the newcomer is no better than its worse child
            break
        heap_scores[parent], heap_positions[parent] = heap_scores[child], heap_positions[child]
        parent = child
    heap_scores[parent], heap_positions[parent] = score, position
    return filled


@njit(cache=True, nogil=True)
def form_factors(holders, counts, norm, k1_plus_1, starts, ends, order):  # pragma: no cover - compiled
    """For a form of several terms (their lists at starts[t]:ends[t], shortest first): the passages holding all of
    them, in increasing order, and the mean of the terms' factors there, summed in the form's order of its terms
    (order[u]: where the form's u-th term is among the lists)."""
    terms = starts.shape[0]
    # positions[t, m]: where the m-th passage found so far sits in term t's list.
    positions = np.empty((terms, ends[0] - starts[0]), dtype=np.int64)
    for m in range(ends[0] - starts[0]):
        positions[0, m] = starts[0] + m
    found = ends[0] - starts[0]
    for t in range(1, terms):
        i, j, kept = 0, starts[t], 0
        # Without a branch on which list is behind (a mispredicted one per step): both advance by comparisons, and
        # a match is written at `kept` every step but kept only when the passages are equal.
        while i < found and j < ends[t]:
            passage, held = np.int64(holders[positions[0, i]]), np.int64(holders[j])
            for u in range(t):
                positions[u, kept] = positions[u, i]
            positions[t, kept] = j
            kept += passage == held
            i += passage <= held
            j += held <= passage
        found = kept
    ids = np.empty(found, dtype=np.int64)
    means = np.empty(found)
    for m in range(found):
        passage = np.int64(holders[positions[0, m]])
        total = 0.0
        for u in range(terms):
            total += _factor(counts[positions[order[u], m]], norm[passage], k1_plus_1)
        ids[m] = passage
        means[m] = total / terms
    return ids, means


@njit(cache=True, nogil=True)
def count_new(marks, holders):  # pragma: no cover - compiled
    """Mark the holders in a bitmap of passages; how many were not marked before."""
    new = 0
    for i in range(holders.shape[0]):
        byte, bit = holders[i] >> 3, np.uint8(1) << np.uint8(holders[i] & 7)
        if not marks[byte] & bit:
            marks[byte] |= bit
            new += 1
    return new


@njit(cache=True, nogil=True)
def factors_at(holders, counts, norm, k1_plus_1, extra_ids, extra_values, list_extra, list_start, list_end,
               ids):  # pragma: no cover - compiled
    """Each list's factor at each of the ids (increasing), 0 where the list does not hold it: one row per list."""
    factors = np.zeros((list_start.shape[0], ids.shape[0]))
    for lst in range(list_start.shape[0]):
        start, end = list_start[lst], list_end[lst]
        for m in range(ids.shape[0]):
            if list_extra[lst]:
                i = start + np.searchsorted(extra_ids[start:end], ids[m])
                if i < end and extra_ids[i] == ids[m]:
                    factors[lst, m] = extra_values[i]
            else:
                i = start + np.searchsorted(holders[start:end], ids[m])
                if i < end and holders[i] == ids[m]:
                    factors[lst, m] = _factor(counts[i], norm[ids[m]], k1_plus_1)
            start = i  # the next id, higher, sits no earlier
    return factors
