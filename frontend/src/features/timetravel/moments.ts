// Moments for time travel: presets relative to now, the slider's range, and conversions between
// the browser's local datetime-local value and the API's UTC instants.
import dayjs from "dayjs";

const HOUR = 3_600_000;

export const MOMENT_PRESETS = [
  { label: "1 hour ago", ago: HOUR },
  { label: "6 hours ago", ago: 6 * HOUR },
  { label: "1 day ago", ago: 24 * HOUR },
  { label: "1 week ago", ago: 7 * 24 * HOUR },
] as const;

/** The slider reaches this many hours back (a week), in quarter-hour steps. */
export const SLIDER_MAX_HOURS = 7 * 24;

/** An RFC 3339 instant from the URL, normalised to UTC; "" when absent or not a date. */
export function parseInstant(raw: string | null): string {
  if (!raw) return "";
  const time = Date.parse(raw);
  return Number.isNaN(time) ? "" : new Date(time).toISOString();
}

export function instantAgo(ms: number, now = Date.now()): string {
  return new Date(now - ms).toISOString();
}

export function hoursAgo(instant: string, now = Date.now()): number {
  return Math.max(0, (now - Date.parse(instant)) / HOUR);
}

const LOCAL_INPUT_FORMAT = "YYYY-MM-DDTHH:mm";

export function toLocalInput(instant: string): string {
  return instant ? dayjs(instant).format(LOCAL_INPUT_FORMAT) : "";
}

/** A datetime-local value (the browser's time zone) as a UTC instant; "" when incomplete. */
export function fromLocalInput(value: string): string {
  const time = dayjs(value);
  return value && time.isValid() ? time.toISOString() : "";
}

export function describeHoursAgo(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} minutes ago`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} hours ago`;
  return `${Math.round((hours / 24) * 10) / 10} days ago`;
}
