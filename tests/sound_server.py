"""A real PulseAudio server inside a private test session, with a stand-in microphone.

The server lives in the session's own XDG_RUNTIME_DIR and HOME (so `pactl` run with the
session's environment, as the app runs it, talks to this server and no other). It has a null
source ("nudge-mic": a microphone that hears silence) and a null sink whose monitor source
("nudge-speakers.monitor") is what a screen recorder captures. `record()` starts `parecord`
on one of them: a real capture stream, as a call app has while the microphone is on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping

import pytest
from waiting import wait_for

TOOLS = ("pulseaudio", "pactl", "parecord")
APT_PACKAGES = "pulseaudio pulseaudio-utils"
MICROPHONE = "nudge-mic"
SPEAKERS_MONITOR = "nudge-speakers.monitor"


def require_tools() -> None:
    """Skip with the reason when PulseAudio is missing here; in CI (CI=true), fail instead:
    there the packages are installed, so a missing one is a broken set-up, not a choice."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    why = f"needs {', '.join(missing)} (apt packages: {APT_PACKAGES})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{why}; CI must have them")
    pytest.skip(why)


class SoundServer:
    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = dict(env)
        self.recorders: list[subprocess.Popen[bytes]] = []
        self.process = subprocess.Popen(
            ["pulseaudio", "--daemonize=no", "--use-pid-file=no", "--exit-idle-time=-1",
             "--disallow-exit", "-n",  # no default.pa: no real sound cards, only ours
             "-L", "module-native-protocol-unix",
             "-L", f"module-null-source source_name={MICROPHONE}",
             "-L", "module-null-sink sink_name=nudge-speakers"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._up, timeout=10, what="the PulseAudio server")

    def _up(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"pulseaudio exited with status {self.process.returncode}")
        return self.pactl("info").returncode == 0

    def pactl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pactl", *args], env={**self.env, "LC_ALL": "C"},
                              capture_output=True, text=True, timeout=10)

    def record(self, source: str, app_name: str) -> subprocess.Popen[bytes]:
        """A capture stream from `source` by an app called `app_name`, until `stop()`."""
        recorder = subprocess.Popen(
            ["parecord", f"--device={source}", f"--client-name={app_name}", "--raw",
             os.devnull], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.recorders.append(recorder)
        wait_for(lambda: f'application.name = "{app_name}"' in
                 self.pactl("list", "source-outputs").stdout,
                 timeout=10, what=f"{app_name}'s capture stream")
        return recorder

    def stop(self, recorder: subprocess.Popen[bytes]) -> None:
        recorder.terminate()
        recorder.wait(5)
        self.recorders.remove(recorder)

    def close(self) -> None:
        for recorder in list(self.recorders):
            self.stop(recorder)
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
