// Icons come from components/icons only, so every one is hidden from assistive technology and
// a control's accessible name is exactly its visible label.
import { render } from "@testing-library/react";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { EditOutlined } from "./icons";

const sources = import.meta.glob<string>(["../**/*.ts", "../**/*.tsx"], { query: "?raw", import: "default", eager: true });

describe("icons", () => {
  it("are imported from components/icons everywhere else", () => {
    const files = Object.keys(sources);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((path) => !path.endsWith("/icons.ts") && !path.endsWith("/icons.test.ts") && sources[path]?.includes('from "@ant-design/icons"'));
    expect(offenders).toEqual([]);
  });

  it("are hidden from assistive technology", () => {
    const { getByRole } = render(createElement("button", null, createElement(EditOutlined), "Edit"));
    const button = getByRole("button", { name: "Edit" });
    expect(button.querySelector(".anticon")?.getAttribute("aria-hidden")).toBe("true");
  });
});
