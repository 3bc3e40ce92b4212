"""Smoke loop for a real desktop: `python -m nudge.activity` prints the choice, then readings.

Main thread of its own process; the resume line is printed from the nudge-dbus thread."""

from __future__ import annotations

import logging
import time

from nudge.activity import pick_activity_source


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    choice = pick_activity_source(on_resume=lambda: print("resumed from suspend"))
    for name, why in choice.tried:
        print(f"  {name:8} {why}")
    print(f"using {choice.source.name}: {choice.reason}")
    try:
        while True:
            print(choice.source.read(), flush=True)
            time.sleep(2)
    except KeyboardInterrupt:
        pass
    finally:
        choice.source.close()


if __name__ == "__main__":
    main()
