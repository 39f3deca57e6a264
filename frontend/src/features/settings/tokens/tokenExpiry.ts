// The expiry choices of a new token and the `expires_at` each one means. Presets count from now;
// a chosen date means "until the end of that day" in the user's time zone.
import dayjs from "dayjs";

export type ExpiryChoice = "30d" | "90d" | "365d" | "never" | "date";

export const EXPIRY_OPTIONS: { value: ExpiryChoice; label: string }[] = [
  { value: "30d", label: "In 30 days" },
  { value: "90d", label: "In 90 days" },
  { value: "365d", label: "In 365 days" },
  { value: "never", label: "Never" },
  { value: "date", label: "On a date…" },
];

const PRESET_DAYS: Record<Exclude<ExpiryChoice, "never" | "date">, number> = { "30d": 30, "90d": 90, "365d": 365 };

/** A `YYYY-MM-DD` date (an <input type="date"> value) that is today or later. */
export function isExpiryDateValid(date: string | undefined, now: Date): boolean {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const day = dayjs(date);
  return day.isValid() && !day.isBefore(dayjs(now).startOf("day"));
}

/** The `expires_at` to send: undefined for never (and for an unusable date: the form refuses those). */
export function expiresAtFor(choice: ExpiryChoice, date: string | undefined, now: Date): string | undefined {
  if (choice === "never") return undefined;
  if (choice === "date") return isExpiryDateValid(date, now) ? dayjs(date).add(1, "day").startOf("day").toISOString() : undefined;
  const second = Math.floor(now.getTime() / 1000) * 1000;
  return new Date(second + PRESET_DAYS[choice] * 24 * 3600_000).toISOString();
}
