import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import { createApiClient } from "./api/client";
import { AppProviders, createAppQueryClient } from "./app/AppProviders";
import { routes } from "./app/routes";
import { refetchThroughWorker, registerServiceWorker } from "./offline/registerServiceWorker";
import "./styles.css";

const router = createBrowserRouter(routes);
const queryClient = createAppQueryClient();
const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

// The API token (when there is one) rides as a subprotocol: browsers cannot set headers on a socket.
const openSocket = (url: string, protocols?: string[]) => new WebSocket(url, protocols);

if (import.meta.env.PROD) registerServiceWorker(() => void refetchThroughWorker(queryClient));

createRoot(root).render(
  <StrictMode>
    <AppProviders apiClient={createApiClient()} queryClient={queryClient} liveSocket={openSocket}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
