// Can the app write right now? Offline means the browser says so, or the server does not answer
// its health check; writes are then disabled everywhere (a queued write could silently lose to
// someone else's change), and the banner says how old the data on screen is.
import { useEffect, useSyncExternalStore } from "react";
import { useHealth } from "../api/health";
import { useStaleSince } from "./staleData";

function subscribeOnline(listener: () => void) {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

export function useBrowserOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
}

export interface Connectivity {
  /** False while the browser is offline or the server cannot be reached. */
  online: boolean;
  /** When the oldest cached answer on screen was fetched (null: everything is fresh). */
  staleSince: string | null;
}

export function useConnectivity(): Connectivity {
  const browserOnline = useBrowserOnline();
  const health = useHealth();
  const staleSince = useStaleSince();
  const { refetch } = health;
  const serverUnreachable = health.data?.state === "offline";
  // Back online: ask the server now rather than at the next 15-second poll.
  useEffect(() => {
    if (browserOnline && serverUnreachable) void refetch();
  }, [browserOnline, serverUnreachable, refetch]);
  return { online: browserOnline && health.data?.state !== "offline", staleSince };
}

/** The reason shown on disabled write controls. */
export const OFFLINE_REASON = "Unavailable offline: changes need the server";
