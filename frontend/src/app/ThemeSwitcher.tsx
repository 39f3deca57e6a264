import { DesktopOutlined, MoonOutlined, SunOutlined } from "../components/icons";
import { Segmented } from "antd";
import { useThemeMode, type ThemeMode } from "./ThemeModeContext";

export function ThemeSwitcher() {
  const { mode, setMode } = useThemeMode();
  return (
    <Segmented<ThemeMode>
      aria-label="Colour theme"
      size="small"
      value={mode}
      onChange={setMode}
      options={[
        { value: "light", icon: <SunOutlined />, title: "Light theme", label: <span className="sr-only">Light</span> },
        { value: "dark", icon: <MoonOutlined />, title: "Dark theme", label: <span className="sr-only">Dark</span> },
        { value: "system", icon: <DesktopOutlined />, title: "Follow the system theme", label: <span className="sr-only">System</span> },
      ]}
    />
  );
}
