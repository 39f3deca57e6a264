// The compare view: changed fields typed and highlighted, unchanged ones folded away, a swap
// button that rewrites the deep link, and `?to=` alone resolved to the version before it.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { HistoryComparison } from "../../../api/types";
import { baseServer, historyPage, json, makeHistoryRecord, makeInstance } from "../../../test/fakeServer";
import { currentUrl, renderApp } from "../../../test/renderApp";

const instance = makeInstance({ id: 9, name: "cmp-9" });
const older = makeHistoryRecord({ ...instance, version: 2, replicas: 2 }, { history_id: 100 });
const newer = makeHistoryRecord({ ...instance, version: 5, replicas: 4, status: "inactive" }, { history_id: 105, operation_type: "delete" });
const unchanged = ["name", "model_name", "model_version", "cluster_name", "image_tag", "pp", "cp", "tp", "priority", "description"];

function comparison(from: number): HistoryComparison {
  const [a, b] = from === 100 ? [older, newer] : [newer, older];
  return {
    instance_id: 9,
    from: a,
    to: b,
    changes: { replicas: { old: a.replicas, new: b.replicas }, status: { old: a.status, new: b.status } },
    unchanged_fields: unchanged,
  };
}

function server() {
  return baseServer().on("GET", /^\/history\/compare$/, (req) =>
    json(200, comparison(Number(req.url.searchParams.get("from")))),
  );
}

describe("compare view", () => {
  it("highlights typed changes, folds unchanged fields and swaps from/to in the URL", async () => {
    const fake = server();
    const { router } = renderApp(fake, "/instances/9/compare?from=100&to=105");
    const changed = await screen.findByRole("table", { name: "2 changed fields" });
    const rows = within(changed).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.getAttribute("data-field"))).toEqual(["replicas", "status"]);
    expect(rows[0]).toHaveTextContent("Replicas24+2");
    expect(rows[1]!.querySelector("[data-status=active]")).toBeInTheDocument();
    expect(rows[1]!.querySelector("[data-status=inactive]")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "To: version 5" })).toBeInTheDocument();
    expect(screen.getByText("The delete record: the last state before deletion.")).toBeInTheDocument();

    const user = userEvent.setup();
    const fold = screen.getByRole("button", { name: "10 unchanged fields" });
    expect(fold).toHaveAttribute("aria-expanded", "false");
    await user.click(fold);
    expect(fold).toHaveAttribute("aria-expanded", "true");
    expect(await screen.findByRole("rowheader", { name: "Model name" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: /Swap from and to/ }));
    await waitFor(() => expect(currentUrl(router)).toBe("/instances/9/compare?from=105&to=100"));
    expect(await screen.findByRole("heading", { name: "From: version 5" })).toBeInTheDocument();
    expect(within(screen.getByRole("table", { name: "2 changed fields" })).getAllByRole("row")[1]).toHaveTextContent("Replicas42−2");
  });

  it("with only `to`, compares with the version just before it", async () => {
    const fake = server().on("GET", /^\/instances\/9\/history$/, () => json(200, historyPage([older], null)));
    const { router } = renderApp(fake, "/instances/9/compare?to=105");
    await waitFor(() => expect(currentUrl(router)).toBe("/instances/9/compare?from=100&to=105"));
    expect(await screen.findByRole("table", { name: "2 changed fields" })).toBeInTheDocument();
    const lookup = fake.requestsTo("GET", /^\/instances\/9\/history$/)[0]!.url.searchParams;
    expect(Object.fromEntries(lookup)).toEqual({ before: "105", limit: "1", include_total: "false" });
  });
});
