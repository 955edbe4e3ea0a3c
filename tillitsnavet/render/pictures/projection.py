"""Longitude/latitude → SVG coordinates, done once at build time.

Equal-area (Albers), because the map shades counties by a count: in Web Mercator
Norrbotten would look four times as important as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]


class Albers:
    """Albers equal-area conic projection on the sphere (Snyder, Map Projections, p. 100)."""

    def __init__(self, parallel_1: float = 57.6, parallel_2: float = 66.8,
                 origin_lat: float = 62.0, central_lon: float = 16.5) -> None:
        phi1, phi2 = math.radians(parallel_1), math.radians(parallel_2)
        self._n = (math.sin(phi1) + math.sin(phi2)) / 2
        self._c = math.cos(phi1) ** 2 + 2 * self._n * math.sin(phi1)
        self._rho0 = self._rho(math.radians(origin_lat))
        self.central_lon = central_lon

    def _rho(self, phi: float) -> float:
        return math.sqrt(self._c - 2 * self._n * math.sin(phi)) / self._n

    def __call__(self, lon: float, lat: float) -> Point:
        """Projected (x, y) on the unit sphere; y grows downwards, as in SVG."""
        rho = self._rho(math.radians(lat))
        theta = self._n * math.radians(lon - self.central_lon)
        return rho * math.sin(theta), -(self._rho0 - rho * math.cos(theta))


@dataclass(frozen=True)
class Fit:
    min_x: float
    min_y: float
    scale: float
    margin: float
    width: float
    height: float

    @classmethod
    def to_width(cls, points: list[Point], width: float, margin: float) -> Fit:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        scale = (width - 2 * margin) / (max(xs) - min(xs))
        height = (max(ys) - min(ys)) * scale + 2 * margin
        return cls(min(xs), min(ys), scale, margin, width, height)

    def __call__(self, point: Point) -> Point:
        return ((point[0] - self.min_x) * self.scale + self.margin,
                (point[1] - self.min_y) * self.scale + self.margin)
