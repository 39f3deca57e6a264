import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider, theme } from "antd";
import { useState, type ReactNode } from "react";
import { ApiClientProvider } from "../api/ApiClientContext";
import type { ApiClient } from "../api/client";
import { ApiError } from "../api/errors";
import { appSession, type Session } from "../api/session";
import { AccessGate } from "../auth/AccessGate";
import { SessionProvider } from "../auth/SessionContext";
import { LiveProvider, type CreateSocket } from "../live/LiveProvider";
import { ThemeModeProvider, useThemeMode } from "./ThemeModeContext";

// antd's default primary (#1677ff) fails WCAG AA contrast with white text; #0958d9 passes.
const PRIMARY = "#0958d9";
// In dark mode a lighter blue keeps links and outlines readable on the dark background.
const PRIMARY_DARK = "#3c89e8";

export function createAppQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        // 4xx answers will not change by retrying; only retry what may be transient.
        retry: (failureCount, error) =>
          failureCount < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

// WCAG AA needs 4.5:1 for normal text. antd's defaults miss it in a few places, so the theme
// overrides exactly those tokens (each checked by the axe e2e run in both modes):
// - tertiary/description text and select placeholders are 45 % / 25 % opacity (≈3.4:1 / 1.8:1);
// - the default error red #ff4d4f is 3.3:1 on white (danger buttons, error text);
// - in dark mode the derived link/menu-selection blue is too dark on the dark background;
// - an empty table's "nothing here" line is drawn in the disabled colour (1.8:1), so inside
//   tables that colour is the tertiary one.
const LIGHT_TOKENS = {
  colorPrimary: PRIMARY,
  colorLink: PRIMARY,
  colorError: "#cf1322",
  colorTextTertiary: "rgba(0, 0, 0, 0.62)",
  colorTextDescription: "rgba(0, 0, 0, 0.62)",
  colorTextPlaceholder: "rgba(0, 0, 0, 0.6)",
};
const DARK_TOKENS = {
  colorPrimary: PRIMARY_DARK,
  // Hover/active must keep white button text readable, so they darken instead of lightening.
  colorPrimaryHover: "#2f6db8",
  colorPrimaryActive: "#285d9e",
  colorLink: "#8ec5ff",
  colorError: "#ff7875",
  colorTextTertiary: "rgba(255, 255, 255, 0.62)",
  colorTextDescription: "rgba(255, 255, 255, 0.62)",
  colorTextPlaceholder: "rgba(255, 255, 255, 0.6)",
};

function ThemedAntd({ children }: { children: ReactNode }) {
  const { effective } = useThemeMode();
  const dark = effective === "dark";
  return (
    <ConfigProvider
      theme={{
        algorithm: dark ? theme.darkAlgorithm : theme.defaultAlgorithm,
        token: dark ? DARK_TOKENS : LIGHT_TOKENS,
        components: dark
          ? {
              Menu: { itemSelectedColor: "#b3d7ff", itemSelectedBg: "#112a4d" },
              // A light-red primary danger button needs dark text to stay readable.
              Button: { dangerColor: "#141414" },
              Table: { colorTextDisabled: DARK_TOKENS.colorTextTertiary },
            }
          : { Table: { colorTextDisabled: LIGHT_TOKENS.colorTextTertiary } },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function AppProviders({
  apiClient,
  queryClient,
  liveSocket,
  session = appSession,
  children,
}: {
  /** Must read its token from the same `session`. */
  apiClient: ApiClient;
  queryClient?: QueryClient;
  /** Opens the live-updates WebSocket; omitted (no live updates) in most unit tests. */
  liveSocket?: CreateSocket;
  session?: Session;
  children: ReactNode;
}) {
  const [client] = useState(() => queryClient ?? createAppQueryClient());
  return (
    <ApiClientProvider client={apiClient}>
      <QueryClientProvider client={client}>
        <ThemeModeProvider>
          <ThemedAntd>
            <SessionProvider session={session}>
              <AccessGate>
                <LiveProvider createSocket={liveSocket}>{children}</LiveProvider>
              </AccessGate>
            </SessionProvider>
          </ThemedAntd>
        </ThemeModeProvider>
      </QueryClientProvider>
    </ApiClientProvider>
  );
}
