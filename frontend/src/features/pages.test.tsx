// Read-only pages render their data from the API and link into the filtered table; rendering
// them also catches antd deprecation warnings (which only show in development builds).
import { screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { HistoryRecord } from "../api/types";
import { baseServer, emptyStats, json, makeInstance } from "../test/fakeServer";
import { renderApp } from "../test/renderApp";

const record: HistoryRecord = {
  ...makeInstance({ id: 9, name: "hist-9", replicas: 4 }),
  history_id: 100,
  original_id: 9,
  operation_type: "update",
  operation_timestamp: "2026-01-02T00:00:00Z",
  changes: { replicas: { old: 2, new: 4 }, updated_at: { old: "a", new: "b" } },
  request_id: "req-1",
};

let warn: MockInstance;
let error: MockInstance;
beforeEach(() => {
  warn = vi.spyOn(console, "warn");
  error = vi.spyOn(console, "error");
});
afterEach(() => {
  const antdWarnings = [...warn.mock.calls, ...error.mock.calls].map((c) => String(c[0])).filter((m) => m.includes("antd") || m.includes("Warning:"));
  warn.mockRestore();
  error.mockRestore();
  expect(antdWarnings).toEqual([]);
});

describe("dashboard", () => {
  it("shows fleet counts, each linking to the filtered instances table", async () => {
    const server = baseServer()
      .on("GET", /^\/stats$/, () =>
        json(200, {
          ...emptyStats,
          total: 12,
          replicas: 30,
          gpus: 240,
          by_status: { active: 7, inactive: 1, pending: 2, error: 2 },
          by_cluster: [{ name: "gpu-east", count: 9 }],
          by_model: [{ name: "llama-70b", count: 12 }],
        }),
      )
      .on("GET", /^\/history$/, () => json(200, { items: [record], total: 1, limit: 10, offset: 0 }));
    renderApp(server, "/");
    expect(await screen.findByRole("link", { name: "error: 2 instances" })).toHaveAttribute("href", "/instances?status=error");
    expect(screen.getByRole("link", { name: "gpu-east: 9 instances" })).toHaveAttribute("href", "/instances?cluster=gpu-east");
    expect(screen.getByRole("link", { name: "llama-70b: 12 instances" })).toHaveAttribute("href", "/instances?model=llama-70b");
    expect(screen.getByText("240")).toBeInTheDocument();
    const recent = await screen.findByRole("list", { name: "Recently changed instances" });
    expect(within(recent).getByText("Replicas: 2 → 4")).toBeInTheDocument();
    expect(server.requestsTo("GET", /^\/history$/)[0]?.url.searchParams.get("limit")).toBe("10");
  });
});

describe("instance detail", () => {
  it("shows every field, the parallelism summary and recent history", async () => {
    const instance = makeInstance({ id: 9, name: "detail-9", pp: 2, cp: 4, tp: 2, replicas: 3, description: "hello" });
    const server = baseServer()
      .on("GET", /^\/instances\/9$/, () => json(200, instance, { ETag: '"1"' }))
      .on("GET", /^\/instances\/9\/history$/, () => json(200, { items: [record], total: 1, limit: 10, offset: 0 }));
    renderApp(server, "/instances/9");
    expect(await screen.findByRole("heading", { name: "detail-9", level: 1 })).toBeInTheDocument();
    expect(screen.getByLabelText("Parallelism summary")).toHaveTextContent("2 × 4 × 2 = 16 GPUs per replica");
    expect(screen.getByText("48")).toBeInTheDocument(); // 16 × 3 replicas
    expect(screen.getByText("hello")).toBeInTheDocument();
    expect(await screen.findByText("Replicas: 2 → 4")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Full history/ })).toHaveAttribute("href", "/history?instance_id=9");
  });

  it("explains a missing (deleted) instance and links to its history", async () => {
    renderApp(baseServer(), "/instances/5");
    expect(await screen.findByRole("heading", { name: "Instance 5 not found" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Show its history" })).toHaveAttribute("href", "/history?instance_id=5");
  });
});

describe("history page", () => {
  it("passes operation type, instance and page from the URL to the fleet feed", async () => {
    const server = baseServer().on("GET", /^\/history$/, () => json(200, { items: [record], total: 120, limit: 50, offset: 50 }));
    renderApp(server, "/history?operation_type=update&instance_id=9&page=2");
    expect(await screen.findByText("Replicas: 2 → 4")).toBeInTheDocument();
    const params = server.requestsTo("GET", /^\/history$/).at(-1)!.url.searchParams;
    expect(Object.fromEntries(params)).toEqual({ operation_type: "update", instance_id: "9", limit: "50", offset: "50" });
  });
});
