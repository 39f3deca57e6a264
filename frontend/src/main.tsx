import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router";
import { createApiClient } from "./api/client";
import { AppProviders } from "./app/AppProviders";
import { routes } from "./app/routes";
import "./styles.css";

const router = createBrowserRouter(routes);
const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

createRoot(root).render(
  <StrictMode>
    <AppProviders apiClient={createApiClient()}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
