// "Restore version N" for the versions a comparison shows: offered to editors while the instance
// exists, for each side that is not already its current state (and not a delete record).
import { Button } from "antd";
import { ApiError } from "../../api/errors";
import { useInstance } from "../../api/instances";
import type { HistoryRecord } from "../../api/types";
import { usePermissions } from "../../auth/AccessContext";
import { RollbackOutlined } from "../../components/icons";
import { useConnectivity } from "../../offline/connectivity";
import { usePutBack } from "./usePutBack";

export function RestoreVersionButtons({ instanceId, records }: { instanceId: number; records: HistoryRecord[] }) {
  const { canEdit } = usePermissions();
  const { online } = useConnectivity();
  const instance = useInstance(canEdit ? instanceId : 0);
  const { revert, putBackDialog } = usePutBack();
  const current = instance.data;
  if (!canEdit || !current || (instance.error instanceof ApiError && instance.error.status === 404)) return null;
  const restorable = records.filter((record) => record.original_id === instanceId && record.operation_type !== "delete" && record.version !== current.version);
  return (
    <>
      {restorable.map((record) => (
        <Button key={record.history_id} icon={<RollbackOutlined />} disabled={!online} onClick={() => revert(current, record)}>
          Restore version {record.version}
        </Button>
      ))}
      {putBackDialog}
    </>
  );
}
