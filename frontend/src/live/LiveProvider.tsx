// One live connection (GET /api/events) for the whole app. It feeds the query cache (through
// api/liveCache.ts), the highlight store, and any component that subscribes to the raw events
// (toasts on the detail page, the edit form's "changed since you opened it" notice, the
// "N new changes" offer on /history).
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { CLOSE_POLICY, EventsClient, eventsUrl, type LiveStatus, type SocketLike } from "../api/events";
import { createLiveCache } from "../api/liveCache";
import { meKeys } from "../api/me";
import { socketProtocols } from "../api/session";
import type { LiveEvent } from "../api/types";
import { useSessionState } from "../auth/SessionContext";
import { RecentChanges, useRecentChanges } from "./recentChanges";

type Listener = (event: LiveEvent) => void;

export interface LiveState {
  status: LiveStatus;
  attempt: number;
  retryInMs?: number;
}

interface LiveValue {
  /** False when the app runs without a live connection (unit tests that do not ask for one). */
  enabled: boolean;
  state: LiveState;
  subscribe: (listener: Listener) => () => void;
  recent: RecentChanges;
}

const STATIC_VALUE: LiveValue = {
  enabled: false,
  state: { status: "stopped", attempt: 0 },
  subscribe: () => () => {},
  recent: new RecentChanges(),
};

const LiveContext = createContext<LiveValue>(STATIC_VALUE);

/** Opens a WebSocket; `protocols` carries the API token when there is one. */
export type CreateSocket = (url: string, protocols?: string[]) => SocketLike;

export interface LiveProviderProps {
  /** Opens the socket; omit to run without live updates. */
  createSocket?: CreateSocket;
  /** Defaults to ws(s)://<this origin>/api/events. */
  url?: string;
  children: ReactNode;
}

export function LiveProvider({ createSocket, url, children }: LiveProviderProps) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>({ status: createSocket ? "connecting" : "stopped", attempt: 0 });
  const listeners = useRef(new Set<Listener>());
  const [recent] = useState(() => new RecentChanges());
  // A new identity gets its own stream (the token travels as a subprotocol, never in the URL).
  const { token } = useSessionState();

  useEffect(() => {
    if (!createSocket) return;
    const cache = createLiveCache(queryClient, { onFlush: (events) => recent.record(events) });
    const protocols = socketProtocols(token);
    const client = new EventsClient({
      url: url ?? eventsUrl(window.location),
      createSocket: (socketUrl) => createSocket(socketUrl, protocols),
      onEvent: (event) => {
        cache.push(event);
        for (const listener of listeners.current) listener(event);
      },
      onReset: () => cache.reset(),
      onStatus: (status, detail) => setState({ status, ...detail }),
      // The stream of a revoked or expired token ends with 1008: ask /me, whose 401 signs the tab out.
      onServerClose: (code) => {
        if (code === CLOSE_POLICY) void queryClient.invalidateQueries({ queryKey: meKeys.all });
      },
    });
    client.start();
    // Back online: reconnect now instead of waiting out the back-off.
    const onOnline = () => client.reconnectNow();
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("online", onOnline);
      client.stop();
      cache.dispose();
    };
  }, [createSocket, url, queryClient, recent, token]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const value = useMemo<LiveValue>(() => ({ enabled: Boolean(createSocket), state, recent, subscribe }), [createSocket, state, recent, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLiveState(): LiveState & { enabled: boolean } {
  const { state, enabled } = useContext(LiveContext);
  return { ...state, enabled };
}

/** Calls `handler` for every live event (the latest handler; no re-subscription per render). */
export function useLiveEvents(handler: Listener): void {
  const { subscribe } = useContext(LiveContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => subscribe((event) => ref.current(event)), [subscribe]);
}

/** Lookup of the instances changed in the last few seconds (for highlights). */
export function useRecentChange() {
  return useRecentChanges(useContext(LiveContext).recent);
}
