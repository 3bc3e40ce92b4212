"""The drawings of the exercises done lying on the floor: side-lying abduction, the face-down
leg lift check and the single-leg bridge, registered in `nudge.pictures.exercises.DRAWINGS`.

Poses are placed with nudge/pictures/figure.py like the others, the body's weight on the floor
line. Build time only; pure, no thread.
"""

from __future__ import annotations

import math

from nudge.pictures.figure import (
    ARM_W,
    FLOOR,
    HANG,
    LEG_W,
    SHOULDER_HALF,
    TORSO,
    TORSO_W,
    UP,
    Point,
    Pose,
    angles,
    direction,
    on_floor,
    reach,
    solve,
)
from nudge.pictures.render import Frame, curved, straight


def _side_lying(lift: float) -> Pose:
    """On the right side, head to the left, seen from the front: the top leg is the near one.
    The waist stays a little off the floor, as it does. At rest the top leg lies straight on
    the lower one, ankle on ankle."""
    hip = (54.0, FLOOR - SHOULDER_HALF - ARM_W / 2)
    under = angles(87.0, 87.0, foot=None)
    body = solve(Pose(hip, -90.0, under, under, HANG, HANG, front=True))
    lower_ankle = body.far_leg.end
    rest = direction(body.near_leg.root, (lower_ankle[0], lower_ankle[1] - LEG_W + 0.3))
    top = angles(rest + lift, rest + lift, foot=None)
    head_arm = angles(-90.0, -90.0)
    top_arm = angles(88.0, 90.0)
    return Pose(hip, -90.0, top, under, top_arm, head_arm, head=-96.0, front=True)


def side_lying_abduction() -> tuple[Frame, ...]:
    return (Frame(_side_lying(0.0)),
            Frame(_side_lying(26.0), glute=True,
                  arrows=(curved((54.0, FLOOR - 12.0), 41.0, 96.0, 120.0),)))


def _face_down(lift: float) -> Pose:
    hip = (48.0, FLOOR - TORSO_W / 2)
    shoulder_x = hip[0] + TORSO
    arms = reach((shoulder_x + 6.0, FLOOR - 2.5), UP)
    rest = angles(-86.0, -89.0, foot=-90.0)
    near = angles(-90.0 - lift, -90.0 - lift, foot=-90.0 - lift) if lift else rest
    return Pose(hip, 90.0, near, rest, arms, arms, head=104.0)


def leg_lift_check() -> tuple[Frame, ...]:
    return (Frame(_face_down(0.0)),
            Frame(_face_down(16.0), glute=True,
                  arrows=(straight((20.0, 70.0), (20.0, 57.0)),)))


def _on_back(hip: Point, straight_leg: bool) -> Pose:
    shoulder = (27.0, FLOOR - TORSO_W / 2)
    torso = direction(hip, shoulder)
    planted = reach(on_floor(70.0), UP)
    other = planted
    if straight_leg:
        thigh = solve(Pose(hip, torso, planted, planted, HANG, HANG)).near_leg
        along = direction(thigh.root, thigh.middle)
        other = angles(along, along, foot=along + 90.0)
    arms = angles(89.0, 90.0, foot=90.0)
    return Pose(hip, torso, planted, other, arms, arms, head=-97.0)


def single_leg_bridge() -> tuple[Frame, ...]:
    floor_hip = (27.0 + TORSO, FLOOR - TORSO_W / 2)
    lifted = (27.0 + math.sqrt(TORSO ** 2 - 14.0 ** 2), FLOOR - TORSO_W / 2 - 14.0)
    return (
        Frame(_on_back(floor_hip, False)),
        Frame(_on_back(lifted, True), glute=True,
              arrows=(straight((lifted[0], 62.0), (lifted[0], 48.0)),)),
    )
