import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// jsdom lacks these browser APIs that antd relies on.
Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
window.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;

// jsdom does not implement getComputedStyle for pseudo-elements and says so on every antd render.
const realGetComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element, pseudo?: string | null) => realGetComputedStyle(element, pseudo ? undefined : pseudo);

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

// antd + jsdom renders are slow on a busy 2-core CI machine; the default 1 s is far too tight.
configure({ asyncUtilTimeout: 10_000 });
