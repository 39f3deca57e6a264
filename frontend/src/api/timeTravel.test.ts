// Live changes move "now": diffs that end now are asked again, diffs between two past moments
// (which never change) are left alone.
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { diffKeys, refreshDiffsToNow } from "./timeTravel";
import { describeHoursAgo, fromLocalInput, hoursAgo, instantAgo } from "../features/timetravel/moments";

describe("diffs and live changes", () => {
  it("invalidates only the diffs up to now", () => {
    const client = new QueryClient();
    const toNow = diffKeys.between("2026-11-30T01:00:00.000Z", undefined, {});
    const past = diffKeys.between("2026-11-30T01:00:00.000Z", "2026-11-30T02:00:00.000Z", {});
    client.setQueryData(toNow, []);
    client.setQueryData(past, []);
    refreshDiffsToNow(client);
    expect(client.getQueryState(toNow)?.isInvalidated).toBe(true);
    expect(client.getQueryState(past)?.isInvalidated).toBe(false);
  });
});

describe("moments", () => {
  it("converts between presets, hours ago and local inputs", () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    expect(instantAgo(3_600_000, now)).toBe("2026-12-01T11:00:00.000Z");
    expect(hoursAgo("2026-12-01T06:00:00Z", now)).toBe(6);
    expect(describeHoursAgo(0.5)).toBe("30 minutes ago");
    expect(describeHoursAgo(72)).toBe("3 days ago");
    expect(fromLocalInput("")).toBe("");
    expect(fromLocalInput("not a date")).toBe("");
  });
});
