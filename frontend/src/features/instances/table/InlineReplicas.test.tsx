// An inline replicas edit in the table survives a live change by someone else: the editor stays
// open with what the user typed, says the row changed, and saves against the version it started
// from (so the server answers 412 and the conflict flow decides, never a silent overwrite).
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Instance } from "../../../api/types";
import { baseServer, json, makeHistoryRecord, makeInstance } from "../../../test/fakeServer";
import { fakeSockets, liveEvent, ready } from "../../../test/fakeSocket";
import { renderApp } from "../../../test/renderApp";

describe("inline replicas edit and live changes", () => {
  it("keeps the typed value and the started version when the row changes meanwhile", async () => {
    let current: Instance = makeInstance({ id: 7, name: "row-7", replicas: 3, version: 3 });
    const server = baseServer()
      .on("GET", /^\/instances$/, () => json(200, [current], { "X-Total-Count": "1" }))
      .on("PUT", /^\/instances\/7$/, () => json(412, { error: { type: "PreconditionFailed", message: "changed", details: { current_version: 4 } } }));
    const sockets = fakeSockets();
    renderApp(server, "/instances", { liveSocket: sockets.create });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit replicas of row-7" }));
    const input = screen.getByRole("spinbutton", { name: "Replicas of row-7" });
    await user.clear(input);
    await user.type(input, "17");

    act(() => sockets.latest().send(ready(1)));
    current = { ...current, version: 4, priority: "critical" };
    act(() => sockets.latest().send(liveEvent(makeHistoryRecord(current, { history_id: 2, request_id: "req-bob", changes: { priority: { old: "medium", new: "critical" } } }))));
    await waitFor(() => expect(screen.getByRole("spinbutton", { name: "Replicas of row-7" })).toHaveAccessibleDescription(/Changed by someone else/));
    expect(screen.getByRole("spinbutton", { name: "Replicas of row-7" })).toHaveValue("17");

    await user.click(screen.getByRole("button", { name: "Save replicas" }));
    await waitFor(() => expect(server.requestsTo("PUT", /^\/instances\/7$/)).toHaveLength(1));
    const put = server.requestsTo("PUT", /^\/instances\/7$/)[0]!;
    expect(put.headers.get("If-Match")).toBe('"3"');
    expect(put.body).toEqual({ replicas: 17 });
  });
});
