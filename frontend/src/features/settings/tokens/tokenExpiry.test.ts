// What each expiry choice sends as expires_at.
import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import { expiresAtFor, isExpiryDateValid } from "./tokenExpiry";

const NOW = new Date("2026-03-10T12:00:00.400Z");

describe("token expiry", () => {
  it("counts presets from now, to the second", () => {
    expect(expiresAtFor("30d", undefined, NOW)).toBe("2026-04-09T12:00:00.000Z");
    expect(expiresAtFor("365d", undefined, NOW)).toBe("2027-03-10T12:00:00.000Z");
  });

  it("sends nothing for never", () => {
    expect(expiresAtFor("never", "2030-01-01", NOW)).toBeUndefined();
  });

  it("turns a date into the end of that day, local time", () => {
    expect(expiresAtFor("date", "2026-12-31", NOW)).toBe(dayjs("2027-01-01T00:00:00").toISOString());
  });

  it("refuses dates in the past and malformed ones", () => {
    expect(isExpiryDateValid(dayjs(NOW).format("YYYY-MM-DD"), NOW)).toBe(true);
    expect(isExpiryDateValid("2026-03-01", NOW)).toBe(false);
    expect(isExpiryDateValid("31/12/2026", NOW)).toBe(false);
    expect(expiresAtFor("date", "2026-03-01", NOW)).toBeUndefined();
  });
});
