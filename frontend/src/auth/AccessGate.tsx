// Nothing of the app renders before GET /me has said who the caller is. A 401 (no token, a bad
// one, or one the server stopped accepting) shows the sign-in screen instead; with access control
// off or behind an SSO proxy /me simply answers and no sign-in is ever shown.
import { useQueryClient } from "@tanstack/react-query";
import { Button, Layout, Result, Space, Spin } from "antd";
import { Fragment, lazy, Suspense, useEffect, type ReactNode } from "react";
import { ApiError, describeError } from "../api/errors";
import { useMeQuery } from "../api/me";
import { useConnectivity } from "../offline/connectivity";
import { AccessContext } from "./AccessContext";
import { useSession, useSessionState } from "./SessionContext";

const SignInPage = lazy(() => import("./SignInPage"));

/** The service worker's copies of API answers belong to whoever was signed in. */
function forgetCachedAnswers() {
  if (typeof caches !== "undefined") void caches.delete("iims-api").catch(() => false);
}

function FullPage({ children }: { children: ReactNode }) {
  return (
    <Layout className="full-page">
      <Layout.Content id="main-content" className="full-page-content">
        {children}
      </Layout.Content>
    </Layout>
  );
}

export function FullPageLoading() {
  return (
    <FullPage>
      <div role="status" className="full-page-status">
        <Spin aria-hidden />
        <span>Loading IIMS…</span>
      </div>
    </FullPage>
  );
}

function AccessError({ error, onRetry, onSignOut }: { error: unknown; onRetry: () => void; onSignOut?: () => void }) {
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <FullPage>
      <Result
        status={forbidden ? "403" : "error"}
        title={<h1 className="result-title">{forbidden ? "You may not use IIMS" : "IIMS cannot be reached"}</h1>}
        subTitle={describeError(error)}
        extra={
          <Space>
            <Button type="primary" onClick={onRetry}>
              Retry
            </Button>
            {onSignOut && <Button onClick={onSignOut}>Sign out</Button>}
          </Space>
        }
      />
    </FullPage>
  );
}

export function AccessGate({ children }: { children: ReactNode }) {
  const session = useSession();
  const state = useSessionState();
  const me = useMeQuery(state.epoch);
  const queryClient = useQueryClient();
  const { online } = useConnectivity();
  const unreachable = me.error instanceof ApiError && me.error.isNetworkError;
  const { refetch } = me;
  // Opened while the server could not be reached: ask again as soon as it can be, not only when
  // the user presses Retry.
  useEffect(() => {
    if (online && unreachable) void refetch();
  }, [online, unreachable, refetch]);

  // A new identity starts from nothing: what the previous one loaded must not show (or be served
  // offline) under this one. Runs inside sign-in/sign-out, before React re-renders the pages.
  useEffect(
    () =>
      session.subscribe(() => {
        queryClient.removeQueries();
        forgetCachedAnswers();
      }),
    [session, queryClient],
  );

  const refused = me.error instanceof ApiError && me.error.status === 401 ? me.error : null;
  if (refused) {
    return (
      <Suspense fallback={<FullPageLoading />}>
        <SignInPage notice={state.notice} serverMessage={refused.message} />
      </Suspense>
    );
  }
  // Keep working on what /me said before when a later refetch fails for another reason (offline).
  if (me.data) {
    return (
      <AccessContext.Provider value={me.data}>
        <Fragment key={state.epoch}>{children}</Fragment>
      </AccessContext.Provider>
    );
  }
  if (me.isPending) return <FullPageLoading />;
  return <AccessError error={me.error} onRetry={() => void me.refetch()} onSignOut={state.token ? () => session.signOut() : undefined} />;
}
