#!/usr/bin/env python3
"""Makes a synthetic camera card folder for tests, the demo and benchmarks.

usage: make_card.py OUT [--clips N] [--clip-size BYTES] [--sidecars N] [--seed S]

OUT's folder name is the card's name (an ARRI reel folder such as A001R1AB gives roll A001).
Clips are named as an ARRI camera names them (A001C001_261123_R1AB.mov) under Clips/, with a
sidecar text file per clip and a few small files at the root. The bytes are deterministic for a seed.
Camera-accurate media (real video with timecode) is made by the media tools; these are for size.
"""
import argparse
import os
import random
import re
import sys


def parse_size(text: str) -> int:
    match = re.fullmatch(r"(\d+)([KMG]?)", text.upper())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 512K, 64M or 2G")
    return int(match.group(1)) * {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}[match.group(2)]


def write_random(path: str, size: int, rng: random.Random) -> None:
    chunk = 4 * 1024 * 1024
    with open(path, "wb") as out:
        left = size
        while left > 0:
            n = min(chunk, left)
            out.write(rng.randbytes(n))
            left -= n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--clips", type=int, default=3)
    parser.add_argument("--clip-size", type=parse_size, default=parse_size("8M"))
    parser.add_argument("--sidecars", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    name = os.path.basename(os.path.normpath(args.out))
    reel = name[:4] if re.match(r"[A-Z]\d{3}", name) else "A001"
    suffix = name[-4:] if len(name) >= 8 else "R1AB"
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "Clips"), exist_ok=True)
    for index in range(1, args.clips + 1):
        clip = f"{reel}C{index:03d}_261123_{suffix}"
        write_random(os.path.join(args.out, "Clips", clip + ".mov"), args.clip_size, rng)
        with open(os.path.join(args.out, "Clips", clip + ".xml"), "w", encoding="utf-8") as xml:
            xml.write(f'<?xml version="1.0"?>\n<clip name="{clip}" reel="{reel}"/>\n')
    for index in range(args.sidecars):
        with open(os.path.join(args.out, f"Sidecar_{index + 1}.txt"), "w", encoding="utf-8") as out:
            out.write(f"reel {name}\nsidecar {index + 1}\n")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
