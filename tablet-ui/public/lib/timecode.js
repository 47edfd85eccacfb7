// Timecode at the project's rate, as slated writes it: HH:MM:SS:FF, or HH:MM:SS;FF drop-frame at
// 29.97 and 59.94. Used for the running timecode while a take rolls: read from the box's timecode
// clock (GET /api/v1/timecode) when the box has one, else from the time of day.

const RATES = {
  '23.976': { nominal: 24, real: 24000 / 1001, drop: false },
  24: { nominal: 24, real: 24, drop: false },
  25: { nominal: 25, real: 25, drop: false },
  '29.97': { nominal: 30, real: 30000 / 1001, drop: true },
  30: { nominal: 30, real: 30, drop: false },
  48: { nominal: 48, real: 48, drop: false },
  50: { nominal: 50, real: 50, drop: false },
  '59.94': { nominal: 60, real: 60000 / 1001, drop: true },
  60: { nominal: 60, real: 60, drop: false },
};

export function rateOf(name) {
  return RATES[name] ?? RATES['23.976'];
}

// The rate with drop-frame as asked: 29.97 and 59.94 may be counted either way (the box's clock
// says which); every other rate never drops.
function withDrop(rateName, drop) {
  const rate = rateOf(rateName);
  if (drop === undefined) return rate;
  return { ...rate, drop: Boolean(drop) && rate.real !== rate.nominal };
}

const day = (rate) => {
  const { nominal, drop } = rate;
  const dropped = drop ? (nominal / 30) * 2 : 0;
  return 24 * (60 * 60 * nominal - dropped * 54);
};

/** Frames in one timecode day (24 h of labels, not of real time) at this rate. */
export function framesPerDay(rateName, drop) {
  return day(withDrop(rateName, drop));
}

/** "10:00:00:00" → frames since midnight. */
export function parse(text, rateName, drop) {
  const rate = withDrop(rateName, drop);
  const parts = String(text).split(/[:;]/).map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isFinite(part))) return null;
  const [hours, minutes, seconds, frames] = parts;
  let count = ((hours * 60 + minutes) * 60 + seconds) * rate.nominal + frames;
  if (rate.drop) {
    const dropped = (rate.nominal / 30) * 2;
    const totalMinutes = hours * 60 + minutes;
    count -= dropped * (totalMinutes - Math.floor(totalMinutes / 10));
  }
  return count;
}

/** Frames since midnight → "10:00:00:00" (wrapping at 24 h). */
export function format(count, rateName, drop) {
  const rate = withDrop(rateName, drop);
  let frames = ((Math.floor(count) % day(rate)) + day(rate)) % day(rate);
  if (rate.drop) {
    const dropped = (rate.nominal / 30) * 2;
    const perTen = 10 * 60 * rate.nominal - 9 * dropped;
    const perMinute = 60 * rate.nominal - dropped;
    const tens = Math.floor(frames / perTen);
    const rest = frames % perTen;
    frames += 9 * dropped * tens + (rest > dropped ? dropped * Math.floor((rest - dropped) / perMinute) : 0);
  }
  const pad = (value) => String(value).padStart(2, '0');
  const ff = frames % rate.nominal;
  const totalSeconds = Math.floor(frames / rate.nominal);
  const separator = rate.drop ? ';' : ':';
  return `${pad(Math.floor(totalSeconds / 3600) % 24)}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}${separator}${pad(ff)}`;
}

/** The timecode `seconds` of real time after `start`. */
export function advance(start, seconds, rateName) {
  const begin = parse(start, rateName);
  if (begin === null) return start;
  return format(begin + seconds * rateOf(rateName).real, rateName);
}

// Exact frame rates as fractions, as slated counts them (floor of time × rate).
const EXACT = {
  '23.976': [24000, 1001],
  '29.97': [30000, 1001],
  '59.94': [60000, 1001],
};

/**
 * The time-of-day timecode of the instant `ms` (milliseconds since the epoch) in this tablet's
 * local time, computed as the box computes a roll's or a cut's timecode from its "at": the frame
 * the instant falls in. The running display and the "at" a tap sends both come from here.
 */
export function timecodeAt(ms, rateName) {
  return format(timeOfDayFrames(ms, rateName), rateName);
}

/**
 * The frames of timecodeAt, not yet wrapped. A rate that never drops is labelled as a camera set
 * from the wall clock shows it, and as the box stamps an unjammed roll: the clock's hours, minutes
 * and seconds, and the frame of its second (at 23.976, 24 labels to a real second). Drop-frame
 * labels keep to real time: frames since midnight at the exact rate.
 */
function timeOfDayFrames(ms, rateName) {
  const date = new Date(ms);
  // Wall-clock time since midnight, as the box reads its local time (not elapsed time: DST days).
  const seconds = (date.getHours() * 60 + date.getMinutes()) * 60 + date.getSeconds();
  const rate = rateOf(rateName);
  if (!rate.drop) return seconds * rate.nominal + Math.floor((date.getMilliseconds() * rate.nominal) / 1000);
  const [numerator, denominator] = exactRate(rateName);
  return Math.floor(((seconds * 1000 + date.getMilliseconds()) * numerator) / (denominator * 1000));
}

function exactRate(rateName) {
  return EXACT[rateName] ?? [rateOf(rateName).nominal, 1];
}

