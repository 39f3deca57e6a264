// A change's request id, linking to the fleet feed of everything that request did (all instances
// one bulk change touched), with a copy button.
import { Typography } from "antd";
import { Link } from "react-router";

export function RequestIdLink({ id, href, short = false }: { id: string; href: string; short?: boolean }) {
  return (
    <Typography.Text type="secondary" copyable={{ text: id, tooltips: ["Copy request id", "Copied"] }} className={short ? "request-id request-id-short" : "request-id"}>
      {!short && "request "}
      <Link to={href} title={`Show everything request ${id} changed`}>
        <code>{short ? id.slice(0, 10) : id}</code>
      </Link>
    </Typography.Text>
  );
}
