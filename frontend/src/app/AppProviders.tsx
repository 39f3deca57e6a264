import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider, theme } from "antd";
import { useState, type ReactNode } from "react";
import { ApiClientProvider } from "../api/ApiClientContext";
import type { ApiClient } from "../api/client";
import { ApiError } from "../api/errors";
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

function ThemedAntd({ children }: { children: ReactNode }) {
  const { effective } = useThemeMode();
  const dark = effective === "dark";
  return (
    <ConfigProvider
      theme={{
        algorithm: dark ? theme.darkAlgorithm : theme.defaultAlgorithm,
        token: { colorPrimary: dark ? PRIMARY_DARK : PRIMARY, colorLink: dark ? PRIMARY_DARK : PRIMARY },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function AppProviders({
  apiClient,
  queryClient,
  children,
}: {
  apiClient: ApiClient;
  queryClient?: QueryClient;
  children: ReactNode;
}) {
  const [client] = useState(() => queryClient ?? createAppQueryClient());
  return (
    <ApiClientProvider client={apiClient}>
      <QueryClientProvider client={client}>
        <ThemeModeProvider>
          <ThemedAntd>{children}</ThemedAntd>
        </ThemeModeProvider>
      </QueryClientProvider>
    </ApiClientProvider>
  );
}
