// Toasts for mutation outcomes. Every create/update/delete/bulk call reports success or failure
// through here so the user always sees what happened (antd App.useApp keeps the theme).
import { App } from "antd";
import { useMemo } from "react";
import { ApiError, describeError } from "../api/errors";

export function useNotify() {
  const { message, notification } = App.useApp();
  return useMemo(
    () => ({
      success(text: string) {
        void message.success(text);
      },
      info(text: string) {
        void message.info(text);
      },
      warning(text: string) {
        void message.warning(text);
      },
      error(title: string, error: unknown) {
        const requestId = error instanceof ApiError ? error.requestId : undefined;
        notification.error({
          title,
          description: requestId ? `${describeError(error)} (request ${requestId})` : describeError(error),
          placement: "bottomRight",
        });
      },
    }),
    [message, notification],
  );
}
