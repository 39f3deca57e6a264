// Import from the instances page: the file goes as it is with its format, the plan (a dry run) is
// shown row by row, and applying sends the same file once more with the reason in its header.
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ImportResult } from "../../../api/types";
import { baseServer, json } from "../../../test/fakeServer";
import { renderApp } from "../../../test/renderApp";
import { describeItem, describeProblem, planSummary } from "./importPlan";

const CSV = "name,replicas\nimp-a,2\nimp-b,3\n";

const plan: ImportResult = {
  dry_run: true,
  created: 1,
  updated: 1,
  unchanged: 0,
  items: [
    { line: 2, name: "imp-a", action: "create", changes: { name: { old: null, new: "imp-a" }, replicas: { old: null, new: 2 } } },
    { line: 3, name: "imp-b", action: "update", id: 7, changes: { replicas: { old: 1, new: 3 }, updated_at: { old: "a", new: "b" } } },
  ],
};

function importServer() {
  return baseServer().on("POST", /^\/instances\/import$/, (req) =>
    req.url.searchParams.get("dry_run") === "true" ? json(200, plan) : json(200, { ...plan, dry_run: false, request_id: "r1" }),
  );
}

async function openAndChoose(user: ReturnType<typeof userEvent.setup>, file: File) {
  await user.click(await screen.findByRole("button", { name: "Import" }));
  // (By its title: under test, antd gives every dialog the same generated id, so names clash.)
  const dialog = (await screen.findByText("Import instances")).closest(".ant-modal") as HTMLElement;
  await user.upload(dialog.querySelector('input[type="file"]') as HTMLInputElement, file);
  return dialog;
}

describe("import from a file", () => {
  it("shows the plan of the file, then imports it with the reason", async () => {
    const server = importServer();
    renderApp(server, "/instances");
    const user = userEvent.setup();
    const dialog = await openAndChoose(user, new File([CSV], "fleet.csv", { type: "text/csv" }));
    expect(await within(dialog).findByText("Plan: 1 to create · 1 to update · 0 unchanged")).toBeInTheDocument();
    expect(within(dialog).getByText("Replicas: 1 → 3")).toBeInTheDocument();
    const [dry] = server.requestsTo("POST", /^\/instances\/import$/);
    expect(dry?.url.searchParams.get("format")).toBe("csv");
    expect(dry?.headers.get("content-type")).toBe("text/csv");
    expect(dry?.body).toBe(CSV);

    await user.type(within(dialog).getByLabelText(/^Reason/), "capacity plan — Q3");
    await user.click(within(dialog).getByRole("button", { name: "Import 2 changes" }));
    expect(await screen.findByText("Imported “fleet.csv”: 1 created · 1 updated · 0 unchanged")).toBeInTheDocument();
    const applied = server.requestsTo("POST", /^\/instances\/import$/)[1];
    expect(applied?.url.searchParams.get("dry_run")).toBe("false");
    expect(applied?.headers.get("X-Change-Reason")).toBe("UTF-8''capacity%20plan%20%E2%80%94%20Q3");
    expect(applied?.body).toBe(CSV);
  });

  it("lists the server's problems with their lines and offers nothing to import", async () => {
    const server = baseServer().on("POST", /^\/instances\/import$/, () =>
      json(422, {
        error: {
          type: "ValidationError",
          message: "2 problem(s) in the file; nothing was imported",
          details: { errors: [{ in: "body", field: "replicas", message: "must be a whole number", line: 3 }, { in: "body", field: "file", message: "malformed CSV", line: 9 }] },
        },
      }),
    );
    renderApp(server, "/instances");
    const user = userEvent.setup();
    const dialog = await openAndChoose(user, new File(["x"], "bad.csv", { type: "text/csv" }));
    expect(await within(dialog).findByText("2 problems in the file; nothing was imported")).toBeInTheDocument();
    expect(within(dialog).getByText("Line 3 · Replicas: must be a whole number")).toBeInTheDocument();
    expect(within(dialog).getByText("Line 9: malformed CSV")).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: /^Import \d+ change/ })).toBeDisabled();
  });

  it("refuses a file whose format it cannot tell, or that is too large, without sending it", async () => {
    const server = importServer();
    renderApp(server, "/instances");
    const user = userEvent.setup({ applyAccept: false });
    const dialog = await openAndChoose(user, new File(["x"], "notes.txt"));
    expect(await within(dialog).findByText(/Cannot tell the format of “notes.txt”/)).toBeInTheDocument();
    await user.upload(dialog.querySelector('input[type="file"]') as HTMLInputElement, new File([new Uint8Array(17 * 1024 * 1024)], "huge.csv"));
    expect(await within(dialog).findByText(/“huge.csv” is 17.0 MB: the server takes at most 16 MiB/)).toBeInTheDocument();
    // Had either been sent, the dialog would show the plan loading, failing or made (a file
    // this large goes by XMLHttpRequest, past the fake server, so its requests alone cannot tell).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(within(dialog).queryByText(/Reading the file|cannot be imported|cannot be reached|^Plan:/)).toBeNull();
    expect(server.requestsTo("POST", /^\/instances\/import$/)).toHaveLength(0);
  });

  it("words the plan and its problems", () => {
    expect(planSummary({ ...plan, dry_run: false })).toBe("1 created · 1 updated · 0 unchanged");
    expect(describeItem(plan.items[0]!)).toBe("Replicas: 2");
    expect(describeItem(plan.items[1]!)).toBe("Replicas: 1 → 3");
    expect(describeProblem({ in: "body", field: "file", message: "malformed YAML" })).toBe("The file: malformed YAML");
  });
});
