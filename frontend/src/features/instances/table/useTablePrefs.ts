// Per-browser table preferences: which optional columns are visible and the row density.
import { useCallback, useState } from "react";

export type Density = "small" | "middle" | "large";

export const OPTIONAL_COLUMNS = [
  { key: "id", label: "ID", defaultVisible: false },
  { key: "model_name", label: "Model", defaultVisible: true },
  { key: "cluster_name", label: "Cluster", defaultVisible: true },
  { key: "image_tag", label: "Image tag", defaultVisible: true },
  { key: "replicas", label: "Replicas", defaultVisible: true },
  { key: "parallelism", label: "PP × CP × TP", defaultVisible: true },
  { key: "status", label: "Status", defaultVisible: true },
  { key: "priority", label: "Priority", defaultVisible: true },
  { key: "description", label: "Description", defaultVisible: false },
  { key: "created_at", label: "Created", defaultVisible: false },
  { key: "updated_at", label: "Updated", defaultVisible: true },
] as const;

export type OptionalColumnKey = (typeof OPTIONAL_COLUMNS)[number]["key"];

interface TablePrefs {
  hidden: OptionalColumnKey[];
  density: Density;
}

const STORAGE_KEY = "iims.instances.table";

function load(): TablePrefs {
  const defaults: TablePrefs = {
    hidden: OPTIONAL_COLUMNS.filter((c) => !c.defaultVisible).map((c) => c.key),
    density: "small",
  };
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return defaults;
    const parsed = JSON.parse(raw) as Partial<TablePrefs>;
    const known = new Set<string>(OPTIONAL_COLUMNS.map((c) => c.key));
    return {
      hidden: Array.isArray(parsed.hidden) ? parsed.hidden.filter((k): k is OptionalColumnKey => known.has(k)) : defaults.hidden,
      density: parsed.density === "middle" || parsed.density === "large" || parsed.density === "small" ? parsed.density : defaults.density,
    };
  } catch {
    return defaults;
  }
}

export function useTablePrefs() {
  const [prefs, setPrefs] = useState<TablePrefs>(load);
  const update = useCallback((change: Partial<TablePrefs>) => {
    setPrefs((old) => {
      const next = { ...old, ...change };
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  return {
    hidden: new Set(prefs.hidden),
    density: prefs.density,
    setHidden: (hidden: OptionalColumnKey[]) => update({ hidden }),
    setDensity: (density: Density) => update({ density }),
  };
}
