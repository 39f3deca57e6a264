// Settings → API tokens (admins): the tokens programs and people sign in with. A new token's
// secret is shown once, in a dialog; the list never holds secrets.
import { Alert, Card, Result, Typography } from "antd";
import { useState } from "react";
import { useTokenList } from "../../../api/tokens";
import type { TokenCreated } from "../../../api/types";
import { usePageTitle } from "../../../app/usePageTitle";
import { useMe, usePermissions } from "../../../auth/AccessContext";
import { QueryError } from "../../../components/QueryError";
import { TokenCreateForm } from "./TokenCreateForm";
import { TokenSecretModal } from "./TokenSecretModal";
import { TokenTable } from "./TokenTable";

export default function TokensPage() {
  usePageTitle("API tokens");
  const me = useMe();
  const { canManageTokens } = usePermissions();
  const tokens = useTokenList(canManageTokens);
  const [created, setCreated] = useState<TokenCreated | null>(null);

  if (!canManageTokens) {
    return (
      <Result
        status="403"
        title={<h1 className="result-title">Only admins manage API tokens</h1>}
        subTitle={`You are ${me.actor}, with the ${me.role} role.`}
      />
    );
  }
  return (
    <>
      <h1 className="page-title">API tokens</h1>
      <Typography.Paragraph>
        Programs and people sign in with an API token. Its name is recorded as the actor of every change made with it; its
        secret is shown only once, when it is made.
      </Typography.Paragraph>
      {!me.auth_mode.includes("token") && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`This server does not accept API tokens now (AUTH=${me.auth_mode})`}
          description="Tokens made here work once it does (AUTH=token)."
        />
      )}
      <TokenCreateForm onCreated={setCreated} />
      <Card title={<h2 className="card-title">Tokens</h2>}>
        {tokens.isError && <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} title="Could not load the tokens" />}
        <TokenTable tokens={tokens.data ?? []} loading={tokens.isPending} currentTokenId={me.token?.id} />
      </Card>
      <TokenSecretModal created={created} onClose={() => setCreated(null)} />
    </>
  );
}
