// An open edit form never absorbs someone else's change (margince#3065): a live event about the
// instance only raises a notice in the form; the fields and the If-Match version stay those the
// user opened. The user's own writes (recognised by their X-Request-ID) raise nothing.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { rememberOwnRequest } from "../../../api/requestTracking";
import { baseServer, historyPage, json, makeHistoryRecord, makeInstance } from "../../../test/fakeServer";
import { fakeSockets, liveEvent, ready } from "../../../test/fakeSocket";
import { renderApp } from "../../../test/renderApp";

const opened = makeInstance({ id: 9, name: "live-9", replicas: 3, version: 3 });

describe("edit form and live changes", () => {
  it("shows “changed by someone else since you opened it” and keeps the opened version", async () => {
    const server = baseServer()
      .on("GET", /^\/instances\/9$/, () => json(200, opened, { ETag: '"3"' }))
      .on("GET", /^\/instances\/9\/history$/, () => json(200, historyPage([])))
      .on("PUT", /^\/instances\/9$/, () => json(412, { error: { type: "PreconditionFailed", message: "changed", details: { current_version: 5 } } }));
    const sockets = fakeSockets();
    renderApp(server, "/instances/9", { liveSocket: sockets.create });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit" }));
    const drawer = await screen.findByRole("dialog");
    act(() => sockets.latest().send(ready(1)));

    // My own save from another part of this tab: no notice.
    rememberOwnRequest("ui-mine");
    const mine = makeHistoryRecord({ ...opened, version: 4, replicas: 4 }, { history_id: 2, request_id: "ui-mine", changes: { replicas: { old: 3, new: 4 } } });
    act(() => sockets.latest().send(liveEvent(mine)));
    expect(within(drawer).queryByText("Changed by someone else since you opened it")).not.toBeInTheDocument();

    const theirs = makeHistoryRecord({ ...opened, version: 5, replicas: 6 }, { history_id: 3, request_id: "req-bob", changes: { replicas: { old: 4, new: 6 } } });
    act(() => sockets.latest().send(liveEvent(theirs)));
    expect(await within(drawer).findByText("Changed by someone else since you opened it")).toBeInTheDocument();
    expect(within(drawer).getByText(/Now version 5 \(Replicas 4 → 6 \(\+2\)\)\. This form still edits version 3/)).toBeInTheDocument();
    // The detail page behind the drawer also says so, in a toast.
    expect(await screen.findByText("“live-9” was changed by someone else: Replicas 4 → 6 (+2)")).toBeInTheDocument();

    // The form's values and its If-Match are untouched by the live change.
    expect(within(drawer).getByLabelText("Replicas")).toHaveValue("3");
    await user.type(within(drawer).getByLabelText("Model version"), "-x");
    await user.click(within(drawer).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(server.requestsTo("PUT", /^\/instances\/9$/)).toHaveLength(1));
    const put = server.requestsTo("PUT", /^\/instances\/9$/)[0]!;
    expect(put.headers.get("If-Match")).toBe('"3"');
    expect(put.body).toEqual({ model_version: "latest-x" });
    expect(put.headers.get("X-Request-ID")).toMatch(/^ui-[0-9a-f]{24}$/);
  });
});
