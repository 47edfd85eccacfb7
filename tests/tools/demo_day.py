#!/usr/bin/env python3
"""Logs a short demo shooting day on a running slated, then makes the camera card it shot.

usage: demo_day.py SERVER_URL TOKEN_FILE INCOMING_DIR [--work DIR]

Rolls and cuts two takes on the first scene's setups A and B through the API (a few seconds each,
timed by the box's clock as on set), reads their time-of-day timecodes, and makes an ARRI-style
card of real clips (tests/tools/make_media_card.py) whose timecodes fall inside those takes, at the
project's rate. The card is moved into INCOMING_DIR (a watch folder), so slated offloads it, probes
the clips, and attaches each to its take. Does nothing if the day already has takes.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tests", "tools", "make_media_card.py")
NOMINAL = {"23.976": 24, "24": 24, "25": 25, "29.97": 30, "30": 30, "48": 48, "50": 50,
           "59.94": 60, "60": 60}


def call(server, token, method, path, body=None):
    request = urllib.request.Request(server + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def frames(timecode, rate):
    # Non-drop counting: the demo project runs at 23.976, where timecode has no dropped numbers.
    hours, minutes, seconds, frame = (int(part) for part in timecode.replace(";", ":").split(":"))
    return ((hours * 60 + minutes) * 60 + seconds) * NOMINAL[rate] + frame


def timecode(count, rate):
    fps = NOMINAL[rate]
    seconds, frame = divmod(count, fps)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours % 24:02d}:{minutes:02d}:{seconds:02d}:{frame:02d}"


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    server, token_file, incoming = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    with open(token_file) as file:
        token = file.read().strip()
    if call(server, token, "GET", "/api/v1/takes")["takes"]:
        return 0
    project = call(server, token, "GET", "/api/v1/project")["project"]
    rate = project["fps"]
    if rate not in ("23.976", "24", "25", "30", "48", "50", "60"):
        print(f"demo_day: the demo needs a non-drop rate, not {rate}", file=sys.stderr)
        return 2
    setups = call(server, token, "GET", "/api/v1/scenes")["scenes"][0]["setups"][:2]
    takes = []
    for setup in setups:
        take = call(server, token, "POST", f"/api/v1/setups/{setup['id']}/roll", {})
        time.sleep(5)
        takes.append(call(server, token, "POST", f"/api/v1/takes/{take['id']}/cut"))
        time.sleep(1)
    fps = NOMINAL[rate]
    clip_frames = 3 * fps
    # Each clip starts half a second after its take rolled, as a camera does once speed is called.
    first = frames(takes[0]["roll_tc"], rate) + fps // 2
    second = frames(takes[1]["roll_tc"], rate) + fps // 2
    gap = second - first - clip_frames
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["/usr/bin/python3", TOOL, os.path.join(work, "card"), "--layout", "arri",
                        "--roll", "A002", "--clips", "2", "--frames", str(clip_frames),
                        "--gap-frames", str(gap), "--rate", rate, "--start-tc",
                        timecode(first, rate), "--size", "1280x720", "--seed", "2"],
                       check=True, stdout=subprocess.DEVNULL)
        card = os.path.join(work, "card", os.listdir(os.path.join(work, "card"))[0])
        shutil.move(card, os.path.join(incoming, os.path.basename(card)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
