import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, instancesLink, listViewToParams, listViewToQuery, parseListView, withFilters } from "./listView";

describe("instances view ⇄ URL", () => {
  it("reads a moment in any RFC 3339 offset as UTC and ignores one that is not a date", () => {
    expect(parseListView(new URLSearchParams("as_of=2026-11-30T04:00:00%2B02:00")).asOf).toBe("2026-11-30T02:00:00.000Z");
    expect(parseListView(new URLSearchParams("as_of=yesterday")).asOf).toBe("");
    expect(listViewToQuery({ ...DEFAULT_VIEW, asOf: "2026-11-30T02:00:00.000Z" }).as_of).toBe("2026-11-30T02:00:00.000Z");
  });

  it("round-trips every part of the view through the URL", () => {
    const view = {
      page: 3,
      pageSize: 100,
      q: "gpu 2",
      status: ["active", "error"] as const,
      priority: ["critical"] as const,
      cluster: ["gpu-a", "gpu-b"],
      model: ["llama-7b"],
      sort: ["-priority", "name"] as const,
      asOf: "2026-11-30T02:00:00.000Z",
    };
    const params = listViewToParams({ ...view, status: [...view.status], priority: [...view.priority], sort: [...view.sort] });
    expect(params.toString()).toBe(
      "q=gpu+2&status=active&status=error&priority=critical&cluster=gpu-a&cluster=gpu-b&model=llama-7b&sort=-priority%2Cname&size=100&page=3&as_of=2026-11-30T02%3A00%3A00.000Z",
    );
    expect(parseListView(params)).toEqual({ ...view, status: ["active", "error"], priority: ["critical"], sort: ["-priority", "name"] });
  });

  it("keeps shared links short by leaving out defaults", () => {
    expect(listViewToParams(DEFAULT_VIEW).toString()).toBe("");
    expect(instancesLink({ status: ["error"] })).toBe("/instances?status=error");
  });

  it("ignores values the API would reject instead of failing the page", () => {
    const view = parseListView(new URLSearchParams("status=bogus&status=active&priority=urgent&sort=evil,-name&page=-2&size=5000"));
    expect(view.status).toEqual(["active"]);
    expect(view.priority).toEqual([]);
    expect(view.sort).toEqual(["-name"]);
    expect(view.page).toBe(1);
    expect(view.pageSize).toBe(1000); // the spec's maximum limit
  });

  it("asks the server for exactly one page, filtered and sorted server-side", () => {
    const query = listViewToQuery({ ...DEFAULT_VIEW, page: 4, pageSize: 20, q: "  llama ", status: ["pending"], cluster: ["c1"], model: ["m1"] });
    expect(query).toEqual({ skip: 60, limit: 20, sort: ["-updated_at"], q: "llama", status: ["pending"], cluster_name: ["c1"], model_name: ["m1"] });
  });

  it("restarts at page 1 when what matches changes", () => {
    expect(withFilters({ ...DEFAULT_VIEW, page: 7 }, { status: ["error"] }).page).toBe(1);
  });
});
