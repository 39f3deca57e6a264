import { describe, expect, it } from "vitest";
import { serializeQuery } from "./queryString";

describe("serializeQuery", () => {
  it("repeats filter arrays but comma-joins sort, as the spec's styles require", () => {
    const qs = serializeQuery({ status: ["active", "error"], sort: ["-updated_at", "name"], skip: 0, limit: 50 }, ["sort"]);
    expect(new URLSearchParams(qs).getAll("status")).toEqual(["active", "error"]);
    expect(new URLSearchParams(qs).get("sort")).toBe("-updated_at,name");
    expect(new URLSearchParams(qs).get("skip")).toBe("0");
  });

  it("drops empty values", () => {
    expect(serializeQuery({ q: "", status: [], name: undefined, limit: 10 })).toBe("limit=10");
  });
});
