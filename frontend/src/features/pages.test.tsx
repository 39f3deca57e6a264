// Read-only pages render their data from the API and link into the filtered table; rendering
// them also catches antd deprecation warnings (which only show in development builds).
import { screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { HistoryRecord } from "../api/types";
import { baseServer, emptyStats, historyPage, json, makeHistoryRecord, makeInstance } from "../test/fakeServer";
import { renderApp } from "../test/renderApp";

const record: HistoryRecord = makeHistoryRecord(makeInstance({ id: 9, name: "hist-9", replicas: 4 }), {
  history_id: 100,
  changes: { replicas: { old: 2, new: 4 }, updated_at: { old: "a", new: "b" } },
  request_id: "req-1",
});

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
      .on("GET", /^\/history$/, () => json(200, historyPage([record])));
    renderApp(server, "/");
    expect(await screen.findByRole("link", { name: "error: 2 instances" })).toHaveAttribute("href", "/instances?status=error");
    expect(screen.getByRole("link", { name: "gpu-east: 9 instances" })).toHaveAttribute("href", "/instances?cluster=gpu-east");
    expect(screen.getByRole("link", { name: "llama-70b: 12 instances" })).toHaveAttribute("href", "/instances?model=llama-70b");
    expect(screen.getByText("240")).toBeInTheDocument();
    const recent = await screen.findByRole("list", { name: "Recently changed instances" });
    expect(within(recent).getByTitle("Replicas 2 → 4 (+2)")).toHaveTextContent("Replicas2 to 4(+2)");
    expect(server.requestsTo("GET", /^\/history$/)[0]?.url.searchParams.get("limit")).toBe("10");
  });
});

describe("instance detail", () => {
  it("shows every field, the parallelism summary and the timeline with typed changes", async () => {
    const instance = makeInstance({ id: 9, name: "detail-9", pp: 2, cp: 4, tp: 2, replicas: 3, description: "hello" });
    const server = baseServer()
      .on("GET", /^\/instances\/9$/, () => json(200, instance, { ETag: '"1"' }))
      .on("GET", /^\/instances\/9\/history$/, () => json(200, historyPage([record], 1)));
    renderApp(server, "/instances/9");
    expect(await screen.findByRole("heading", { name: "detail-9", level: 1 })).toBeInTheDocument();
    expect(screen.getByLabelText("Parallelism summary")).toHaveTextContent("2 × 4 × 2 = 16 GPUs per replica");
    expect(screen.getByText("48")).toBeInTheDocument(); // 16 × 3 replicas
    expect(screen.getByText("hello")).toBeInTheDocument();
    const timeline = await screen.findByRole("list", { name: /History/ });
    expect(within(timeline).getByTitle("Replicas 2 → 4 (+2)")).toBeInTheDocument();
    expect(within(timeline).getByText("req-1")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Instances that had this name" })).toHaveAttribute("href", "/history?q=detail-9");
    // The first page asks for the total; later pages will not (keyset paging).
    expect(Object.fromEntries(server.requestsTo("GET", /^\/instances\/9\/history$/)[0]!.url.searchParams)).toEqual({ limit: "50" });
  });

  it("shows a deleted instance's last state and its history", async () => {
    const gone = makeHistoryRecord(makeInstance({ id: 5, name: "gone-5", replicas: 6 }), {
      operation_type: "delete",
      operation_timestamp: "2026-01-03T00:00:00Z",
      request_id: "req-del",
    });
    const server = baseServer()
      .on("GET", /^\/instances\/5$/, () => json(404, { error: { type: "NotFound", message: "instance 5 not found" } }))
      .on("GET", /^\/instances\/5\/history$/, () => json(200, historyPage([gone], 1)));
    renderApp(server, "/instances/5");
    expect(await screen.findByRole("heading", { name: "gone-5 (deleted)", level: 1 })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent(/^Deleted .* \(2026-01-03 /);
    expect(screen.getByRole("heading", { name: "Last state" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Other instances that had the name “gone-5”" })).toHaveAttribute("href", "/history?q=gone-5");
    expect(await screen.findByText(/Deleted \(last state: llama-7b on gpu-cluster-1, 6 replicas/)).toBeInTheDocument();
  });

  it("says not found when neither the instance nor any history exists", async () => {
    renderApp(baseServer(), "/instances/5");
    expect(await screen.findByRole("heading", { name: "Instance 5 not found" })).toBeInTheDocument();
  });
});

describe("history page", () => {
  it("passes the URL's filters to the feed, shows the total and exports exactly those filters", async () => {
    const server = baseServer().on("GET", /^\/history$/, () => json(200, historyPage([record], 120, true)));
    renderApp(server, "/history?operation_type=update&instance_id=9&field=replicas&q=gpu");
    expect(await screen.findByText("120 matching changes · 1 shown")).toBeInTheDocument();
    const params = server.requestsTo("GET", /^\/history$/)[0]!.url.searchParams;
    expect(Object.fromEntries(params)).toEqual({ operation_type: "update", instance_id: "9", field: "replicas", q: "gpu", limit: "50" });
    expect(screen.getByRole("link", { name: "Compare hist-9 version 1 with the previous version" })).toHaveAttribute("href", "/instances/9/compare?to=100");
    expect(screen.getByRole("button", { name: "Load older" })).toBeInTheDocument();
  });
});
