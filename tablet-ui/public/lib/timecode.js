// Timecode at the project's rate, as slated writes it: HH:MM:SS:FF, or HH:MM:SS;FF drop-frame at
// 29.97 and 59.94. Used for the running timecode while a take rolls.

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

const day = (rate) => {
  const { nominal, drop } = rate;
  const dropped = drop ? (nominal / 30) * 2 : 0;
  return 24 * (60 * 60 * nominal - dropped * 54);
};

/** "10:00:00:00" → frames since midnight. */
export function parse(text, rateName) {
  const rate = rateOf(rateName);
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
export function format(count, rateName) {
  const rate = rateOf(rateName);
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
  const date = new Date(ms);
  // Wall-clock time since midnight, as the box reads its local time (not elapsed time: DST days).
  const since = ((date.getHours() * 60 + date.getMinutes()) * 60 + date.getSeconds()) * 1000 + date.getMilliseconds();
  const [numerator, denominator] = EXACT[rateName] ?? [rateOf(rateName).nominal, 1];
  return format(Math.floor((since * numerator) / (denominator * 1000)), rateName);
}
