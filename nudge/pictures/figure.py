"""The pictogram figure's skeleton: fixed segment lengths, posed by angles or by where a hand or
a foot must go, so a pose can never stretch or break a limb.

Coordinates are logical units on a 100 × 100 frame, y down; the floor's top edge is `FLOOR`.
An angle is a direction in degrees: 0 points down, 90 forward (+x, the way a side-view figure
faces), 180 up, -90 back. Build time only (packaging/make_pictures.py); pure, no thread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]

FLOOR = 90.0
TORSO = 24.0  # hip to shoulder
NECK_GAP = 4.5  # shoulder to the head's edge, along the torso
HEAD_R = 6.0
UPPER_ARM, FOREARM = 12.5, 12.0
THIGH, SHIN = 19.0, 18.5
HEEL, TOE = 1.5, 6.0  # the foot, each side of the ankle
TORSO_W, LEG_W, ARM_W = 10.0, 6.5, 5.0  # stroke widths in the side view
FRONT_TORSO_W = 14.0  # the front view's torso is wider
HIP_HALF, SHOULDER_HALF = 4.0, 6.5  # front view: hip and shoulder joints off the centre line
ANKLE_UP = LEG_W / 2  # an ankle this far above the floor puts the sole on it
# Directions for `reach`'s `bend` (which way a knee or an elbow points).
UP, DOWN, FORWARD, BACK = (0.0, -1.0), (0.0, 1.0), (1.0, 0.0), (-1.0, 0.0)


def toward(angle: float, length: float = 1.0) -> Point:
    radians = math.radians(angle)
    return (math.sin(radians) * length, math.cos(radians) * length)


def add(p: Point, q: Point) -> Point:
    return (p[0] + q[0], p[1] + q[1])


def sub(p: Point, q: Point) -> Point:
    return (p[0] - q[0], p[1] - q[1])


def scale(p: Point, factor: float) -> Point:
    return (p[0] * factor, p[1] * factor)


def lerp(p: Point, q: Point, t: float) -> Point:
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)


def dist(p: Point, q: Point) -> float:
    return math.hypot(q[0] - p[0], q[1] - p[1])


def direction(p: Point, q: Point) -> float:
    """The angle that points from `p` to `q`."""
    return math.degrees(math.atan2(q[0] - p[0], q[1] - p[1]))


def on_floor(x: float) -> Point:
    """Where an ankle goes for the sole to stand on the floor at `x`."""
    return (x, FLOOR - ANKLE_UP)


def on_toes(x: float, foot: float) -> Point:
    """Where an ankle goes for the toes to touch the floor at `x`, heel raised (`foot` < 90)."""
    toe = (x, FLOOR - LEG_W * 0.4)
    return sub(toe, toward(foot, TOE))


@dataclass(frozen=True)
class Limb:
    """An arm or a leg: by the angles of its two segments, or by where its end must reach
    (`to`), bending its middle joint towards `bend` (a direction, e.g. (1, 0) forward)."""

    upper: float = 0.0
    lower: float = 0.0
    to: Point | None = None
    bend: Point = (1.0, 0.0)
    foot: float | None = 90.0  # legs: the direction from heel to toe; None: not drawn


def angles(upper: float, lower: float, foot: float | None = 90.0) -> Limb:
    return Limb(upper, lower, foot=foot)


def reach(to: Point, bend: Point = (1.0, 0.0), foot: float | None = 90.0) -> Limb:
    return Limb(to=to, bend=bend, foot=foot)


HANG = angles(3, 1)  # an arm hanging by the side


@dataclass(frozen=True)
class Pose:
    """Where the hip is, which way the torso points, and the four limbs. `front`: seen from
    the front (legs and arms spread sideways) instead of from the side."""

    hip: Point
    torso: float
    near_leg: Limb
    far_leg: Limb
    near_arm: Limb
    far_arm: Limb
    head: float | None = None  # shoulder to head; default along the torso
    front: bool = False


@dataclass(frozen=True)
class Chain:
    """A solved limb: root, middle joint, end (and, for legs, heel and toe)."""

    root: Point
    middle: Point
    end: Point
    heel: Point | None = None
    toe: Point | None = None


@dataclass(frozen=True)
class Body:
    """A solved pose: every joint's position."""

    pose: Pose
    hip: Point
    shoulder: Point
    head: Point
    near_leg: Chain
    far_leg: Chain
    near_arm: Chain
    far_arm: Chain

    @property
    def back(self) -> Point:
        """The unit direction from the spine towards the back (the glutes' side)."""
        t = toward(self.pose.torso)
        return (t[1], -t[0])



class PoseError(ValueError):
    """A pose asks a limb to reach further than it is long: a drawing bug, found at build."""


def solve(pose: Pose) -> Body:
    t = toward(pose.torso)
    side = (-t[1], t[0])  # front view: from the spine to the figure's left (the image's right)
    shoulder = add(pose.hip, scale(t, TORSO))
    head = add(shoulder, toward(pose.head if pose.head is not None else pose.torso,
                                NECK_GAP + HEAD_R))
    if pose.front:
        hips = (add(pose.hip, scale(side, HIP_HALF)), add(pose.hip, scale(side, -HIP_HALF)))
        shoulders = (add(shoulder, scale(side, SHOULDER_HALF)),
                     add(shoulder, scale(side, -SHOULDER_HALF)))
    else:
        hips, shoulders = (pose.hip, pose.hip), (shoulder, shoulder)
    return Body(
        pose, pose.hip, shoulder, head,
        near_leg=_leg(hips[0], pose.near_leg), far_leg=_leg(hips[1], pose.far_leg),
        near_arm=_chain(shoulders[0], pose.near_arm, UPPER_ARM, FOREARM),
        far_arm=_chain(shoulders[1], pose.far_arm, UPPER_ARM, FOREARM))


def _leg(root: Point, limb: Limb) -> Chain:
    chain = _chain(root, limb, THIGH, SHIN)
    if limb.foot is None:
        return chain
    heel = add(chain.end, toward(limb.foot, -HEEL))
    toe = add(chain.end, toward(limb.foot, TOE))
    return Chain(chain.root, chain.middle, chain.end, heel, toe)


def _chain(root: Point, limb: Limb, first: float, second: float) -> Chain:
    if limb.to is None:
        middle = add(root, toward(limb.upper, first))
        return Chain(root, middle, add(middle, toward(limb.lower, second)))
    d = dist(root, limb.to)
    if d > first + second + 1e-6 or d < abs(first - second) - 1e-6:
        raise PoseError(f"a limb from {root} cannot reach {limb.to} ({d:.1f} units away; "
                        f"it is {first + second:.1f} long)")
    d = max(d, 1e-6)
    along = (first * first - second * second + d * d) / (2 * d)
    height = math.sqrt(max(first * first - along * along, 0.0))
    u = scale(sub(limb.to, root), 1 / d)
    normal = (-u[1], u[0])
    if normal[0] * limb.bend[0] + normal[1] * limb.bend[1] < 0:
        normal = scale(normal, -1)
    middle = add(add(root, scale(u, along)), scale(normal, height))
    return Chain(root, middle, limb.to)
