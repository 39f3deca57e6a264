// Route table. Each page is its own lazily loaded chunk so the first paint only pays for the
// shell and the page being opened.
import { lazy } from "react";
import type { RouteObject } from "react-router";
import { AppLayout } from "./AppLayout";

const DashboardPage = lazy(() => import("../features/dashboard/DashboardPage"));
const InstancesPage = lazy(() => import("../features/instances/InstancesPage"));
const InstanceDetailPage = lazy(() => import("../features/instances/detail/InstanceDetailPage"));
const HistoryPage = lazy(() => import("../features/history/HistoryPage"));
const DiffPage = lazy(() => import("../features/timetravel/DiffPage"));
const ComparePage = lazy(() => import("../features/history/compare/ComparePage"));
const TokensPage = lazy(() => import("../features/settings/tokens/TokensPage"));
const NotFoundPage = lazy(() => import("./NotFoundPage"));

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <DashboardPage /> },
      { path: "instances", element: <InstancesPage /> },
      { path: "instances/:id", element: <InstanceDetailPage /> },
      { path: "instances/:id/compare", element: <ComparePage /> },
      { path: "history", element: <HistoryPage /> },
      { path: "history/diff", element: <DiffPage /> },
      { path: "settings/tokens", element: <TokensPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];
