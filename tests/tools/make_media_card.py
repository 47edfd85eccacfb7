#!/usr/bin/env python3
"""Builds a synthetic camera card folder with real media (made by GStreamer) for tests, the demo
and benchmarks.

usage: make_media_card.py OUT_DIR [--layout arri|sony|bmd|generic] [--roll A001] [--clips 3]
           [--rate 23.976|24|25|29.97|29.97df|30|48|50|59.94|59.94df|60] [--start-tc 01:00:00:00]
           [--frames 48] [--gap-frames 240] [--codec prores|h264] [--size 1920x1080]
           [--audio/--no-audio] [--seed 1] [--date 2026-11-27] [--filler SIZE ...] [--json]
           [--prores-encoder aw|ks] [--check]

Each clip is a QuickTime file (qtmux) holding a colour-bars video track (videotestsrc; ProRes
422 'apcn' via avenc_prores_aw, or avenc_prores_ks with --prores-encoder ks, which is ~13x slower;
or H.264 via x264enc ultrafast), a 48 kHz stereo sine (PCM, or AAC for H.264 but Sony) that
ends with the video, and a QuickTime `tmcd` timecode track from timecodestamper. Clip i starts at
--start-tc + i * (--frames + --gap-frames) frames, counted at --rate (drop-frame aware for
29.97df and 59.94df; a start timecode written with ';' is read as drop-frame and needs a df rate).

Layouts (how the card's camera names things; YYMMDD is --date):
  arri     OUT/<ROLL>R<ID>/<ROLL>C<NNN>_<YYMMDD>_R<ID>.mov          (ID: 3 chars from --seed)
  sony     OUT/PRIVATE/M4ROOT/CLIP/C<NNNN>.MP4 + C<NNNN>M01.XML (LtcChangeTable),
           OUT/PRIVATE/M4ROOT/MEDIAPRO.XML                          (H.264 by default)
  bmd      OUT/<ROLL>_<MMDDHHMM>_C<NNN>.mov + <stem>.sidecar (JSON; HHMM from the clip's timecode)
  generic  OUT/DCIM/100SLATE/IMG_<NNNN>.MOV                         (H.264 by default)
--codec defaults to prores for arri and bmd, h264 for sony and generic.

--filler SIZE (repeatable; 512K, 100M, 1G) adds files of seeded pseudo-random bytes
(filler_01.bin, ...) next to the clips. --json prints a description of the card on stdout:
  {"layout", "roll", "rate", "drop_frame", "clips": [{"path", "start_tc", "end_tc", "frames",
   "width", "height", "codec", "audio_channels", "audio_rate", ...}], "fillers": [...]}
--check probes every clip with `mediainfo --Output=JSON` afterwards (first-frame timecode,
drop-frame flag, frame rate, frame count, size, audio) and exits 1 on any mismatch.
Bad arguments (an unknown rate, 25:00:00:00, ;00 at a dropped minute, ...) exit 2 with a message.
The same arguments always give the same names, timecodes and durations (and, in practice, bytes).
"""
import argparse
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys

# ---------------------------------------------------------------------------------------------
# Rates and timecode


class Rate:
    """A frame rate as the card names it: exact fraction, frames per timecode second, drop-frame."""

    def __init__(self, name, num, den, nominal, drop_frame):
        self.name = name            # "29.97" (without "df")
        self.num = num              # 30000
        self.den = den              # 1001
        self.nominal = nominal      # 30
        self.drop_frame = drop_frame

    @property
    def fps(self):
        return self.num / self.den

    @property
    def dropped(self):
        """Frame numbers dropped at the start of each minute but every tenth (2 or 4)."""
        return self.nominal // 15 if self.drop_frame else 0

    def frames_per_day(self):
        if not self.drop_frame:
            return self.nominal * 86400
        per_10min = self.nominal * 600 - 9 * self.dropped
        return per_10min * 144


RATES = {
    "23.976": (24000, 1001, 24), "24": (24, 1, 24), "25": (25, 1, 25),
    "29.97": (30000, 1001, 30), "30": (30, 1, 30), "48": (48, 1, 48), "50": (50, 1, 50),
    "59.94": (60000, 1001, 60), "60": (60, 1, 60),
}
RATE_ALIASES = {"23.98": "23.976", "24000/1001": "23.976", "30000/1001": "29.97",
                "60000/1001": "59.94"}


