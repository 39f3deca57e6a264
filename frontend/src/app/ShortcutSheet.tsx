import { Modal, Typography } from "antd";
import { SHORTCUTS } from "./shortcuts";

/** `canEdit`: a viewer is not offered the shortcut that opens the editor (it does nothing for them). */
export function ShortcutSheet({ open, onClose, canEdit }: { open: boolean; onClose: () => void; canEdit: boolean }) {
  return (
    <Modal open={open} onCancel={onClose} footer={null} title="Keyboard shortcuts">
      <table className="shortcut-table">
        <caption className="sr-only">Keyboard shortcuts</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.filter((shortcut) => canEdit || !shortcut.writes).map(({ keys, description }) => (
            <tr key={keys.join(" ")}>
              <td>
                {keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && " then "}
                    <Typography.Text keyboard>{key}</Typography.Text>
                  </span>
                ))}
              </td>
              <td>{description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
