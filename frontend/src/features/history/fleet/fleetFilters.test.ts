// /history filters ⇄ URL, presets resolved to start_date, and the same filters applied to a
// single record (for the "N new changes match" offer).
import { describe, expect, it } from "vitest";
import { makeHistoryRecord, makeInstance } from "../../../test/fakeServer";
import { fleetViewToFilters, fleetViewToParams, parseFleetView, recordMatches } from "./fleetFilters";

const NOW = new Date("2026-03-10T12:00:00.400Z");

describe("fleet history filters and the URL", () => {
  it("round-trips every filter through the query string", () => {
    const url = "instance_id=7&operation_type=update&field=replicas&field=status&q=gpu-a&range=24h";
    const view = parseFleetView(new URLSearchParams(url));
    expect(view).toEqual({ instanceId: 7, operation: "update", fields: ["replicas", "status"], q: "gpu-a", range: "24h" });
    expect(fleetViewToParams(view).toString()).toBe(url);
  });

  it("drops values the API would reject", () => {
    const view = parseFleetView(new URLSearchParams("instance_id=-3&operation_type=rename&field=bogus&field=tp&range=1y"));
    expect(view).toEqual({ fields: ["tp"], q: "" });
  });

  it("keeps a custom range as instants", () => {
    const view = parseFleetView(new URLSearchParams("range=custom&start=2026-03-01T00:00:00Z&end=not-a-date"));
    expect(view.range).toBe("custom");
    expect(view.start).toBe("2026-03-01T00:00:00.000Z");
    expect(view.end).toBeUndefined();
    expect(fleetViewToFilters(view, NOW)).toEqual({ start_date: "2026-03-01T00:00:00.000Z" });
  });

  it("turns presets into start_date relative to now (whole seconds, for stable cache keys)", () => {
    const lastHour = fleetViewToFilters(parseFleetView(new URLSearchParams("range=1h")), NOW);
    expect(lastHour).toEqual({ start_date: "2026-03-10T11:00:00.000Z" });
    const week = fleetViewToFilters(parseFleetView(new URLSearchParams("range=7d&field=replicas&q=%20llama%20")), NOW);
    expect(week).toEqual({ start_date: "2026-03-03T12:00:00.000Z", field: ["replicas"], q: "llama" });
  });

  it("tells whether a live record matches the filters on screen", () => {
    const record = makeHistoryRecord(makeInstance({ id: 7, cluster_name: "gpu-east" }), {
      operation_timestamp: "2026-03-10T11:30:00Z",
      changes: { replicas: { old: 1, new: 2 } },
    });
    expect(recordMatches(record, { field: ["replicas"], q: "EAST", instance_id: 7 })).toBe(true);
    expect(recordMatches(record, { field: ["status"] })).toBe(false);
    expect(recordMatches(record, { operation_type: "delete" })).toBe(false);
    expect(recordMatches(record, { start_date: "2026-03-10T11:45:00Z" })).toBe(false);
    expect(recordMatches(record, { q: "west" })).toBe(false);
  });
});
