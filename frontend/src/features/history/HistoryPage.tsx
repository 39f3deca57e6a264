// The fleet change feed (GET /history), newest first, with operation/instance/text filters and
// pagination in the URL. The richer history experience (compare, export, live) comes later.
import { CloseOutlined } from "@ant-design/icons";
import { Button, Select, Table, Tag, Typography } from "antd";
import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { useHistoryList } from "../../api/history";
import { historyExportUrl } from "../../api/exports";
import { OPERATION_TYPE_VALUES } from "../../api/rules";
import type { HistoryRecord, OperationType } from "../../api/types";
import { usePageTitle } from "../../app/usePageTitle";
import { DebouncedSearch } from "../../components/DebouncedSearch";
import { ExportButton } from "../../components/ExportButton";
import { QueryError } from "../../components/QueryError";
import { formatDateTime, TimeAgo } from "../../components/TimeAgo";
import { ChangeSummary, OperationTag } from "./changeSummary";
import { historyViewToParams, historyViewToQuery, parseHistoryView, type HistoryView } from "./historyView";

export default function HistoryPage() {
  usePageTitle("History");
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseHistoryView(params), [params]);
  const setView = (next: HistoryView, replace = false) => setParams(historyViewToParams(next), { replace });
  const history = useHistoryList(historyViewToQuery(view));

  return (
    <>
      <h1 className="page-title">History</h1>
      <div className="filter-bar" role="search" aria-label="Filter history">
        <DebouncedSearch
          id="history-search"
          value={view.q}
          onCommit={(q) => setView({ ...view, q, page: 1 }, true)}
          ariaLabel="Search history"
          placeholder="Search name, model, cluster, image, description"
        />
        <Select<OperationType | undefined>
          allowClear
          className="filter-select"
          aria-label="Filter by operation"
          placeholder="Operation"
          value={view.operation}
          options={OPERATION_TYPE_VALUES.map((op) => ({ value: op, label: op }))}
          onChange={(operation) => setView({ ...view, operation, page: 1 })}
        />
        <span style={{ flex: 1 }} />
        <ExportButton
          what="the matching history records"
          hrefFor={(format) => {
            const { limit: _limit, offset: _offset, ...filters } = historyViewToQuery(view);
            return historyExportUrl({ ...filters, format });
          }}
        />
        {view.instanceId && (
          <Tag>
            Instance {view.instanceId}{" "}
            <Button
              type="text"
              size="small"
              icon={<CloseOutlined />}
              aria-label="Show all instances"
              onClick={() => setView({ ...view, instanceId: undefined, page: 1 })}
            />
          </Tag>
        )}
      </div>
      {history.isError && <QueryError error={history.error} onRetry={() => void history.refetch()} title="Could not load history" />}
      <Table<HistoryRecord>
        rowKey="history_id"
        size="small"
        aria-label="History records"
        dataSource={history.data?.items ?? []}
        loading={history.isPending || (history.isFetching && history.isPlaceholderData)}
        scroll={{ x: "max-content" }}
        pagination={{
          current: view.page,
          pageSize: view.pageSize,
          total: history.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: ["20", "50", "100", "200"],
          showTotal: (total, [from, to]) => `${from}–${to} of ${total.toLocaleString()}`,
          onChange: (page, pageSize) => setView({ ...view, page: pageSize !== view.pageSize ? 1 : page, pageSize }),
        }}
        columns={[
          {
            title: "When",
            dataIndex: "operation_timestamp",
            width: 150,
            render: (value: string) => <TimeAgo value={value} />,
          },
          { title: "Operation", dataIndex: "operation_type", width: 100, render: (op: OperationType) => <OperationTag operation={op} /> },
          {
            title: "Instance",
            dataIndex: "name",
            render: (name: string, record) => (
              <span>
                <Link to={`/instances/${record.original_id}`}>{name}</Link>{" "}
                <Typography.Text type="secondary">#{record.original_id}</Typography.Text>
              </span>
            ),
          },
          { title: "Change", key: "changes", render: (_v, record) => <ChangeSummary record={record} /> },
          { title: "Version", dataIndex: "version", width: 80 },
          { title: "Cluster", dataIndex: "cluster_name" },
          {
            title: "Request",
            dataIndex: "request_id",
            render: (id: string | null, record) => (
              <Typography.Text type="secondary" title={formatDateTime(record.operation_timestamp)} copyable={id ? { text: id } : false}>
                {id ? id.slice(0, 8) : "—"}
              </Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}
