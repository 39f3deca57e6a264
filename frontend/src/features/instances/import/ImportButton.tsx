// "Import" on the instances page, for those who may edit while the server can be reached. Each
// opening starts afresh (a new key); the dialog stays mounted while it closes, so focus returns here.
import { Button } from "antd";
import { useDialog } from "../../../components/useDialog";
import { UploadOutlined } from "../../../components/icons";
import { ImportDialog } from "./ImportDialog";

export function ImportButton() {
  const dialog = useDialog<true>();
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => dialog.show(true)}>
        Import
      </Button>
      {dialog.payload && <ImportDialog key={dialog.key} open={dialog.open} onClose={dialog.hide} />}
    </>
  );
}
