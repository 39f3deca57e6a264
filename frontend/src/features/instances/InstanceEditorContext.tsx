// One create/edit drawer for the whole app, so the "Create instance" button, the `n` shortcut,
// table rows and the detail page all open the same editor.
import { createContext, lazy, Suspense, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { Instance } from "../../api/types";
import type { EditorTarget } from "./form/InstanceFormDrawer";

// The form (antd Form, Select, InputNumber…) loads on first use, keeping it out of the shell's chunk.
const InstanceFormDrawer = lazy(() => import("./form/InstanceFormDrawer").then((m) => ({ default: m.InstanceFormDrawer })));

interface InstanceEditor {
  openCreate: () => void;
  openEdit: (instance: Instance) => void;
  isOpen: boolean;
}

const InstanceEditorContext = createContext<InstanceEditor | null>(null);

export function InstanceEditorProvider({ children }: { children: ReactNode }) {
  const [target, setTarget] = useState<EditorTarget | null>(null);
  const [used, setUsed] = useState(false);
  if (target && !used) setUsed(true);
  const openCreate = useCallback(() => setTarget({ mode: "create" }), []);
  const openEdit = useCallback((instance: Instance) => setTarget({ mode: "edit", instance }), []);
  const value = useMemo(() => ({ openCreate, openEdit, isOpen: target !== null }), [openCreate, openEdit, target]);
  return (
    <InstanceEditorContext.Provider value={value}>
      {children}
      {used && (
        <Suspense fallback={null}>
          <InstanceFormDrawer target={target} onClose={() => setTarget(null)} />
        </Suspense>
      )}
    </InstanceEditorContext.Provider>
  );
}

export function useInstanceEditor(): InstanceEditor {
  const value = useContext(InstanceEditorContext);
  if (!value) throw new Error("useInstanceEditor must be used inside <InstanceEditorProvider>");
  return value;
}
