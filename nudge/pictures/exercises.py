"""One drawing per built-in exercise: its frames, start → movement → end.

A new exercise is one more function here (or, lying on the floor, in `nudge.pictures.lying`),
registered in `DRAWINGS` under its catalogue id; then run `packaging/make_pictures.py` and look
at the contact sheet. Poses are placed with nudge/pictures/figure.py (feet by `on_floor`, a
seated hip by `seated_hip`), so a foot stands on the floor line and a seated hip sits on the
seat. Build time only; pure, no thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from nudge.pictures.figure import (
    ANKLE_UP,
    BACK,
    DOWN,
    FLOOR,
    FORWARD,
    HANG,
    LEG_W,
    SHIN,
    THIGH,
    Limb,
    Point,
    Pose,
    add,
    angles,
    direction,
    on_floor,
    on_toes,
    reach,
    toward,
)
from nudge.pictures.lying import leg_lift_check, side_lying_abduction, single_leg_bridge
from nudge.pictures.render import (
    Chair,
    Frame,
    chair_back_top,
    curved,
    seated_hip,
    straight,
)

KNEE_BEND = (1.0, -0.6)  # knees bend forward and up
STAND_HIP_Y = FLOOR - ANKLE_UP - THIGH - SHIN + 0.4  # knees all but straight
FOLDED = angles(24, 172)  # arms folded across the chest, seen from the side
REACH_OUT = angles(88, 90)  # arms held out forward for balance


def _legs(near: Point, far: Point | None = None, foot: float = 90.0) -> tuple[Limb, Limb]:
    return reach(near, KNEE_BEND, foot), reach(far or near, KNEE_BEND, foot)


def _hands_on_hips(hip: Point) -> Limb:
    return reach(add(hip, (1.5, -3.5)), BACK)


def _standing(x: float, arms: Limb = HANG, torso: float = 180.0) -> Pose:
    near, far = _legs(on_floor(x + 1.0))
    return Pose((x, STAND_HIP_Y), torso, near, far, arms, arms)


def _squat(hip: Point, feet_x: float, torso: float, arms: Limb = REACH_OUT) -> Pose:
    near, far = _legs(on_floor(feet_x))
    return Pose(hip, torso, near, far, arms, arms)


# -- from the chair: rise, slow lower, squat to the seat -----------------------------------
CHAIR = Chair(44.0)
HEELS_X = 56.0  # heels just behind the knees of someone sitting on the seat's edge


def _on_edge(arms: Limb = FOLDED) -> Pose:
    near, far = _legs(on_floor(HEELS_X))
    return Pose(seated_hip(CHAIR, 4.0), 176.0, near, far, arms, arms)


def _rising(arms: Limb = FOLDED) -> Pose:
    near, far = _legs(on_floor(HEELS_X))
    return Pose((49.0, 60.0), 150.0, near, far, arms, arms)


def glute_rise() -> tuple[Frame, ...]:
    return (
        Frame(_on_edge(), CHAIR, glute=True),
        Frame(_rising(), CHAIR, glute=True,
              arrows=(straight((35.0, 58.0), (35.0, 42.0)), straight((66.0, 70.0), (66.0, 84.0)))),
        Frame(_standing(55.0, FOLDED), CHAIR, glute=True,
              arrows=(straight((42.0, 42.0), (42.0, 26.0)),)),
    )


def tempo_rise() -> tuple[Frame, ...]:
    return (
        Frame(_standing(55.0, FOLDED), CHAIR),
        Frame(_rising(), CHAIR, glute=True, arrows=(straight((35.0, 44.0), (35.0, 60.0)),),
              labels=(((24.0, 30.0), "3 s"),)),
        Frame(_on_edge(), CHAIR, glute=True),
        Frame(_rising(), CHAIR, glute=True, arrows=(straight((35.0, 60.0), (35.0, 44.0)),)),
    )


def squat_to_chair() -> tuple[Frame, ...]:
    low = _squat((40.0, 63.5), 56.0, 140.0)
    return (
        Frame(_standing(53.0, REACH_OUT), CHAIR, arrows=(straight((38.0, 40.0), (38.0, 54.0)),)),
        Frame(low, CHAIR, glute=True),
        Frame(_standing(53.0, REACH_OUT), CHAIR, glute=True,
              arrows=(straight((38.0, 54.0), (38.0, 40.0)),)),
    )


# -- hip flexors -----------------------------------------------------------------------------
def _split(hip: Point, back_x: float, front_x: float, arms: Limb | None = None) -> Pose:
    back = reach(on_toes(back_x, 40.0), KNEE_BEND, 40.0)
    front = reach(on_floor(front_x), KNEE_BEND)
    hands = arms or _hands_on_hips(hip)
    return Pose(hip, 180.0, back, front, hands, hands)


def hip_flexor_break() -> tuple[Frame, ...]:
    tuck = curved((45.0, 58.0), 11.0, -135.0, -35.0)
    return (
        Frame(_split((45.0, 58.0), 28.0, 68.0)),
        Frame(_split((45.0, 58.0), 28.0, 68.0), glute=True, arrows=(tuck,)),
        Frame(_split((50.0, 60.0), 28.0, 68.0), flexor="near",
              arrows=(straight((57.0, 47.0), (70.0, 47.0)),)),
    )


def _half_kneel(knee_x: float, lean: float) -> Pose:
    """Back (near) knee on the floor, the hip `lean` units ahead of it; front foot flat."""
    knee = (knee_x, FLOOR - LEG_W / 2)
    hip = (knee_x + lean, knee[1] - math.sqrt(THIGH * THIGH - lean * lean))
    back = angles(direction(hip, knee), -90.0, foot=-90.0)
    front = reach(on_floor(knee_x + THIGH + 3.0), KNEE_BEND)
    hands = _hands_on_hips(hip)
    return Pose(hip, 180.0, back, front, hands, hands)


def kneeling_hip_flexor() -> tuple[Frame, ...]:
    return (
        Frame(_half_kneel(42.0, 0.0), arrows=(curved((42.0, 68.0), 11.0, -135.0, -35.0),),
              glute=True),
        Frame(_half_kneel(42.0, 7.0), flexor="near",
              arrows=(straight((57.0, 57.0), (70.0, 57.0)),)),
    )


# -- activation ------------------------------------------------------------------------------
def _sitting_tall(arms: Limb) -> Pose:
    hip = seated_hip(CHAIR, 8.0)
    near, far = _legs(on_floor(CHAIR.x + 9.0))
    return Pose(hip, 180.0, near, far, arms, arms)


def seated_squeeze_check() -> tuple[Frame, ...]:
    hands = reach((CHAIR.x + 2.0, seated_hip(CHAIR, 0)[1] - 4.0), BACK)
    sitting = _sitting_tall(hands)
    return (Frame(sitting, CHAIR), Frame(sitting, CHAIR, glute=True))


def _standing_squeeze() -> Pose:
    return _standing(50.0, _hands_on_hips((50.0, STAND_HIP_Y)))


def standing_glute_squeeze() -> tuple[Frame, ...]:
    tuck = curved((50.0, STAND_HIP_Y), 12.0, -140.0, -30.0)
    return (Frame(_standing_squeeze()),
            Frame(_standing_squeeze(), glute=True, arrows=(tuck,)))


def _behind_chair(lift: float) -> tuple[Pose, Chair]:
    """Hands on the backrest, the near leg swung `lift` degrees back behind the body line; the
    upper body tips forward a little with it (`LEAN_PER_LIFT`), as it does over a chair."""
    chair = Chair(76.0)
    hip = (44.0, STAND_HIP_Y)
    hands = reach(chair_back_top(chair), DOWN)
    standing = reach(on_floor(45.0), KNEE_BEND)
    lean = lift * LEAN_PER_LIFT
    swing = lift + lean  # from straight down
    # A straight leg; the foot flexed, heel leading back.
    lifted = angles(-swing, -swing, foot=115.0 - swing) if lift else standing
    return Pose(hip, 180.0 - lean, lifted, standing, hands, hands), chair


LEAN_PER_LIFT = 0.3
HIP_EXTENSION = 38.0  # degrees behind the body: clearly off the floor at 48 px


def standing_hip_extension() -> tuple[Frame, ...]:
    still, chair = _behind_chair(0.0)
    back, _ = _behind_chair(HIP_EXTENSION)
    swing = HIP_EXTENSION * (1 + LEAN_PER_LIFT)
    # In the open angle between the legs, pushing the lifted one back and up.
    return (Frame(still, chair),
            Frame(back, chair, glute=True,
                  arrows=(curved((44.0, STAND_HIP_Y), 31.0, -11.0, -(swing - 8.0)),)))


HIP_ABDUCTION = 42.0  # degrees out to the side: clearly off the floor at 48 px


def _front_standing(lift: float) -> Pose:
    hip = (50.0, STAND_HIP_Y)
    near = angles(lift, lift) if lift else reach(on_floor(55.0), FORWARD)
    far = reach(on_floor(45.0), BACK, foot=-90.0)
    return Pose(hip, 180.0, near, far, reach((57.0, STAND_HIP_Y - 3.0), FORWARD),
                reach((43.0, STAND_HIP_Y - 3.0), BACK), front=True)


def standing_hip_abduction() -> tuple[Frame, ...]:
    # In the open angle between the legs, pushing the lifted one out and up.
    return (Frame(_front_standing(0.0)),
            Frame(_front_standing(HIP_ABDUCTION), glute=True,
                  arrows=(curved((54.0, STAND_HIP_Y), 31.0, 7.0, HIP_ABDUCTION - 8.0),)))


def bodyweight_squat() -> tuple[Frame, ...]:
    low = _squat((40.0, 66.0), 54.0, 138.0)
    return (
        Frame(_standing(50.0, REACH_OUT), arrows=(straight((36.0, 40.0), (36.0, 54.0)),)),
        Frame(low, glute=True),
        Frame(_standing(50.0, REACH_OUT), glute=True,
              arrows=(straight((36.0, 54.0), (36.0, 40.0)),)),
    )


_ = toward  # re-exported for drawings that need a direction by angle

DRAWINGS: dict[str, Callable[[], tuple[Frame, ...]]] = {
    "glute_rise": glute_rise,
    "tempo_rise": tempo_rise,
    "squat_to_chair": squat_to_chair,
    "hip_flexor_break": hip_flexor_break,
    "kneeling_hip_flexor": kneeling_hip_flexor,
    "seated_squeeze_check": seated_squeeze_check,
    "leg_lift_check": leg_lift_check,
    "standing_glute_squeeze": standing_glute_squeeze,
    "standing_hip_extension": standing_hip_extension,
    "standing_hip_abduction": standing_hip_abduction,
    "side_lying_abduction": side_lying_abduction,
    "single_leg_bridge": single_leg_bridge,
    "bodyweight_squat": bodyweight_squat,
}

# The one frame a notification shows (daemons draw it at icon size, 32–64 px): the frame that
# best shows the movement, with its arrow and the working muscle. An index into the drawing's
# frames; the squats' key frame is the low position with the way back up, which no strip frame
# shows on its own.
KEY_FRAMES: dict[str, int | Callable[[], Frame]] = {
    "glute_rise": 1,
    "tempo_rise": 1,
    "squat_to_chair": lambda: replace(squat_to_chair()[1], arrows=(
        straight((24.0, 64.0), (24.0, 48.0)),)),
    "hip_flexor_break": 2,
    "kneeling_hip_flexor": 1,
    "seated_squeeze_check": 1,
    "leg_lift_check": 1,
    "standing_glute_squeeze": 1,
    "standing_hip_extension": 1,
    "standing_hip_abduction": 1,
    "side_lying_abduction": 1,
    "single_leg_bridge": 1,
    "bodyweight_squat": lambda: replace(bodyweight_squat()[1], arrows=(
        straight((24.0, 66.0), (24.0, 50.0)),)),
}


def key_frame(exercise_id: str) -> Frame:
    """The frame of `exercise_id` that stands for the whole movement (see `KEY_FRAMES`)."""
    key = KEY_FRAMES[exercise_id]
    return DRAWINGS[exercise_id]()[key] if isinstance(key, int) else key()
