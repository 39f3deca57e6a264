// "who · via · why" of a change: the actor (a token's name, the proxy's user, anonymous, an OS
// user), what it came through and the reason given. Records written before IIMS kept provenance
// have none of it: they say "unknown actor" and nothing more, rather than guess.
import { UserOutlined } from "../../components/icons";
import { Typography } from "antd";
import { Link } from "react-router";
import type { HistoryRecord } from "../../api/types";

type ProvenanceFields = Pick<HistoryRecord, "actor" | "via" | "reason">;

export interface ProvenanceProps {
  record: ProvenanceFields;
  /** Where the actor leads (e.g. the fleet feed filtered to them); plain text without. */
  actorHref?: (actor: string) => string;
  /** Dense rows cut a long reason to two lines (the whole of it on hover). */
  clamp?: boolean;
}

function Separator() {
  return (
    <span aria-hidden className="provenance-sep">
      ·
    </span>
  );
}

export function Provenance({ record, actorHref, clamp = false }: ProvenanceProps) {
  const { actor, via, reason } = record;
  return (
    <span className="provenance">
      <span className="provenance-who">
        <UserOutlined aria-hidden />
        {!actor ? (
          <Typography.Text type="secondary">unknown actor</Typography.Text>
        ) : actorHref ? (
          <Link to={actorHref(actor)} title={`Show the changes made by ${actor}`}>
            {actor}
          </Link>
        ) : (
          <span>{actor}</span>
        )}
      </span>
      {via && (
        <>
          <Separator />
          <span className="provenance-via">via {via}</span>
        </>
      )}
      {reason && (
        <>
          <Separator />
          <q className={clamp ? "provenance-why provenance-clamp" : "provenance-why"} title={clamp ? reason : undefined}>
            {reason}
          </q>
        </>
      )}
    </span>
  );
}

/** The same in one line of text (for toasts); null when the record says nothing about it. */
export function provenanceText(record: Partial<ProvenanceFields>): string | null {
  if (!record.actor) return null;
  return [record.actor, record.via ? `via ${record.via}` : null, record.reason ? `“${record.reason}”` : null].filter(Boolean).join(" · ");
}
