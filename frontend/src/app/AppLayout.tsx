// The shell: navigation, global actions (create, theme, shortcuts help), who is signed in,
// connection state, and an error boundary around the routed page so a crash there leaves the
// navigation usable. What the caller's role may not do is not offered (the server refuses it too).
import { ApiOutlined, DashboardOutlined, HistoryOutlined, KeyOutlined, MenuOutlined, QuestionCircleOutlined, TableOutlined } from "../components/icons";
import { Button, Drawer, Grid, Layout, Menu, Space, Spin, theme, Tooltip, Typography, type MenuProps } from "antd";
import { Suspense, useState } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { usePermissions } from "../auth/AccessContext";
import { WhoAmI } from "../auth/WhoAmI";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { InstanceEditorProvider, useInstanceEditor } from "../features/instances/InstanceEditorContext";
import { LiveIndicator } from "../live/LiveIndicator";
import { OFFLINE_REASON, useConnectivity } from "../offline/connectivity";
import { OfflineBanner } from "../offline/OfflineBanner";
import { HealthIndicator } from "./HealthIndicator";
import { ShortcutSheet } from "./ShortcutSheet";
import { useGlobalShortcuts } from "./shortcuts";
import { ThemeSwitcher } from "./ThemeSwitcher";
import { useAsOf } from "../features/timetravel/useTimeTravel";

const NAV_ITEMS: NonNullable<MenuProps["items"]> = [
  { key: "/", icon: <DashboardOutlined />, label: <Link to="/">Dashboard</Link> },
  { key: "/instances", icon: <TableOutlined />, label: <Link to="/instances">Instances</Link> },
  { key: "/history", icon: <HistoryOutlined />, label: <Link to="/history">History</Link> },
  // Served by the Go binary, not the SPA: a plain link, full page load.
  { key: "/docs", icon: <ApiOutlined />, label: <a href="/docs/">API docs</a> },
];

/** Only admins manage tokens, so only they see the Settings section. */
const ADMIN_NAV_ITEMS: NonNullable<MenuProps["items"]> = [
  {
    type: "group",
    key: "settings",
    label: "Settings",
    children: [{ key: "/settings/tokens", icon: <KeyOutlined />, label: <Link to="/settings/tokens">API tokens</Link> }],
  },
];

function selectedNavKey(pathname: string): string {
  if (pathname.startsWith("/instances")) return "/instances";
  if (pathname.startsWith("/history")) return "/history";
  if (pathname.startsWith("/settings/tokens")) return "/settings/tokens";
  return "/";
}

function Shell() {
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const mobile = screens.md === false;
  const editor = useInstanceEditor();
  const [helpOpen, setHelpOpen] = useState(false);
  const [navOpen, setNavOpen] = useState(false);
  const { token } = theme.useToken();
  const { online } = useConnectivity();
  const { canEdit: mayEdit, canManageTokens } = usePermissions();
  // A page showing the fleet as it was (time travel, ?as_of=) offers no way to change it.
  const asOf = useAsOf();
  const canEdit = mayEdit && !asOf;

  useGlobalShortcuts({
    focusSearch: () => {
      const search = document.getElementById("instance-search");
      if (search) search.focus();
      else void navigate("/instances", { state: { focusSearch: true } });
    },
    newInstance: () => {
      if (online && canEdit) editor.openCreate();
    },
    showHelp: () => setHelpOpen(true),
    go: (target) => void navigate(target === "dashboard" ? "/" : `/${target}`),
  });

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selectedNavKey(location.pathname)]}
      items={canManageTokens ? [...NAV_ITEMS, ...ADMIN_NAV_ITEMS] : NAV_ITEMS}
      onClick={() => setNavOpen(false)}
      aria-label="Main navigation"
    />
  );

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <a className="skip-link" href="#main-content">
        Skip to content
      </a>
      {!mobile && (
        <Layout.Sider width={200} theme="light" style={{ borderRight: `1px solid ${token.colorBorderSecondary}` }}>
          <div className="brand">
            <Link to="/" aria-label="IIMS home">
              IIMS
            </Link>
          </div>
          <nav aria-label="Main">{menu}</nav>
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="app-header" style={{ background: token.colorBgContainer, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
          <Space size="middle">
            {mobile && (
              <Button type="text" icon={<MenuOutlined />} aria-label="Open navigation" onClick={() => setNavOpen(true)} className="touch-target" />
            )}
            {mobile && (
              <Typography.Text strong>
                <Link to="/">IIMS</Link>
              </Typography.Text>
            )}
            <HealthIndicator compact={mobile} />
            <LiveIndicator compact={mobile} />
          </Space>
          <Space size={mobile ? "small" : "middle"}>
            {!mobile && <ThemeSwitcher />}
            <Tooltip title="Keyboard shortcuts (?)">
              <Button type="text" icon={<QuestionCircleOutlined />} aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)} />
            </Tooltip>
            {!mobile && <WhoAmI />}
            {canEdit && (
              <Tooltip title={online ? undefined : OFFLINE_REASON}>
                <Button type="primary" onClick={editor.openCreate} aria-keyshortcuts="n" disabled={!online}>
                  Create instance
                </Button>
              </Tooltip>
            )}
          </Space>
        </Layout.Header>
        <Layout.Content id="main-content" tabIndex={-1} className="app-content">
          <OfflineBanner />
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<Spin size="large" className="route-spinner" />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
      <Drawer open={navOpen} onClose={() => setNavOpen(false)} placement="left" size={260} title="IIMS">
        <nav aria-label="Main">{menu}</nav>
        <div style={{ marginTop: 16 }}>
          <ThemeSwitcher />
        </div>
        <div style={{ marginTop: 16 }}>
          <WhoAmI />
        </div>
      </Drawer>
      <ShortcutSheet open={helpOpen} onClose={() => setHelpOpen(false)} canEdit={canEdit} />
    </Layout>
  );
}

export function AppLayout() {
  return (
    <InstanceEditorProvider>
      <Shell />
    </InstanceEditorProvider>
  );
}
