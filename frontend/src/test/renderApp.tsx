// Renders the real app (providers, layout, routes) at a URL, talking to a FakeServer.
import { render } from "@testing-library/react";
import { ConfigProvider } from "antd";
import { createMemoryRouter, RouterProvider } from "react-router";
import { createApiClient } from "../api/client";
import { Session } from "../api/session";
import { AppProviders, createAppQueryClient } from "../app/AppProviders";
import type { CreateSocket } from "../live/LiveProvider";
import { routes } from "../app/routes";
import type { FakeServer } from "./fakeServer";
import { memoryStorage } from "./memoryStorage";

// The routes are React.lazy chunks. Load them once up front, so a test's first findBy… does not
// also pay for transforming them (many seconds on a busy 2-core machine).
await Promise.all([
  import("../features/dashboard/DashboardPage"),
  import("../features/instances/InstancesPage"),
  import("../features/instances/detail/InstanceDetailPage"),
  import("../features/history/HistoryPage"),
  import("../features/history/compare/ComparePage"),
  import("../features/instances/form/InstanceFormDrawer"),
  import("../app/NotFoundPage"),
  import("../auth/SignInPage"),
  import("../features/settings/tokens/TokensPage"),
]);

export interface RenderAppOptions {
  /** Opens live-updates sockets (e.g. fakeSockets().create); without it the app has no live connection. */
  liveSocket?: CreateSocket;
  /** A token already kept in this tab (as after a sign-in before a reload). */
  token?: string;
}

export function renderApp(server: FakeServer, url: string, { liveSocket, token }: RenderAppOptions = {}) {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const queryClient = createAppQueryClient();
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retry: false } });
  const storage = memoryStorage();
  if (token) storage.setItem("iims.token", token);
  const session = new Session(storage);
  // No motion: jsdom never fires the transition end that finishes antd's closing animations, so a
  // dialog kept mounted while it closes (useDialog) would stay in the document for ever.
  const utils = render(
    <ConfigProvider theme={{ token: { motion: false } }}>
      <AppProviders apiClient={createApiClient({ baseUrl: "http://iims.test/api", fetch: server.fetch, session })} queryClient={queryClient} liveSocket={liveSocket} session={session}>
        <RouterProvider router={router} />
      </AppProviders>
    </ConfigProvider>,
  );
  return { ...utils, router, queryClient, session, storage };
}

/** The current location of a memory router as "path?query". */
export function currentUrl(router: ReturnType<typeof createMemoryRouter>): string {
  const { pathname, search } = router.state.location;
  return `${pathname}${search}`;
}
