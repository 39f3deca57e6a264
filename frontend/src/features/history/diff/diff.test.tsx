// Typed change rendering: numbers with their delta, enums as coloured tags, long text as a word
// diff, and null ↔ value; plus the one-line summaries used in timelines, feeds and toasts.
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { HistoryRecord } from "../../../api/types";
import { makeHistoryRecord, makeInstance } from "../../../test/fakeServer";
import { kindOf } from "./fieldKinds";
import { FieldDiff } from "./FieldDiff";
import { describeDelta, fieldDeltas, summarizeRecord } from "./summarize";

const delta = (field: Parameters<typeof kindOf>[0], old: string | number | null, next: string | number | null) => fieldDeltas({ [field]: { old, new: next } })[0]!;

describe("field kinds come from the spec's rules", () => {
  it("integers, enums, short strings and long text", () => {
    expect([kindOf("replicas"), kindOf("tp"), kindOf("status"), kindOf("priority"), kindOf("name"), kindOf("description")]).toEqual([
      "number",
      "number",
      "enum",
      "enum",
      "string",
      "text",
    ]);
  });
});

describe("one-line descriptions", () => {
  it("numbers show the signed delta", () => {
    expect(describeDelta(delta("replicas", 2, 4))).toBe("Replicas 2 → 4 (+2)");
    expect(describeDelta(delta("tp", 8, 2))).toBe("TP 8 → 2 (−6)");
  });

  it("enums and strings show the transition", () => {
    expect(describeDelta(delta("status", "active", "inactive"))).toBe("Status active → inactive");
    expect(describeDelta(delta("model_version", "latest", "v2"))).toBe("Model version latest → v2");
  });

  it("null ↔ value reads as set / cleared", () => {
    expect(describeDelta(delta("description", null, "moved to the new cluster"))).toBe("Description set to “moved to the new cluster”");
    expect(describeDelta(delta("description", "old notes", null))).toBe("Description cleared (was “old notes”)");
  });

  it("long text counts the words added and removed", () => {
    expect(describeDelta(delta("description", "serves chat traffic in eu", "serves batch traffic in eu and us"))).toBe("Description edited (+3 −1 words)");
  });

  it("summarises a record in spec order, leaving out timestamps", () => {
    const record = makeHistoryRecord(makeInstance({ id: 3 }), {
      changes: { status: { old: "active", new: "inactive" }, replicas: { old: 2, new: 4 }, updated_at: { old: "a", new: "b" } },
    });
    expect(summarizeRecord(record)).toBe("Replicas 2 → 4 (+2), Status active → inactive");
    const deleted: HistoryRecord = { ...record, operation_type: "delete", changes: null, replicas: 3, status: "error" };
    expect(summarizeRecord(deleted)).toBe("Deleted (last state: llama-7b on gpu-cluster-1, 3 replicas, error)");
  });
});

describe("typed rendering", () => {
  it("renders numbers with a delta badge", () => {
    render(<FieldDiff delta={delta("replicas", 2, 4)} />);
    expect(screen.getByText("(+2)")).toHaveClass("diff-up");
    expect(document.querySelector(".field-diff")).toHaveTextContent("Replicas2 to 4(+2)");
  });

  it("renders enum transitions as the app's coloured tags", () => {
    render(<FieldDiff delta={delta("status", "active", "error")} />);
    expect(document.querySelector("[data-status=active]")).toHaveTextContent("active");
    expect(document.querySelector("[data-status=error]")).toHaveTextContent("error");
  });

  it("renders a word diff for long text, announced as added/removed", () => {
    render(<FieldDiff delta={delta("description", "serves chat traffic", "serves batch traffic")} />);
    expect(document.querySelector("del")).toHaveTextContent("removed: chat");
    expect(document.querySelector("ins")).toHaveTextContent("added: batch");
    expect(document.querySelector(".word-diff")).toHaveTextContent(/^serves removed: chatadded: batch traffic$/);
  });

  it("renders a missing value as “none”", () => {
    render(<FieldDiff delta={delta("description", null, "new")} />);
    expect(screen.getByText("none").tagName).toBe("EM");
    expect(screen.getByText("new")).toBeInTheDocument();
  });
});
