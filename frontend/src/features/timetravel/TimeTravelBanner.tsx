// Says, on every page shown as it was, that this is the past and nothing can be edited, with the
// way back to the present.
import { Alert, Button, Space } from "antd";
import { FieldTimeOutlined } from "../../components/icons";
import { formatDateTime, TimeAgo } from "../../components/TimeAgo";

export function TimeTravelBanner({ asOf, onChangeMoment, onBackToNow }: { asOf: string; onChangeMoment: () => void; onBackToNow: () => void }) {
  return (
    <Alert
      type="warning"
      showIcon
      icon={<FieldTimeOutlined />}
      className="time-travel-banner"
      style={{ marginBottom: 12 }}
      title={
        <>
          The fleet as it was at <strong>{formatDateTime(asOf)}</strong> (<TimeAgo value={asOf} />). Read-only: nothing here can be edited.
        </>
      }
      action={
        <Space wrap>
          <Button size="small" onClick={onChangeMoment}>
            Change moment
          </Button>
          <Button size="small" type="primary" onClick={onBackToNow}>
            Back to now
          </Button>
        </Space>
      }
    />
  );
}
