// Registers the service worker (sw/sw.ts → /sw.js). Called from main.tsx in production builds
// only, so the dev server and unit tests never run one.
import type { QueryClient } from "@tanstack/react-query";

/**
 * `onFirstControl` runs when a worker starts controlling a page that had none (the first visit):
 * the data already on screen came from the network before the worker existed, so the caller
 * refetches it once through the worker, which caches it for offline use.
 */
export function registerServiceWorker(onFirstControl: () => void): void {
  if (!("serviceWorker" in navigator)) return;
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!hadController) onFirstControl();
  });
  const register = () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error: unknown) => {
      // Not fatal: the app works online without it (e.g. a browser with workers disabled).
      console.warn("service worker not registered", error);
    });
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}

/**
 * Refetches what is on screen through the newly active worker. Requests still in flight began
 * before the worker existed (and TanStack Query folds a refetch into a first fetch in flight), so
 * wait for them first.
 */
export async function refetchThroughWorker(queryClient: QueryClient): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (queryClient.isFetching() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await queryClient.refetchQueries({ type: "active" });
}
