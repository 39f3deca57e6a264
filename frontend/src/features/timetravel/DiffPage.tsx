// /history/diff?from=&to=: what changed between two moments (no `to`: until now, kept current
// live), from any two local date-times or a preset, exportable as CSV/JSON/NDJSON.
import { Button, Card, Form, Input, Space, Typography } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { historyDiffExportUrl } from "../../api/exports";
import { useHistoryDiff } from "../../api/timeTravel";
import { usePageTitle } from "../../app/usePageTitle";
import { ExportButton } from "../../components/ExportButton";
import { usePutBack } from "../putback/usePutBack";

import { DiffList } from "./DiffList";
import { fromLocalInput, instantAgo, MOMENT_PRESETS, parseInstant, toLocalInput } from "./moments";
import { useUndoOffer } from "./useUndoOffer";

export default function DiffPage() {
  usePageTitle("What changed");
  const [params, setParams] = useSearchParams();
  // Without `from` in the URL: an hour before the page opened (fixed, not recomputed per render).
  const [defaultFrom] = useState(() => instantAgo(3_600_000));
  const from = parseInstant(params.get("from")) || defaultFrom;
  const onUndo = useUndoOffer();
  const to = parseInstant(params.get("to"));
  const diff = useHistoryDiff(from, to || undefined);
  const { undo, putBackDialog } = usePutBack();
  const set = (next: { from: string; to: string }) => {
    const search = new URLSearchParams({ from: next.from });
    if (next.to) search.set("to", next.to);
    setParams(search, { replace: true });
  };

  return (
    <>
      <h1 className="page-title">What changed</h1>
      <Card>
        <Form layout="inline" component="div" style={{ rowGap: 8 }}>
          <Form.Item label="From" htmlFor="diff-from">
            <Input id="diff-from" type="datetime-local" value={toLocalInput(from)} onChange={(e) => fromLocalInput(e.target.value) && set({ from: fromLocalInput(e.target.value), to })} />
          </Form.Item>
          <Form.Item label="To" htmlFor="diff-to" extra={to ? undefined : "empty: until now"}>
            <Input id="diff-to" type="datetime-local" value={toLocalInput(to)} onChange={(e) => set({ from, to: fromLocalInput(e.target.value) })} />
          </Form.Item>
        </Form>
        <Space wrap style={{ margin: "12px 0" }} role="group" aria-label="Since">
          {MOMENT_PRESETS.map((preset) => (
            <Button key={preset.label} size="small" onClick={() => set({ from: instantAgo(preset.ago), to: "" })}>
              Since {preset.label}
            </Button>
          ))}
          <ExportButton
            what="this difference"
            hrefFor={(format) => historyDiffExportUrl({ format, from, to: to || new Date().toISOString() })}
          />
        </Space>
        <Typography.Paragraph type="secondary">
          The net difference: instances that came and went, or changed and changed back, in between are not listed.
        </Typography.Paragraph>
        <DiffList
          diffs={diff.data}
          error={diff.error}
          onRetry={() => void diff.refetch()}
          onUndo={onUndo && ((entry) => undo({ history_ids: entry.history_ids }, `the changes to “${entry.name}” in this window`))}
          label="What changed"
          empty="Nothing changed between these moments."
        />
      </Card>
      {putBackDialog}
    </>
  );
}
