// Who the caller is (GET /me), for every component under the AccessGate: the UI offers only what
// the caller's role allows (the server enforces it either way).
import { createContext, useContext } from "react";
import { permissionsOf, type Permissions } from "../api/me";
import type { Me } from "../api/types";

export const AccessContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(AccessContext);
  if (!me) throw new Error("useMe must be used inside <AccessGate>");
  return me;
}

export function usePermissions(): Permissions {
  return permissionsOf(useMe());
}
