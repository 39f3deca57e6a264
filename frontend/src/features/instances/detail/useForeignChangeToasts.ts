// A toast when the instance on screen is changed or deleted by someone else (another user, tab
// or script), saying who · via · why when the record knows. The user's own writes are recognised
// by their X-Request-ID and stay quiet.
import { isOwnRequest } from "../../../api/requestTracking";
import { useNotify } from "../../../app/useNotify";
import { useLiveEvents } from "../../../live/LiveProvider";
import { summarizeRecord } from "../../history/diff/summarize";
import { provenanceText } from "../../history/Provenance";

export function useForeignChangeToasts(instanceId: number): void {
  const notify = useNotify();
  useLiveEvents((event) => {
    if (event.instance_id !== instanceId || isOwnRequest(event.record.request_id)) return;
    const name = event.record.name;
    const who = provenanceText(event.record);
    const by = who ? ` (${who})` : "";
    if (event.type === "instance.deleted") notify.warning(`“${name}” was deleted by someone else${by}`);
    else notify.info(`“${name}” was changed by someone else: ${summarizeRecord(event.record)}${by}`);
  });
}