/** Whole frames from instant `fromMs` to `toMs` at the exact rate: floor, also backwards in time. */
function framesBetween(fromMs, toMs, [numerator, denominator]) {
  // Integers well inside 2^53 (a day of ms × 60000): the division's floor is exact.
  return Math.floor(((toMs - fromMs) * numerator) / (denominator * 1000));
}

const wrapInto = (frames, perDay) => ((frames % perDay) + perDay) % perDay;

/**
 * Frames since 00:00:00:00 that the box's clock (its GET /api/v1/timecode object) reads at the
 * instant `ms` of the box's clock: the reading `frames` at `at`, plus the whole frames elapsed at
 * the exact rate, wrapped into one day.
 *
 * The reading is a whole frame taken somewhere inside that frame (and `at` is cut to the ms), so
 * counting on from it can land a frame short of what the box stamps for the same instant. The box
 * stamps an instant as its last jam (a timecode at an instant, to the ms) plus the whole frames
 * since: when that jam agrees with the reading to within a frame, the frames are counted from the
 * jam, as the box counts them, so what the tablet shows is what a roll at that instant gets. A
 * jam that does not agree (the box's clock has drifted from its wall clock since) is not used. A
 * box never jammed (no shooting day yet) reads the time of day at each instant: when this tablet's
 * time of day agrees with the reading (same time zone, no offset), it is read the same way.
 */
export function clockFrames(clock, ms) {
  const rateName = String(clock.rate);
  const drop = Boolean(clock.drop_frame);
  const perDay = framesPerDay(rateName, drop);
  const exact = exactRate(rateName);
  const at = Date.parse(clock.at);
  const jamAt = Date.parse(clock.jam?.at ?? '');
  const jamFrames = clock.jam?.timecode ? parse(clock.jam.timecode, rateName, drop) : null;
  if (Number.isFinite(jamAt) && jamFrames !== null) {
    const apart = wrapInto(jamFrames + framesBetween(jamAt, at, exact) - clock.frames + 1, perDay);
    if (apart <= 2) return wrapInto(jamFrames + framesBetween(jamAt, ms, exact), perDay);
  } else if (!clock.jam) {
    const apart = wrapInto(timeOfDayFrames(at, rateName) - clock.frames + 1, perDay);
    if (apart <= 2) return wrapInto(timeOfDayFrames(ms, rateName), perDay);
  }
  return wrapInto(clock.frames + framesBetween(at, ms, exact), perDay);
}

/** The box's clock's timecode at the instant `ms` (box clock), as the box prints it. */
export function clockTimecode(clock, ms) {
  return format(clockFrames(clock, ms), String(clock.rate), Boolean(clock.drop_frame));
}

/** Whether `clock` is a timecode object the tablet can count on from. */
export function isClock(clock) {
  return Boolean(clock && typeof clock === 'object' && Number.isFinite(clock.frames) && Number.isFinite(Date.parse(clock.at)) && RATES[clock.rate]);
}

/**
 * A timecode typed by a person, checked against the rate: {timecode} as the box reads it (";"
 * before the frames at drop-frame) or {error}, a sentence saying what is wrong with it. Eight
 * digits are taken as HH MM SS FF (a tablet's number pad has no colon).
 */
export function checkTimecode(typed, rateName, drop) {
  const rate = withDrop(rateName, drop);
  const text = String(typed ?? '').trim();
  const digits = /^\d{8}$/.test(text) ? `${text.slice(0, 2)}:${text.slice(2, 4)}:${text.slice(4, 6)}:${text.slice(6)}` : text;
  const found = /^(\d\d)[:.](\d\d)[:.](\d\d)[:;.,](\d\d)$/.exec(digits);
  if (!found) return { error: `“${text || '(empty)'}” is not a timecode: type HH:MM:SS:FF, such as 07:00:00:00.` };
  const [hours, minutes, seconds, frames] = found.slice(1).map(Number);
  const shown = `${found[1]}:${found[2]}:${found[3]}${rate.drop ? ';' : ':'}${found[4]}`;
  if (hours > 23) return { error: `${shown} is not a timecode: hours go from 00 to 23.` };
  if (minutes > 59) return { error: `${shown} is not a timecode: minutes go from 00 to 59.` };
  if (seconds > 59) return { error: `${shown} is not a timecode: seconds go from 00 to 59.` };
  if (frames >= rate.nominal) return { error: `${shown} is not a timecode: frames go from 00 to ${rate.nominal - 1} at ${rateName} fps.` };
  const dropped = rate.drop ? (rate.nominal / 30) * 2 : 0;
  if (dropped && seconds === 0 && minutes % 10 !== 0 && frames < dropped) {
    return { error: `${shown} does not exist in drop-frame: frames ${dropped === 2 ? '00 and 01' : '00 to 03'} are skipped at the start of each minute but every tenth.` };
  }
  return { timecode: shown };
}

/**
 * The timecode `toMs` on a take that read `startText` at `fromMs`: the start plus the whole frames
 * between, as the box stamps a cut (the roll's timecode plus the take's real length, so that a jam
 * or midnight during the take neither stretches nor shrinks it). null if `startText` is no timecode.
 */
export function countOn(startText, fromMs, toMs, rateName) {
  const drop = String(startText ?? '').includes(';');
  const start = parse(startText, rateName, drop);
  if (start === null || !Number.isFinite(fromMs)) return null;
  return format(start + framesBetween(fromMs, toMs, exactRate(rateName)), rateName, drop);
}
