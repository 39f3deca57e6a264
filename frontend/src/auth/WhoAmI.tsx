// Who the app acts as, in the header: the actor every change is recorded under and their role,
// with "Sign out" for a token sign-in (a proxy's users sign out at the proxy).
import { UserOutlined } from "../components/icons";
import { Button, Tag } from "antd";
import type { Me } from "../api/types";
import { useMe } from "./AccessContext";
import { useSession } from "./SessionContext";

function howKnown(me: Me): string {
  if (me.kind === "token") return `Signed in with the API token “${me.actor}”`;
  if (me.kind === "proxy") return `Signed in through the SSO proxy${me.email ? ` as ${me.email}` : ""}`;
  return "Access control is off: everyone may do everything";
}

export function WhoAmI() {
  const me = useMe();
  const session = useSession();
  return (
    <span className="who-am-i" title={howKnown(me)} data-testid="who-am-i">
      <UserOutlined aria-hidden />
      <span className="sr-only">Signed in as </span>
      <span className="who-am-i-actor">{me.actor}</span>
      <Tag className="who-am-i-role">{me.role}</Tag>
      {me.kind === "token" && (
        <Button size="small" onClick={() => session.signOut()}>
          Sign out
        </Button>
      )}
    </span>
  );
}
