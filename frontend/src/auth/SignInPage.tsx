// The sign-in screen of a server that wants API tokens: one password field, checked against
// GET /me before it is kept. The token is kept in this tab only (api/session.ts).
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input, Layout, Typography } from "antd";
import { useState } from "react";
import { useApiClient } from "../api/ApiClientContext";
import { describeError } from "../api/errors";
import { fetchMe, meKeys } from "../api/me";
import { usePageTitle } from "../app/usePageTitle";
import { useSession } from "./SessionContext";

export interface SignInPageProps {
  /** Why the server signed this tab out (e.g. "this token has been revoked"). */
  notice: string | null;
  /** The server's answer to GET /me without usable credentials. */
  serverMessage: string;
}

interface SignInValues {
  token: string;
}

export default function SignInPage({ notice, serverMessage }: SignInPageProps) {
  usePageTitle("Sign in");
  const [form] = Form.useForm<SignInValues>();
  const client = useApiClient();
  const session = useSession();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  const submit = async ({ token }: SignInValues) => {
    const candidate = token.trim();
    setBusy(true);
    try {
      const me = await fetchMe(client, { token: candidate });
      const epoch = session.signIn(candidate);
      // The answer is already here: the app renders at once instead of asking again.
      queryClient.setQueryData(meKeys.forEpoch(epoch), me);
    } catch (error) {
      setBusy(false);
      form.setFields([{ name: "token", errors: [describeError(error)] }]);
      form.getFieldInstance("token")?.focus?.();
    }
  };

  return (
    <Layout className="full-page">
      <Layout.Content id="main-content" className="full-page-content">
        <Card className="sign-in-card">
          <h1 className="page-title">Sign in to IIMS</h1>
          {notice ? (
            <Alert type="warning" showIcon className="sign-in-alert" title="You were signed out" description={notice} />
          ) : (
            <Alert type="info" showIcon className="sign-in-alert" title={serverMessage} />
          )}
          <Form<SignInValues> form={form} layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)}>
            <Form.Item name="token" label="API token" rules={[{ required: true, whitespace: true, message: "Paste your API token" }]}>
              <Input.Password visibilityToggle={false} autoComplete="off" spellCheck={false} autoFocus placeholder="iims_…" />
            </Form.Item>
            {/* Not `loading`: antd's spinner is an icon named "loading" that can linger in the
                button's accessible name ("loading Sign in") after the attempt has ended. */}
            <Button type="primary" htmlType="submit" block disabled={busy} aria-busy={busy}>
              {busy ? "Signing in…" : "Sign in"}
            </Button>
          </Form>
          <Typography.Paragraph className="sign-in-help">
            No token? Ask an IIMS admin to make one for you (Settings → API tokens), or run this on the server:{" "}
            <Typography.Text code>iims token create --name NAME --role admin</Typography.Text>. The token is kept in this
            browser tab only and sent to this server only.
          </Typography.Paragraph>
        </Card>
      </Layout.Content>
    </Layout>
  );
}
