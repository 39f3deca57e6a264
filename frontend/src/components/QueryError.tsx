import { Alert, Button } from "antd";
import { describeError } from "../api/errors";

/** Inline error for a failed query, with a retry button (the page around it keeps working). */
export function QueryError({ error, onRetry, title = "Could not load data" }: { error: unknown; onRetry: () => void; title?: string }) {
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={describeError(error)}
      action={
        <Button size="small" onClick={onRetry}>
          Retry
        </Button>
      }
    />
  );
}
