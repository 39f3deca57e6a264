// /history filters ⇄ URL, presets resolved to start_date, and the same filters applied to a
// single record (for the "N new changes match" offer).
import { describe, expect, it } from "vitest";
import { makeHistoryRecord, makeInstance } from "../../../test/fakeServer";
import { EMPTY_VIEW, fleetLink, fleetViewToFilters, fleetViewToParams, parseFleetView, recordMatches, rowFilterLinks } from "./fleetFilters";

const NOW = new Date("2026-03-10T12:00:00.400Z");

describe("fleet history filters and the URL", () => {
  it("round-trips every filter through the query string", () => {
    const url = "instance_id=7&operation_type=update&field=replicas&field=status&q=gpu-a&range=24h";
    const view = parseFleetView(new URLSearchParams(url));
    expect(view).toEqual({ ...EMPTY_VIEW, instanceId: 7, operation: "update", fields: ["replicas", "status"], q: "gpu-a", range: "24h" });
    expect(fleetViewToParams(view).toString()).toBe(url);
  });

  it("drops values the API would reject", () => {
    const view = parseFleetView(new URLSearchParams("instance_id=-3&operation_type=rename&field=bogus&field=tp&range=1y"));
    expect(view).toEqual({ ...EMPTY_VIEW, fields: ["tp"] });
  });

  it("round-trips actors, channels and request ids (several of each) and passes them to the API", () => {
    const url = "actor=ci-deployer&actor=alice%40example.com&via=web&via=cli&request_id=ui-1&request_id=ui-2";
    const view = parseFleetView(new URLSearchParams(url));
    expect(view).toEqual({ ...EMPTY_VIEW, actors: ["ci-deployer", "alice@example.com"], vias: ["web", "cli"], requestIds: ["ui-1", "ui-2"] });
    expect(fleetViewToParams(view).toString()).toBe(url);
    expect(fleetViewToFilters(view, NOW)).toEqual({ actor: ["ci-deployer", "alice@example.com"], via: ["web", "cli"], request_id: ["ui-1", "ui-2"] });
  });

  it("drops unknown channels, empty and over-long values, and repeats", () => {
    const view = parseFleetView(new URLSearchParams(`via=email&via=api&via=api&actor=&actor=%20bob%20&actor=bob&request_id=${"x".repeat(256)}`));
    expect(view).toEqual({ ...EMPTY_VIEW, actors: ["bob"], vias: ["api"] });
  });

  it("links from a row: an actor narrows the filters on screen, a request id shows all it did", () => {
    const links = rowFilterLinks({ ...EMPTY_VIEW, operation: "update", actors: ["bob"] });
    expect(links.actor("ci-deployer")).toBe("/history?operation_type=update&actor=ci-deployer");
    expect(links.requestId("ui-9")).toBe("/history?request_id=ui-9");
    expect(fleetLink({ actors: ["alice"] })).toBe("/history?actor=alice");
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

  it("matches a live record's actor, channel, request id and reason like the server", () => {
    const record = makeHistoryRecord(makeInstance({ id: 8 }), { actor: "ci-deployer", via: "api", request_id: "req-7", reason: "INC-4711: drain" });
    expect(recordMatches(record, { actor: ["alice", "ci-deployer"], via: ["api"], request_id: ["req-7"], q: "inc-4711" })).toBe(true);
    expect(recordMatches(record, { actor: ["alice"] })).toBe(false);
    expect(recordMatches(record, { via: ["web"] })).toBe(false);
    expect(recordMatches(record, { request_id: ["req-8"] })).toBe(false);
    const old = makeHistoryRecord(makeInstance({ id: 8 }));
    expect(recordMatches(old, { actor: ["anonymous"] })).toBe(false);
  });
});
