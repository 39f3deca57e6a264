// "who · via · why" on every change shown: the timeline, the fleet feed, the compare view and
// the live toast. The fleet feed filters by actor, channel and request id (kept in the URL), and
// a click on an actor or a request id in a row applies that filter.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { HistoryComparison } from "../../api/types";
import { baseServer, historyPage, json, makeHistoryRecord, makeInstance } from "../../test/fakeServer";
import { fakeSockets, liveEvent, ready } from "../../test/fakeSocket";
import { currentUrl, renderApp } from "../../test/renderApp";

const instance = makeInstance({ id: 9, name: "prov-9", replicas: 4 });
const byToken = makeHistoryRecord(instance, {
  history_id: 201,
  changes: { replicas: { old: 2, new: 4 } },
  actor: "ci-deployer",
  via: "api",
  reason: "INC-4711: scale for the launch",
  request_id: "ui-bulk-1",
});
const legacy = makeHistoryRecord({ ...instance, version: 1 }, { history_id: 200, operation_type: "create", request_id: null });

describe("who · via · why", () => {
  it("on every timeline entry, with old records saying honestly that the actor is unknown", async () => {
    const server = baseServer()
      .on("GET", /^\/instances\/9$/, () => json(200, instance, { ETag: '"1"' }))
      .on("GET", /^\/instances\/9\/history$/, () => json(200, historyPage([byToken, legacy])));
    renderApp(server, "/instances/9");
    const timeline = await screen.findByRole("list", { name: /History/ });
    const [newest, oldest] = within(timeline).getAllByRole("listitem");
    expect(newest).toHaveTextContent("ci-deployer·via api·INC-4711: scale for the launch");
    expect(within(newest!).getByRole("link", { name: "ci-deployer" })).toHaveAttribute("href", "/history?actor=ci-deployer");
    expect(within(newest!).getByRole("link", { name: "ui-bulk-1" })).toHaveAttribute("href", "/history?request_id=ui-bulk-1");
    expect(oldest).toHaveTextContent("unknown actor");
    expect(oldest).not.toHaveTextContent("via");
    expect(within(timeline).queryByRole("link", { name: /record it restored/ })).toBeNull();
  });

  it("names the record a revert put back, with a link comparing the two", async () => {
    const revert = makeHistoryRecord({ ...instance, version: 3 }, { history_id: 202, reverted_from: 200, reason: "back", changes: { replicas: { old: 4, new: 1 } } });
    const server = baseServer()
      .on("GET", /^\/instances\/9$/, () => json(200, instance, { ETag: '"3"' }))
      .on("GET", /^\/instances\/9\/history$/, () => json(200, historyPage([revert, byToken, legacy])));
    renderApp(server, "/instances/9");
    const timeline = await screen.findByRole("list", { name: /History/ });
    const [newest] = within(timeline).getAllByRole("listitem");
    const link = within(newest!).getByRole("link", { name: "Compare with the record it restored (#200)" });
    expect(link).toHaveAttribute("href", "/instances/9/compare?from=200&to=202");
    expect(within(timeline).getAllByRole("link", { name: /record it restored/ })).toHaveLength(1);
  });

  it("on both records of the compare view", async () => {
    const comparison: HistoryComparison = {
      instance_id: 9,
      from: legacy,
      to: byToken,
      changes: { replicas: { old: 1, new: 4 } },
      unchanged_fields: [],
    };
    renderApp(baseServer().on("GET", /^\/history\/compare$/, () => json(200, comparison)), "/instances/9/compare?from=200&to=201");
    const to = (await screen.findByRole("heading", { name: "To: version 1" })).closest(".ant-card") as HTMLElement;
    expect(to).toHaveTextContent("ci-deployer·via api·INC-4711: scale for the launch");
    const from = screen.getByRole("heading", { name: "From: version 1" }).closest(".ant-card") as HTMLElement;
    expect(from).toHaveTextContent("unknown actor");
  });

  it("in the live toast about someone else's change", async () => {
    const server = baseServer()
      .on("GET", /^\/instances\/9$/, () => json(200, instance, { ETag: '"1"' }))
      .on("GET", /^\/instances\/9\/history$/, () => json(200, historyPage([])));
    const sockets = fakeSockets();
    renderApp(server, "/instances/9", { liveSocket: sockets.create });
    await screen.findByRole("heading", { name: "prov-9", level: 1 });
    act(() => sockets.latest().send(ready(1)));
    act(() => sockets.latest().send(liveEvent({ ...byToken, history_id: 2 })));
    expect(
      await screen.findByText("“prov-9” was changed by someone else: Replicas 2 → 4 (+2) (ci-deployer · via api · “INC-4711: scale for the launch”)"),
    ).toBeInTheDocument();
  });
});

