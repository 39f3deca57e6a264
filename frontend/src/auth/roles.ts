// What each role may do, in the words the UI uses (the server's rules: viewer < editor < admin).
import type { Role } from "../api/types";

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "reads, exports and follows live changes",
  editor: "also creates, changes and deletes instances",
  admin: "also manages API tokens",
};
