"""Plane geometry on projected rings (lists of (x, y) in viewBox units).

Simplifying after projecting puts the tolerance in units on screen, so one number per
map size says how much detail is kept.
"""

from __future__ import annotations

import math
from functools import lru_cache

from .projection import Point
from .svg import num

Ring = list[Point]


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def simplify(line: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker, iterative (a deep recursion on a long coast would hit Python's limit)."""
    if len(line) < 3:
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(line[i], line[first], line[last])
            if d > worst:
                worst, index = d, i
        if index != -1 and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(line, keep) if k]


def area(ring: Ring) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1]))) / 2


def path_data(rings: list[Ring]) -> str:
    parts = []
    for ring in rings:
        if ring and ring[0] == ring[-1]:
            ring = ring[:-1]
        if len(ring) < 3:
            continue
        points = " ".join(f"{num(x)} {num(y)}" for x, y in ring)
        parts.append(f"M{points}Z")
    return "".join(parts)


def contains(ring: Ring, p: Point) -> bool:
    inside = False
    for a, b in zip(ring, ring[1:] + ring[:1]):
        if (a[1] > p[1]) != (b[1] > p[1]):
            x = a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
            if p[0] < x:
                inside = not inside
    return inside


# label_point and fitting_place search a county (0.05 s each); the same counties and dots
# come back on every map page and in every preview build.
@lru_cache(maxsize=256)
def label_point(ring: tuple[Point, ...], avoid: tuple[Point, ...] = (), steps: int = 14) -> Point:
    """The grid point farthest from the edge and from ``avoid`` (the dots): a coarse pole
    of inaccessibility, which unlike a centroid never falls outside a curved county."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    best, best_distance = (sum(xs) / len(xs), sum(ys) / len(ys)), -1.0
    edges = list(zip(ring, ring[1:] + ring[:1]))
    for i in range(1, steps):
        for j in range(1, steps):
            p = (min(xs) + (max(xs) - min(xs)) * i / steps, min(ys) + (max(ys) - min(ys)) * j / steps)
            if not contains(ring, p):
                continue
            distance = min(_segment_distance(p, a, b) for a, b in edges)
            if avoid:
                distance = min(distance, *(math.hypot(p[0] - q[0], p[1] - q[1]) for q in avoid))
            if distance > best_distance:
                best, best_distance = p, distance
    return best


Box = tuple[float, float, float, float]  # left, top, right, bottom


def box_around(p: Point, width: float, height: float) -> Box:
    return (p[0] - width / 2, p[1] - height / 2, p[0] + width / 2, p[1] + height / 2)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@lru_cache(maxsize=256)
def fitting_place(ring: tuple[Point, ...], start: Point, width: float, height: float,
                  avoid: tuple[Point, ...] = (), avoid_boxes: tuple[Box, ...] = (),
                  clearance: float = 5.0, inside: float = 0.75, steps: int = 12,
                  tries: int = 60) -> Point | None:
    """Where a ``width`` × ``height`` label sits on ``ring``, nearest ``start``, or None.

    Its centre inside, and ``inside`` of its edge too (a name may reach over the border a
    little, as on a printed map); ``clearance`` from the dots of ``avoid``, and over no
    box of ``avoid_boxes`` (labels already placed).
    """
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    grid = [(min(xs) + (max(xs) - min(xs)) * i / steps, min(ys) + (max(ys) - min(ys)) * j / steps)
            for i in range(1, steps) for j in range(1, steps)]
    candidates = [start] + sorted(grid, key=lambda p: math.hypot(p[0] - start[0], p[1] - start[1]))
    for p in candidates[:tries]:
        box = box_around(p, width, height)
        if any(_overlaps(box, other) for other in avoid_boxes):
            continue
        if any(box[0] - clearance < q[0] < box[2] + clearance and box[1] - clearance < q[1] < box[3] + clearance
               for q in avoid):
            continue
        if not contains(ring, p):
            continue
        left, top, right, bottom = box
        samples = [(left + (right - left) * k / 4, y) for k in range(5) for y in (top, bottom)]
        if sum(contains(ring, s) for s in samples) >= inside * len(samples):
            return p
    return None