class UsageError(Exception):
    pass


def parse_rate(text):
    t = text.strip().lower()
    df = False
    for suffix in ("df", "dfr", "-df", "_df"):
        if t.endswith(suffix) and t[: -len(suffix)].rstrip("-_ ") in list(RATES) + list(RATE_ALIASES):
            t, df = t[: -len(suffix)].rstrip("-_ "), True
            break
    t = RATE_ALIASES.get(t, t)
    if t.endswith("/1"):
        t = t[:-2]
    if t not in RATES:
        raise UsageError(f"--rate {text!r}: not a rate; use one of "
                         "23.976, 24, 25, 29.97, 29.97df, 30, 48, 50, 59.94, 59.94df, 60")
    num, den, nominal = RATES[t]
    if df and t not in ("29.97", "59.94"):
        raise UsageError(f"--rate {text!r}: drop-frame exists only at 29.97 and 59.94")
    return Rate(t, num, den, nominal, df)


class Timecode:
    """A frame count since midnight at a rate; formats as HH:MM:SS:FF or HH:MM:SS;FF (DF)."""

    def __init__(self, frames, rate):
        self.rate = rate
        self.frames = frames % rate.frames_per_day()

    @classmethod
    def parse(cls, text, rate):
        m = re.fullmatch(r"(\d{1,2})([:;.,])(\d{2})([:;.,])(\d{2})([:;.,])(\d{2,3})", text.strip())
        if not m:
            raise UsageError(f"--start-tc {text!r}: not a timecode such as 01:00:00:00 "
                             "(or 01:00:00;00 for drop-frame)")
        h, mi, s, f = (int(m.group(i)) for i in (1, 3, 5, 7))
        df_sep = any(m.group(i) in ";.," for i in (2, 4, 6))
        if df_sep and not rate.drop_frame:
            raise UsageError(f"--start-tc {text!r}: ';' marks drop-frame, but --rate "
                             f"{rate.name} is not a drop-frame rate (use --rate "
                             f"{rate.name}df{'' if rate.name in ('29.97', '59.94') else ', 29.97df or 59.94df'})")
        if h > 23:
            raise UsageError(f"--start-tc {text!r}: hours must be 00 to 23")
        if mi > 59:
            raise UsageError(f"--start-tc {text!r}: minutes must be 00 to 59")
        if s > 59:
            raise UsageError(f"--start-tc {text!r}: seconds must be 00 to 59")
        if f >= rate.nominal:
            raise UsageError(f"--start-tc {text!r}: frames must be 00 to {rate.nominal - 1:02d} "
                             f"at {rate.name}")
        if rate.drop_frame and s == 0 and mi % 10 != 0 and f < rate.dropped:
            raise UsageError(f"--start-tc {text!r}: frames 00 to {rate.dropped - 1:02d} of minute "
                             f"{mi:02d} do not exist in drop-frame (they are dropped every minute "
                             "but each tenth)")
        return cls.from_parts(h, mi, s, f, rate)

    @classmethod
    def from_parts(cls, h, mi, s, f, rate):
        total_minutes = h * 60 + mi
        frames = (total_minutes * 60 + s) * rate.nominal + f
        if rate.drop_frame:
            frames -= rate.dropped * (total_minutes - total_minutes // 10)
        return cls(frames, rate)

    def parts(self):
        n, r = self.frames, self.rate
        if r.drop_frame:
            d = r.dropped
            per_10min = r.nominal * 600 - 9 * d
            per_min = r.nominal * 60 - d
            tens, rem = divmod(n, per_10min)
            if rem >= d:
                n += 9 * d * tens + d * ((rem - d) // per_min)
            else:
                n += 9 * d * tens
        f = n % r.nominal
        s = (n // r.nominal) % 60
        mi = (n // (r.nominal * 60)) % 60
        h = n // (r.nominal * 3600) % 24
        return h, mi, s, f

    def __add__(self, frames):
        return Timecode(self.frames + frames, self.rate)

    def __str__(self):
        h, mi, s, f = self.parts()
        return f"{h:02d}:{mi:02d}:{s:02d}{';' if self.rate.drop_frame else ':'}{f:02d}"


# ---------------------------------------------------------------------------------------------
# Arguments


def parse_size(text):
    m = re.fullmatch(r"(\d+)\s*([KMGT]?)I?B?", text.strip().upper())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 512K, 100M or 1G")
    return int(m.group(1)) * 1024 ** "_KMGT".index(m.group(2) or "_")


def parse_frame_size(text):
    m = re.fullmatch(r"(\d+)[xX](\d+)", text.strip())
    if not m or int(m.group(1)) < 16 or int(m.group(2)) < 16:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 1920x1080 (16x16 at least)")
    w, h = int(m.group(1)), int(m.group(2))
    if w % 2 or h % 2:
        raise argparse.ArgumentTypeError(f"{text!r}: width and height must be even")
    return w, h


def parse_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-11-27") from None


def positive(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return v


def non_negative(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be 0 or more")
    return v


class Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 with a clear message, as argparse does, minus the noise
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.exit(2)


def build_parser():
    p = Parser(prog="make_media_card.py", description=__doc__.split("\n\nusage:")[0],
               epilog=__doc__.split("\n\n", 2)[2],
               formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", metavar="OUT_DIR")
    p.add_argument("--layout", choices=("arri", "sony", "bmd", "generic"), default="arri")
    p.add_argument("--roll", default="A001", help="roll / reel name, a letter and 3 digits")
    p.add_argument("--clips", type=positive, default=3)
    p.add_argument("--rate", default="23.976",
                   help="23.976, 24, 25, 29.97, 29.97df, 30, 48, 50, 59.94, 59.94df, 60")
    p.add_argument("--start-tc", default="01:00:00:00", metavar="TC",
                   help="first clip's timecode, HH:MM:SS:FF (HH:MM:SS;FF at a df rate)")
    p.add_argument("--frames", type=positive, default=48)
    p.add_argument("--gap-frames", type=non_negative, default=240)
    p.add_argument("--codec", choices=("prores", "h264"), default=None)
    p.add_argument("--size", type=parse_frame_size, default=(1920, 1080), metavar="WxH")
    p.add_argument("--prores-encoder", choices=("aw", "ks"), default="aw",
                   help="FFmpeg ProRes encoder: aw (fast, default) or ks (slow; ~7 s for 48 "
                        "frames of 1080p on 2 cores)")
    p.add_argument("--audio", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--date", type=parse_date, default=datetime.date(2026, 11, 27))
    p.add_argument("--filler", type=parse_size, action="append", default=[], metavar="SIZE")
    p.add_argument("--json", action="store_true", help="print a JSON description on stdout")
    p.add_argument("--check", action="store_true",
                   help="verify every clip with mediainfo; exit 1 on a mismatch")
    return p


# ---------------------------------------------------------------------------------------------
# Card plan: names, timecodes (no media yet)


def reel_id(seed):
    rng = random.Random(f"slate-reel-{seed}")
    return rng.choice("123456789") + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(2))


def plan_card(args, rate, start):
    yymmdd = args.date.strftime("%y%m%d")
    clips = []
    rid = reel_id(args.seed)
    codec = args.codec or ("prores" if args.layout in ("arri", "bmd") else "h264")
    if args.layout == "arri":
        folder = f"{args.roll}R{rid}"
    elif args.layout == "sony":
        folder = "PRIVATE/M4ROOT/CLIP"
    elif args.layout == "bmd":
        folder = ""
    else:
        folder = "DCIM/100SLATE"
    for i in range(args.clips):
        tc = start + i * (args.frames + args.gap_frames)
        n = i + 1
        h, mi, _, _ = tc.parts()
        if args.layout == "arri":
            name = f"{args.roll}C{n:03d}_{yymmdd}_R{rid}.mov"
        elif args.layout == "sony":
            name = f"C{n:04d}.MP4"
        elif args.layout == "bmd":
            name = f"{args.roll}_{args.date.strftime('%m%d')}{h:02d}{mi:02d}_C{n:03d}.mov"
        else:
            name = f"IMG_{n:04d}.MOV"
        clips.append({
            "path": f"{folder}/{name}" if folder else name,
            "start_tc": str(tc),
            "end_tc": str(tc + (args.frames - 1)),
            "start_frame": tc.frames,
            "frames": args.frames,
            "width": args.size[0],
            "height": args.size[1],
            "codec": codec,
            "audio_channels": 2 if args.audio else 0,
            "audio_rate": 48000 if args.audio else 0,
            "audio_codec": (("pcm" if codec == "prores" or args.layout == "sony" else "aac")
                            if args.audio else None),
            "pattern": PATTERNS[i % len(PATTERNS)],
        })
    return folder, codec, rid, clips


# Colourful videotestsrc patterns (never black); the first clip is always SMPTE bars. Each
# scrolls sideways (horizontal-speed) so frames differ, as a camera's would.
PATTERNS = ["smpte", "smpte75", "colors", "smpte-rp-219", "smpte100"]

# ---------------------------------------------------------------------------------------------
# Media (GStreamer)

_gst = None


def gst():
    global _gst
    if _gst is None:
        import gi
        gi.require_version("Gst", "1.0")
        gi.require_version("GstVideo", "1.0")
        from gi.repository import GLib, Gst, GstVideo
        Gst.init(None)
        _gst = (Gst, GstVideo, GLib)
    return _gst


def audio_plan(frames, rate):
    """(samplesperbuffer, num_buffers) for exactly round(48000 * duration) samples."""
    total = round(48000 * frames * rate.den / rate.num)
    best = None
    for spb in range(1024, 4801):
        if total % spb == 0:
            best = spb
            break
    if best is None:
        for spb in range(4801, 16385):
            if total % spb == 0:
                best = spb
                break
    if best is None:
        best = total  # one buffer
    return best, total // best


def make_clip(path, clip, rate, args, seed):
    Gst, GstVideo, GLib = gst()
    w, h = clip["width"], clip["height"]
    if clip["codec"] == "prores":
        vfmt = "I422_10LE"
        if args.prores_encoder == "ks":
            enc = "avenc_prores_ks name=venc profile=standard threads=0"
        else:  # prores_aw: also ProRes 422 (apcn), about 13x faster than prores_ks at 1080p
            enc = "avenc_prores_aw name=venc threads=0"
    else:
        vfmt = "I420"
        enc = ("x264enc name=venc speed-preset=ultrafast threads=2 key-int-max=%d "
               "bframes=0" % max(1, rate.nominal))
    pattern = clip["pattern"]
    speed = max(1, w // 160)
    desc = (f"videotestsrc name=vsrc num-buffers={clip['frames']} pattern={pattern} "
            f"horizontal-speed={speed} "
            f"! video/x-raw,format={vfmt},width={w},height={h},framerate={rate.num}/{rate.den},"
            f"pixel-aspect-ratio=1/1,interlace-mode=progressive "
            f"! timecodestamper name=tcs ! {enc} ! queue ! qtmux name=mux "
            f"! filesink name=sink")
    if args.audio:
        spb, nbuf = audio_plan(clip["frames"], rate)
        freq = 440 + 110 * (seed % 7)
        if clip["audio_codec"] == "aac":
            aenc = "audioconvert ! audio/x-raw,format=F32LE ! avenc_aac bitrate=128000 ! aacparse"
        else:
            aenc = "audioconvert ! audio/x-raw,format=S24LE,rate=48000,channels=2,layout=interleaved"
            if args.layout == "sony":
                aenc = "audioconvert ! audio/x-raw,format=S16LE,rate=48000,channels=2,layout=interleaved"
        desc += (f" audiotestsrc name=asrc wave=sine freq={freq} volume=0.25 "
                 f"samplesperbuffer={spb} num-buffers={nbuf} "
                 f"! audio/x-raw,format=S16LE,rate=48000,channels=2,layout=interleaved "
                 f"! {aenc} ! queue ! mux.")
    pipeline = Gst.parse_launch(desc)
    pipeline.get_by_name("sink").set_property("location", path)
    tcs = pipeline.get_by_name("tcs")
    hh, mm, ss, ff = Timecode(clip["start_frame"], rate).parts()
    flags = (GstVideo.VideoTimeCodeFlags.DROP_FRAME if rate.drop_frame
             else GstVideo.VideoTimeCodeFlags.NONE)
    jam = GLib.DateTime.new_utc(args.date.year, args.date.month, args.date.day, 0, 0, 0)
    vtc = GstVideo.VideoTimeCode.new(rate.num, rate.den, jam, flags, hh, mm, ss, ff, 0)
    tcs.set_property("source", "internal")
    tcs.set_property("set", "always")
    tcs.set_property("drop-frame", rate.drop_frame)
    tcs.set_property("set-internal-timecode", vtc)
    mux = pipeline.get_by_name("mux")
    # The card's date as the recording date (udta ©day); mvhd/tkhd/mdhd are set afterwards.
    tags = Gst.TagList.new_empty()
    tags.add_value(Gst.TagMergeMode.REPLACE, Gst.TAG_DATE_TIME,
                   Gst.DateTime.new(0.0, args.date.year, args.date.month, args.date.day, 12, 0, 0))
    mux.merge_tags(tags, Gst.TagMergeMode.REPLACE)

    bus = pipeline.get_bus()
    if pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
        pipeline.set_state(Gst.State.NULL)
        raise RuntimeError(f"{path}: the pipeline would not start: {desc}")
    error = None
    while True:
        msg = bus.timed_pop_filtered(Gst.CLOCK_TIME_NONE,
                                     Gst.MessageType.EOS | Gst.MessageType.ERROR)
        if msg.type == Gst.MessageType.ERROR:
            err, dbg = msg.parse_error()
            error = f"{msg.src.get_name()}: {err.message} ({dbg})"
        break
    pipeline.set_state(Gst.State.NULL)
    if error:
        raise RuntimeError(f"{path}: GStreamer failed: {error}")
    set_quicktime_dates(path, datetime.datetime(args.date.year, args.date.month, args.date.day,
                                                12, 0, 0, tzinfo=datetime.timezone.utc))


def set_quicktime_dates(path, when):
    """qtmux stamps mvhd/tkhd/mdhd with the wall clock; rewrite them to `when` (a datetime in
    UTC) so the same arguments give byte-identical files."""
    qt_time = int((when - datetime.datetime(1904, 1, 1, tzinfo=datetime.timezone.utc))
                  .total_seconds())
    containers = {b"moov", b"trak", b"mdia"}
    stamped = {b"mvhd", b"tkhd", b"mdhd"}
    with open(path, "r+b") as f:
        size_total = os.fstat(f.fileno()).st_size

        def walk(start, end):
            pos = start
            while pos + 8 <= end:
                f.seek(pos)
                header = f.read(16)
                size = int.from_bytes(header[0:4], "big")
                kind = header[4:8]
                head = 8
                if size == 1:
                    size, head = int.from_bytes(header[8:16], "big"), 16
                elif size == 0:
                    size = end - pos
                if size < head or pos + size > end:
                    return
                if kind in containers:
                    walk(pos + head, pos + size)
                elif kind in stamped:
                    f.seek(pos + head)
                    version = f.read(1)[0]
                    f.seek(pos + head + 4)
                    if version == 1:
                        f.write(qt_time.to_bytes(8, "big") * 2)
                    else:
                        f.write((qt_time & 0xFFFFFFFF).to_bytes(4, "big") * 2)
                pos += size

        walk(0, size_total)


# ---------------------------------------------------------------------------------------------
# Sidecars


def sony_ltc_value(tc):
    """Sony's LtcChange value: BCD bytes frames, seconds, minutes, hours (DF flag in frames)."""
    h, mi, s, f = tc.parts()
    bcd = lambda v: (v // 10) << 4 | (v % 10)  # noqa: E731
    ff = bcd(f) | (0x40 if tc.rate.drop_frame else 0)
    return f"{ff:02X}{bcd(s):02X}{bcd(mi):02X}{bcd(h):02X}"


def sony_fps_name(rate):
    name = {"23.976": "23.98", "29.97": "29.97", "59.94": "59.94"}.get(rate.name, rate.name)
    return name + "p"


def sony_umid(seed, index):
    rng = random.Random(f"slate-umid-{seed}-{index}")
    return "060A2B340101010501010D4313000000" + "".join(rng.choice("0123456789ABCDEF")
                                                         for _ in range(32))


def write_sony_clip_xml(path, clip, rate, args, index):
    start = Timecode(clip["start_frame"], rate)
    end = start + (clip["frames"] - 1)
    stamp = f"{args.date.isoformat()}T{start.parts()[0]:02d}:{start.parts()[1]:02d}:00Z"
    codec = ("AVC_%d_%d_HP@L42" % (clip["width"], clip["height"]) if clip["codec"] == "h264"
             else "PRORES_422")
    audio = ""
    if clip["audio_channels"]:
        audio = ("\t<AudioFormat numOfChannel=\"2\">\n"
                 "\t\t<AudioRecPort port=\"DIRECT\" audioCodec=\"LPCM16\" trackDst=\"CH1\"/>\n"
                 "\t\t<AudioRecPort port=\"DIRECT\" audioCodec=\"LPCM16\" trackDst=\"CH2\"/>\n"
                 "\t</AudioFormat>\n")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<NonRealTimeMeta xmlns="urn:schemas-professionalDisc:nonRealTimeMeta:ver.2.00" '
        f'lastUpdate="{stamp}">\n'
        f'\t<TargetMaterial umidRef="{sony_umid(args.seed, index)}"/>\n'
        f'\t<Duration value="{clip["frames"]}"/>\n'
        f'\t<LtcChangeTable tcFps="{rate.nominal}" halfStep="false">\n'
        f'\t\t<LtcChange frameCount="0" value="{sony_ltc_value(start)}" status="increment"/>\n'
        f'\t\t<LtcChange frameCount="{clip["frames"] - 1}" value="{sony_ltc_value(end)}" '
        'status="end"/>\n'
        '\t</LtcChangeTable>\n'
        f'\t<CreationDate value="{stamp}"/>\n'
        '\t<VideoFormat>\n'
        '\t\t<VideoRecPort port="DIRECT"/>\n'
        f'\t\t<VideoFrame videoCodec="{codec}" captureFps="{sony_fps_name(rate)}" '
        f'formatFps="{sony_fps_name(rate)}"/>\n'
        f'\t\t<VideoLayout pixel="{clip["width"]}" numOfVerticalLine="{clip["height"]}" '
        'aspectRatio="16:9"/>\n'
        '\t</VideoFormat>\n'
        f'{audio}'
        f'\t<Device manufacturer="Sony" modelName="ILME-FX6" serialNo="{1000000 + args.seed}"/>\n'
        '\t<RecordingMode type="normal" cacheRec="false"/>\n'
        '</NonRealTimeMeta>\n')
    with open(path, "w", encoding="utf-8") as f:
        f.write(xml)


def write_sony_mediapro(path, clips, rate, args):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<MediaProfile xmlns="http://xmlns.sony.net/pro/metadata/mediaprofile" '
             f'createdAt="{args.date.isoformat()}T00:00:00Z" version="2.00">',
             '\t<Properties>',
             '\t\t<System systemKind="XAVC S" systemName="Slate synthetic card"/>',
             f'\t\t<Attached mediaId="{sony_umid(args.seed, 0)[32:]}" mediaKind="MemoryCard" '
             f'mediaName="{args.roll}"/>',
             '\t</Properties>',
             '\t<Contents>']
    for i, clip in enumerate(clips, 1):
        stem = os.path.splitext(os.path.basename(clip["path"]))[0]
        lines.append(
            f'\t\t<Material uri="./CLIP/{stem}.MP4" type="MP4" '
            f'videoType="{"AVC" if clip["codec"] == "h264" else "PRORES"}" '
            f'audioType="{"LPCM16" if clip["audio_channels"] else "NONE"}" '
            f'fps="{sony_fps_name(rate)}" dur="{clip["frames"]}" ch="{clip["audio_channels"]}" '
            f'aspectRatio="16:9" offset="0" umid="{sony_umid(args.seed, i)}">')
        lines.append(f'\t\t\t<RelevantInfo uri="./CLIP/{stem}M01.XML" type="XML"/>')
        lines.append('\t\t</Material>')
    lines += ['\t</Contents>', '</MediaProfile>', '']
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def write_bmd_sidecar(path, clip, rate, args):
    data = {"camera": "Blackmagic synthetic", "reel": args.roll,
            "clip": os.path.basename(clip["path"]), "date": args.date.isoformat(),
            "start_tc": clip["start_tc"], "frames": clip["frames"],
            "rate": rate.name + ("df" if rate.drop_frame else ""), "codec": clip["codec"]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


def write_filler(path, size, seed):
    rng = random.Random(seed)
    chunk = 4 * 1024 * 1024
    with open(path, "wb") as out:
        left = size
        while left > 0:
            n = min(chunk, left)
            out.write(rng.randbytes(n))
            left -= n


# ---------------------------------------------------------------------------------------------
# Check with MediaInfo


def mediainfo_tracks(path):
    # --Full: plain JSON leaves TimeCode_DropFrame out (23.04 shows only Delay_DropFrame).
    out = subprocess.run(["mediainfo", "--Full", "--Output=JSON", path], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["media"]["track"]


def check_clip(path, clip, rate):
    """Problems (strings) where MediaInfo disagrees with the description; [] when all agree."""
    problems = []
    try:
        tracks = mediainfo_tracks(path)
    except (OSError, subprocess.CalledProcessError, ValueError, KeyError, TypeError) as e:
        return [f"mediainfo failed: {e}"]
    video = [t for t in tracks if t.get("@type") == "Video"]
    other = [t for t in tracks if t.get("@type") == "Other"]
    audio = [t for t in tracks if t.get("@type") == "Audio"]
    if len(video) != 1:
        return [f"{len(video)} video tracks"]
    v = video[0]
    tc = v.get("TimeCode_FirstFrame") or next(
        (o.get("TimeCode_FirstFrame") for o in other if o.get("TimeCode_FirstFrame")), None)
    if tc != clip["start_tc"]:
        problems.append(f"TimeCode_FirstFrame {tc!r} != {clip['start_tc']!r}")
    tc_tracks = [o for o in other if o.get("Type") == "Time code" or o.get("Format") == "QuickTime TC"]
    flag = next((o.get("TimeCode_DropFrame") for o in tc_tracks if o.get("TimeCode_DropFrame")),
                v.get("TimeCode_DropFrame") or v.get("Delay_DropFrame") or "No")
    if flag != ("Yes" if rate.drop_frame else "No"):
        problems.append(f"TimeCode_DropFrame {flag!r} but the card is "
                        f"{'drop' if rate.drop_frame else 'non-drop'}-frame")
    if not tc_tracks:
        problems.append("no QuickTime TC (tmcd) track")
    num, den = v.get("FrameRate_Num"), v.get("FrameRate_Den")
    if num and den:
        if int(num) * rate.den != int(den) * rate.num:
            problems.append(f"FrameRate {num}/{den} != {rate.num}/{rate.den}")
    else:
        fr = float(v.get("FrameRate", "nan"))
        if not abs(fr - rate.fps) < 0.0005:
            problems.append(f"FrameRate {v.get('FrameRate')!r} != {rate.fps:.3f}")
    if str(v.get("FrameCount")) != str(clip["frames"]):
        problems.append(f"FrameCount {v.get('FrameCount')!r} != {clip['frames']}")
    if (v.get("Width"), v.get("Height")) != (str(clip["width"]), str(clip["height"])):
        problems.append(f"size {v.get('Width')}x{v.get('Height')} != "
                        f"{clip['width']}x{clip['height']}")
    fmt = v.get("Format", "")
    want = "ProRes" if clip["codec"] == "prores" else "AVC"
    if fmt != want:
        problems.append(f"video Format {fmt!r} != {want!r}")
    if clip["audio_channels"]:
        if len(audio) != 1:
            problems.append(f"{len(audio)} audio tracks, expected 1")
        else:
            a = audio[0]
            if a.get("Channels") != "2" or a.get("SamplingRate") != "48000":
                problems.append(f"audio {a.get('Channels')} ch at {a.get('SamplingRate')} Hz")
            vd, ad = float(v.get("Duration", 0)), float(a.get("Duration", 0))
            if abs(vd - ad) > 0.05:
                problems.append(f"audio lasts {ad}s, video {vd}s")
    elif audio:
        problems.append(f"{len(audio)} audio tracks, expected none")
    return problems


# ---------------------------------------------------------------------------------------------


def reexec_with_system_python():
    """python3 on PATH may be a private build (pyenv, venv) without python3-gi: run again with
    the system interpreter, which has it (Debian's python3-gi and python3-gst-1.0)."""
    try:
        import gi  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("MAKE_MEDIA_CARD_REEXEC"):
        return
    for candidate in ("/usr/bin/python3", "/bin/python3"):
        if os.path.exists(candidate) and os.path.realpath(candidate) != os.path.realpath(sys.executable):
            os.environ["MAKE_MEDIA_CARD_REEXEC"] = "1"
            os.execv(candidate, [candidate, os.path.abspath(__file__)] + sys.argv[1:])


def main(argv=None):
    if argv is None:
        reexec_with_system_python()
    args = build_parser().parse_args(argv)
    try:
        rate = parse_rate(args.rate)
        start = Timecode.parse(args.start_tc, rate)
        if not re.fullmatch(r"[A-Za-z0-9]{1,8}", args.roll):
            raise UsageError(f"--roll {args.roll!r}: letters and digits only, such as A001")
    except UsageError as e:
        print(f"make_media_card.py: error: {e}", file=sys.stderr)
        return 2
    if shutil.which("mediainfo") is None and args.check:
        print("make_media_card.py: error: --check needs mediainfo", file=sys.stderr)
        return 2
    try:
        gst()
    except (ImportError, ValueError) as e:
        print(f"make_media_card.py: error: GStreamer via python3-gi is not available: {e}",
              file=sys.stderr)
        return 3

    folder, codec, rid, clips = plan_card(args, rate, start)
    out = args.out
    try:
        os.makedirs(os.path.join(out, folder) if folder else out, exist_ok=True)
        for i, clip in enumerate(clips):
            path = os.path.join(out, clip["path"])
            make_clip(path, clip, rate, args, args.seed * 1000 + i)
            stem = os.path.splitext(path)[0]
            if args.layout == "sony":
                write_sony_clip_xml(stem + "M01.XML", clip, rate, args, i + 1)
                clip["sidecar"] = os.path.splitext(clip["path"])[0] + "M01.XML"
            elif args.layout == "bmd":
                write_bmd_sidecar(stem + ".sidecar", clip, rate, args)
                clip["sidecar"] = os.path.splitext(clip["path"])[0] + ".sidecar"
        if args.layout == "sony":
            write_sony_mediapro(os.path.join(out, "PRIVATE/M4ROOT/MEDIAPRO.XML"), clips, rate, args)
        fillers = []
        for k, size in enumerate(args.filler, 1):
            filler_dir = "PRIVATE/M4ROOT" if args.layout == "sony" else folder
            rel = f"{filler_dir}/filler_{k:02d}.bin" if filler_dir else f"filler_{k:02d}.bin"
            write_filler(os.path.join(out, rel), size, f"slate-filler-{args.seed}-{k}")
            fillers.append({"path": rel, "size": size})
    except (RuntimeError, OSError) as e:
        print(f"make_media_card.py: error: {e}", file=sys.stderr)
        return 1

    # Deterministic file times: the card's date (noon UTC), a minute later clip by clip.
    base = datetime.datetime(args.date.year, args.date.month, args.date.day, 12, 0, 0,
                             tzinfo=datetime.timezone.utc).timestamp()
    for i, clip in enumerate(clips):
        t = base + 60 * i
        for rel in (clip["path"], clip.get("sidecar")):
            if rel:
                os.utime(os.path.join(out, rel), (t, t))
    t = base + 60 * len(clips)
    for rel in [f["path"] for f in fillers] + (["PRIVATE/M4ROOT/MEDIAPRO.XML"]
                                               if args.layout == "sony" else []):
        os.utime(os.path.join(out, rel), (t, t))

    status = 0
    if args.check:
        for clip in clips:
            problems = check_clip(os.path.join(out, clip["path"]), clip, rate)
            if problems:
                status = 1
                print(f"CHECK FAIL {clip['path']}: " + "; ".join(problems), file=sys.stderr)
            else:
                print(f"check ok {clip['path']}: tc {clip['start_tc']} "
                      f"rate {rate.num}/{rate.den}{' DF' if rate.drop_frame else ''} "
                      f"frames {clip['frames']}", file=sys.stderr)

    if args.json:
        desc = {
            "layout": args.layout, "roll": args.roll,
            "rate": rate.name, "rate_num": rate.num, "rate_den": rate.den,
            "drop_frame": rate.drop_frame, "seed": args.seed, "date": args.date.isoformat(),
            "reel_id": rid if args.layout == "arri" else None,
            "clips": [{k: v for k, v in c.items() if k not in ("start_frame",)} for c in clips],
            "fillers": fillers,
        }
        json.dump(desc, sys.stdout, indent=2)
        sys.stdout.write("\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
