// "What changed since then": beside the fleet as it was, the net difference from that moment to
// now, kept current by live events (api/timeTravel.ts), each entry with its compare link and an
// undo of the changes since.
import { Card, Space } from "antd";
import { Link } from "react-router";
import { useHistoryDiff, type DiffFilters } from "../../api/timeTravel";
import { usePutBack } from "../putback/usePutBack";
import { DiffList } from "./DiffList";
import { diffLink } from "./diffLink";
import { useUndoOffer } from "./useUndoOffer";

export function ChangesSince({ asOf, filters = {} }: { asOf: string; filters?: DiffFilters }) {
  const diff = useHistoryDiff(asOf, undefined, filters);
  const { undo, putBackDialog } = usePutBack();
  const onUndo = useUndoOffer();
  return (
    <Card
      style={{ marginTop: 16 }}
      title={
        <h2 className="card-title" id="changes-since">
          What changed since then
        </h2>
      }
    >
      <Space style={{ marginBottom: 8 }}>
        <Link to={diffLink(asOf, undefined)}>Open as a diff (export, other moments)</Link>
      </Space>
      <DiffList
        diffs={diff.data}
        error={diff.error}
        onRetry={() => void diff.refetch()}
        onUndo={onUndo && ((entry) => undo({ history_ids: entry.history_ids }, `the changes to “${entry.name}” since then`))}
        label="What changed since then"
        empty="Nothing has changed since then."
      />
      {putBackDialog}
    </Card>
  );
}
