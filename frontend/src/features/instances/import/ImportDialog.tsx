// Import: drop (or choose) a file, read the server's plan of it — a dry run, line by line — and
// apply exactly that, with a reason. A file the server refuses shows every problem with its line;
// nothing is written until "Import" is pressed, and then all or nothing.
import { Alert, Button, Modal, Progress, Space, Spin, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { ApiError, describeError } from "../../../api/errors";
import { IMPORT_MAX_BYTES, importFormatOf, useImportInstances, type ImportFormat } from "../../../api/imports";
import type { ImportItem } from "../../../api/types";
import { useNotify } from "../../../app/useNotify";
import { usePermissions } from "../../../auth/AccessContext";
import { SolidTag, TAG_COLOURS } from "../../../components/EnumTag";
import { ReasonInput, useReasonInput } from "../../../components/ReasonField";
import { UploadOutlined } from "../../../components/icons";
import { changeCount, describeItem, describeProblem, fileSize, planSummary } from "./importPlan";

const ACTION_COLOURS: Record<ImportItem["action"], keyof typeof TAG_COLOURS> = { create: "green", update: "blue", unchanged: "grey" };
const ACCEPT = ".csv,.json,.ndjson,.jsonl,.yaml,.yml";

interface Chosen {
  file: File;
  format: ImportFormat | null;
}

/** Why a file cannot be sent at all (checked here first, and by the server again). */
function localProblem({ file, format }: Chosen): string | null {
  if (!format) return `Cannot tell the format of “${file.name}”: name it .csv, .json, .ndjson or .yaml.`;
  if (file.size > IMPORT_MAX_BYTES) return `“${file.name}” is ${fileSize(file.size)}: the server takes at most 16 MiB. Split it into several files.`;
  return null;
}

function ProblemList({ error }: { error: unknown }) {
  const problems = error instanceof ApiError ? error.fieldErrors.filter((p) => p.field !== "reason") : [];
  if (problems.length === 0) return <Alert type="error" showIcon title="The file cannot be imported" description={describeError(error)} />;
  return (
    <Alert
      type="error"
      showIcon
      title={`${problems.length} problem${problems.length === 1 ? "" : "s"} in the file; nothing was imported`}
      description={
        <ul className="import-problems">
          {problems.slice(0, 50).map((p, i) => (
            <li key={i}>{describeProblem(p)}</li>
          ))}
          {problems.length > 50 && <li>…and {problems.length - 50} more</li>}
        </ul>
      }
    />
  );
}

function Sending({ label, sent }: { label: string; sent: { done: number; total: number } | null }) {
  if (sent && sent.done < sent.total) {
    return (
      <div role="status">
        <Typography.Text>
          {label}: sending {fileSize(sent.done)} of {fileSize(sent.total)}
        </Typography.Text>
        <Progress percent={Math.floor((sent.done / sent.total) * 100)} aria-hidden />
      </div>
    );
  }
  return (
    <Spin description={`${label}…`}>
      <div style={{ height: 64 }} />
    </Spin>
  );
}

export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const plan = useImportInstances();
  const apply = useImportInstances();
  const notify = useNotify();
  const reason = useReasonInput(usePermissions().requireReason);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [sent, setSent] = useState<{ done: number; total: number } | null>(null);
  const onProgress = (done: number, total: number) => setSent({ done, total });

  const choose = (file: File) => {
    const next = { file, format: importFormatOf(file.name) };
    setChosen(next);
    setSent(null);
    plan.reset();
    apply.reset();
    if (!localProblem(next) && next.format) plan.mutate({ file, format: next.format, dryRun: true, onProgress });
  };

  const run = async () => {
    if (!chosen?.format || !reason.check()) return;
    setSent(null);
    try {
      const result = await apply.mutateAsync({ file: chosen.file, format: chosen.format, dryRun: false, reason: reason.value, onProgress });
      notify.success(`Imported “${chosen.file.name}”: ${planSummary(result)}`);
      onClose();
    } catch (error) {
      if (reason.takeServerError(error)) {
        apply.reset();
        return;
      }
      if (error instanceof ApiError && error.status === 409) {
        // A name was taken since the plan was made: plan again, so what is shown is what applies.
        notify.warning("The fleet changed since the plan was made; here is the new plan.");
        apply.reset();
        plan.mutate({ file: chosen.file, format: chosen.format, dryRun: true, onProgress });
        return;
      }
      notify.error("Import failed; nothing was imported", error);
    }
  };

  const result = plan.data;
  const changes = result ? changeCount(result) : 0;
  const problem = chosen ? localProblem(chosen) : null;
  return (
    <Modal
      open={open}
      title="Import instances"
      onCancel={onClose}
      destroyOnHidden
      width={860}
      footer={
        <Space>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="primary" disabled={!result || changes === 0 || apply.isPending} onClick={() => void run()}>
            {apply.isPending ? "Importing…" : `Import ${changes} change${changes === 1 ? "" : "s"}`}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph>
        Rows are matched by name: a new name creates an instance, a known one updates the fields the file gives. CSV with a header row, JSON,
        NDJSON or YAML, as Export writes them; up to 16 MiB. Nothing is written until you import the plan, and then all of it or nothing.
      </Typography.Paragraph>
      <Upload.Dragger accept={ACCEPT} multiple={false} showUploadList={false} beforeUpload={(file) => {
          choose(file);
          return false; // sent by the plan, not by antd's uploader
        }} disabled={apply.isPending}>
        <p className="ant-upload-drag-icon">
          <UploadOutlined />
        </p>
        <p>{chosen ? "Drop another file, or click to choose one" : "Drop a file here, or click to choose one"}</p>
      </Upload.Dragger>
      <div style={{ marginTop: 12 }}>
        {chosen && (
          <Typography.Paragraph>
            {chosen.file.name} · {fileSize(chosen.file.size)}
          </Typography.Paragraph>
        )}
        {problem && <Alert type="error" showIcon title={problem} />}
        {plan.isPending && <Sending label="Reading the file and making the plan" sent={sent} />}
        {apply.isPending && <Sending label="Importing" sent={sent} />}
        {plan.isError && <ProblemList error={plan.error} />}
        {result && !apply.isPending && (
          <>
            <Alert type={changes ? "info" : "success"} showIcon title={changes ? `Plan: ${planSummary(result)}` : `Nothing to import: all ${result.unchanged} rows already match`} />
            <Table<ImportItem>
              size="small"
              style={{ marginTop: 12 }}
              rowKey="line"
              dataSource={result.items}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              columns={[
                { title: "Line", dataIndex: "line", width: 72 },
                { title: "Name", dataIndex: "name", width: 200 },
                { title: "Action", dataIndex: "action", width: 110, render: (action: ImportItem["action"]) => <SolidTag colour={ACTION_COLOURS[action]}>{action}</SolidTag> },
                { title: "Changes", key: "changes", render: (_: unknown, item: ImportItem) => (item.action === "unchanged" ? "—" : describeItem(item)) },
              ]}
            />
            {changes > 0 && <ReasonInput {...reason.inputProps} />}
          </>
        )}
      </div>
    </Modal>
  );
}