describe("fleet feed filters by provenance", () => {
  it("passes actor, via and request_id from the URL to the API and shows who · via · why per row", async () => {
    const server = baseServer().on("GET", /^\/history$/, () => json(200, historyPage([byToken])));
    renderApp(server, "/history?actor=ci-deployer&actor=alice&via=api&request_id=ui-bulk-1");
    const card = within(await screen.findByRole("list", { name: "History records" })).getByRole("listitem");
    expect(card).toHaveTextContent("ci-deployer·via api·INC-4711: scale for the launch");
    const params = server.requestsTo("GET", /^\/history$/)[0]!.url.searchParams;
    expect(params.getAll("actor")).toEqual(["ci-deployer", "alice"]);
    expect(params.getAll("via")).toEqual(["api"]);
    expect(params.getAll("request_id")).toEqual(["ui-bulk-1"]);
    const search = screen.getByRole("search", { name: "Filter history" });
    expect(within(search).getByRole("combobox", { name: "Actor" })).toBeInTheDocument();
    expect(within(search).getByRole("combobox", { name: "Via" })).toBeInTheDocument();
    expect(within(search).getByRole("combobox", { name: "Request id" })).toBeInTheDocument();
  });

  it("a click on an actor narrows the feed to them; a click on a request id shows everything it did", async () => {
    const server = baseServer().on("GET", /^\/history$/, () => json(200, historyPage([byToken])));
    const { router } = renderApp(server, "/history?operation_type=update");
    const user = userEvent.setup();
    const card = within(await screen.findByRole("list", { name: "History records" })).getByRole("listitem");
    await user.click(within(card).getByRole("link", { name: "ci-deployer" }));
    await waitFor(() => expect(currentUrl(router)).toBe("/history?operation_type=update&actor=ci-deployer"));
    await waitFor(() => expect(server.requestsTo("GET", /^\/history$/).at(-1)!.url.searchParams.get("actor")).toBe("ci-deployer"));
    const again = within(await screen.findByRole("list", { name: "History records" })).getByRole("listitem");
    await user.click(within(again).getByRole("link", { name: "ui-bulk-1" }));
    await waitFor(() => expect(currentUrl(router)).toBe("/history?request_id=ui-bulk-1"));
    expect(Object.fromEntries(server.requestsTo("GET", /^\/history$/).at(-1)!.url.searchParams)).toEqual({ request_id: "ui-bulk-1", limit: "50" });
  });

  it("typing actors into the filter (any name, several) adds them to the URL", async () => {
    const server = baseServer();
    const { router } = renderApp(server, "/history");
    const user = userEvent.setup();
    const actor = await screen.findByRole("combobox", { name: "Actor" });
    // A typed name becomes an option of its own (Enter picks it in a browser; jsdom lacks keyCode).
    await user.type(actor, "alice");
    await user.click(await screen.findByTitle("alice"));
    await waitFor(() => expect(currentUrl(router)).toBe("/history?actor=alice"));
    await user.type(actor, "ci-deployer,");
    await waitFor(() => expect(currentUrl(router)).toBe("/history?actor=alice&actor=ci-deployer"));
  });
});
