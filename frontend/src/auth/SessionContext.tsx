// The tab's Session (api/session.ts) for components: the token, the identity epoch, sign in/out.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from "react";
import { appSession, type Session, type SessionState } from "../api/session";

const SessionContext = createContext<Session>(appSession);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}

/** The session's state, re-rendering on every sign-in, sign-out or refused token. */
export function useSessionState(): SessionState {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, () => session.snapshot, () => session.snapshot);
}
