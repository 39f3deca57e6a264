// The only time a token's secret is shown: right after it was made. Copy it, and close; the app
// forgets it (the server keeps only its hash).
import { CopyOutlined } from "../../../components/icons";
import { Alert, Button, Form, Input, Modal } from "antd";
import { useId, useRef, useState } from "react";
import type { TokenCreated } from "../../../api/types";

async function copyToClipboard(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (an insecure origin, or permission refused): select it for Ctrl+C.
    input?.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
}

export function TokenSecretModal({ created, onClose }: { created: TokenCreated | null; onClose: () => void }) {
  const id = useId();
  const input = useRef<HTMLInputElement | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const close = () => {
    setCopied(null);
    onClose();
  };
  if (!created) return null;
  return (
    <Modal
      open
      title={`Token “${created.token.name}” made`}
      onCancel={close}
      maskClosable={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={close}>
          Done
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="Copy the secret now: you will not see it again."
        description="IIMS keeps only a hash of it. Store it in a secret manager; if it is lost, revoke the token and make a new one."
      />
      <Form layout="vertical" component="div">
        <Form.Item label="Secret" htmlFor={id} help={copied === false ? "Copying failed: select the secret and copy it yourself." : undefined}>
          <Input
            id={id}
            ref={(element) => {
              input.current = element?.input ?? null;
            }}
            readOnly
            value={created.secret}
            className="token-secret"
            spellCheck={false}
            onFocus={(event) => event.target.select()}
          />
        </Form.Item>
      </Form>
      <Button icon={<CopyOutlined aria-hidden />} onClick={() => void copyToClipboard(created.secret, input.current).then(setCopied)}>
        {copied ? "Copied" : "Copy secret"}
      </Button>
      <span role="status" className="sr-only">
        {copied ? "The secret is on the clipboard" : ""}
      </span>
    </Modal>
  );
}
