// Whether "Undo" may be offered here: to editors, while the server can be reached (every write
// control is off offline). Returns true or undefined, so callers can write onUndo={offer && fn}.
import { usePermissions } from "../../auth/AccessContext";
import { useConnectivity } from "../../offline/connectivity";

export function useUndoOffer(): true | undefined {
  const { canEdit } = usePermissions();
  const { online } = useConnectivity();
  return canEdit && online ? true : undefined;
}
