// Global keyboard shortcuts. Single keys only fire when focus is not in a text field, so typing
// never triggers navigation; `g` starts a two-key sequence (g d, g i, g h).
import { useEffect, useRef } from "react";

export interface ShortcutHandlers {
  focusSearch: () => void;
  newInstance: () => void;
  showHelp: () => void;
  go: (target: "dashboard" | "instances" | "history") => void;
}

/** `writes`: only for callers who may change instances. */
export const SHORTCUTS: ReadonlyArray<{ keys: string[]; description: string; writes?: boolean }> = [
  { keys: ["/"], description: "Focus the instance search" },
  { keys: ["n"], description: "New instance", writes: true },
  { keys: ["?"], description: "Show this list of shortcuts" },
  { keys: ["g", "d"], description: "Go to the dashboard" },
  { keys: ["g", "i"], description: "Go to instances" },
  { keys: ["g", "h"], description: "Go to history" },
  { keys: ["Esc"], description: "Close a drawer or dialog" },
];

const SEQUENCE_TIMEOUT_MS = 1200;
const GO_TARGETS = { d: "dashboard", i: "instances", h: "history" } as const;

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
  }
  return target.getAttribute("role") === "combobox";
}

/** True while a modal dialog or drawer is open: shortcuts must not act behind it. */
function overlayOpen(): boolean {
  if (document.querySelector(".ant-drawer-open")) return true;
  return [...document.querySelectorAll<HTMLElement>(".ant-modal-wrap")].some((el) => el.getClientRects().length > 0);
}

export function useGlobalShortcuts(handlers: ShortcutHandlers) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    let pendingG = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || overlayOpen()) return;
      const h = ref.current;
      if (pendingG && Date.now() - pendingG < SEQUENCE_TIMEOUT_MS) {
        pendingG = 0;
        const target = GO_TARGETS[event.key as keyof typeof GO_TARGETS];
        if (target) {
          event.preventDefault();
          h.go(target);
          return;
        }
      }
      pendingG = 0;
      switch (event.key) {
        case "/":
          event.preventDefault();
          h.focusSearch();
          break;
        case "n":
          event.preventDefault();
          h.newInstance();
          break;
        case "?":
          event.preventDefault();
          h.showHelp();
          break;
        case "g":
          pendingG = Date.now();
          break;
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
