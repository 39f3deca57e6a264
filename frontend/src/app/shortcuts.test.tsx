import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { useGlobalShortcuts, type ShortcutHandlers } from "./shortcuts";

function Harness({ handlers }: { handlers: ShortcutHandlers }) {
  useGlobalShortcuts(handlers);
  return <input aria-label="typing here" />;
}

function setup() {
  const handlers = { focusSearch: vi.fn(), newInstance: vi.fn(), showHelp: vi.fn(), go: vi.fn() };
  render(<Harness handlers={handlers} />);
  return handlers;
}

describe("global shortcuts", () => {
  it("maps / n ? and the g-sequences", () => {
    const h = setup();
    fireEvent.keyDown(window, { key: "/" });
    fireEvent.keyDown(window, { key: "n" });
    fireEvent.keyDown(window, { key: "?" });
    fireEvent.keyDown(window, { key: "g" });
    fireEvent.keyDown(window, { key: "h" });
    fireEvent.keyDown(window, { key: "g" });
    fireEvent.keyDown(window, { key: "d" });
    expect(h.focusSearch).toHaveBeenCalledTimes(1);
    expect(h.newInstance).toHaveBeenCalledTimes(1);
    expect(h.showHelp).toHaveBeenCalledTimes(1);
    expect(h.go.mock.calls).toEqual([["history"], ["dashboard"]]);
  });

  it("never fires while the user types in a field, or with a modifier key", () => {
    const h = setup();
    const input = screen.getByRole("textbox", { name: "typing here" });
    fireEvent.keyDown(input, { key: "n" });
    fireEvent.keyDown(input, { key: "/" });
    fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    expect(h.newInstance).not.toHaveBeenCalled();
    expect(h.focusSearch).not.toHaveBeenCalled();
  });

  it("a lone g followed by another key does not navigate", () => {
    const h = setup();
    fireEvent.keyDown(window, { key: "g" });
    fireEvent.keyDown(window, { key: "x" });
    fireEvent.keyDown(window, { key: "i" });
    expect(h.go).not.toHaveBeenCalled();
  });
});
