// "Reason" — why a change is made, kept in its history record — in every write dialog: optional
// or required as the server says (GET /me's require_reason), at most 500 characters with a
// visible count. The visible label is the accessible name ("Reason (optional)" or "Reason").
import { Form, Input, Typography } from "antd";
import type { Rule } from "antd/es/form";
import { useId, useState } from "react";
import { ApiError } from "../api/errors";
import { REASON_MAX_LENGTH, reasonLength } from "../api/reason";

export const REASON_REQUIRED_MESSAGE = "Give a reason: this server records why every change is made";
const PLACEHOLDER = "e.g. INC-4711: scale up for the launch";

function ReasonLabel({ required }: { required: boolean }) {
  if (required) return <>Reason</>;
  return (
    <>
      Reason&nbsp;<Typography.Text type="secondary">(optional)</Typography.Text>
    </>
  );
}

/** Counts code points (as the server does) and cuts at the limit instead of refusing input. */
const COUNT = {
  show: true,
  max: REASON_MAX_LENGTH,
  strategy: reasonLength,
  exceedFormatter: (text: string, { max }: { max: number }) => [...text].slice(0, max).join(""),
};

export function reasonRules(required: boolean): Rule[] {
  return [{ required, whitespace: true, message: REASON_REQUIRED_MESSAGE }];
}

/** The reason field of an antd Form (form value `reason`). */
export function ReasonFormItem({ required }: { required: boolean }) {
  return (
    <Form.Item name="reason" label={<ReasonLabel required={required} />} rules={reasonRules(required)} required={required}>
      <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} count={COUNT} placeholder={PLACEHOLDER} />
    </Form.Item>
  );
}

export interface ReasonInputProps {
  value: string;
  onChange: (value: string) => void;
  required: boolean;
  /** A message to show at the field (a missing reason, or the server's 422 about it). */
  error?: string;
  autoFocus?: boolean;
}

/** The same field outside a Form (confirmation dialogs keep the value themselves). */
export function ReasonInput({ value, onChange, required, error, autoFocus }: ReasonInputProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <Form layout="vertical" component="div">
      <Form.Item
        label={<ReasonLabel required={required} />}
        htmlFor={id}
        required={required}
        validateStatus={error ? "error" : undefined}
        help={error ? <span id={errorId}>{error}</span> : undefined}
        style={{ marginBottom: 8 }}
      >
        <Input.TextArea
          id={id}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          autoSize={{ minRows: 2, maxRows: 5 }}
          count={COUNT}
          placeholder={PLACEHOLDER}
          autoFocus={autoFocus}
          aria-required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </Form.Item>
    </Form>
  );
}

/** The server's complaint about a change's reason (body `reason`, or the DELETE's header). */
export function reasonErrorOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 422) return undefined;
  const found = error.fieldErrors.find((e) => e.field === "reason" || e.field.toLowerCase() === "x-change-reason");
  return found?.message;
}

/** Whether `reason` is acceptable before sending (the server checks again). */
export function missingReason(reason: string, required: boolean): boolean {
  return required && reason.trim() === "";
}

/**
 * A confirmation dialog's reason: its text and error, and the two checks every such dialog makes
 * — a required reason missing before sending, and the server's complaint about it after.
 */
export function useReasonInput(required: boolean) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | undefined>();
  return {
    value,
    /** For <ReasonInput {...inputProps} />: typing clears the error. */
    inputProps: {
      value,
      required,
      error,
      onChange: (next: string) => {
        setValue(next);
        setError(undefined);
      },
    },
    /** False, with the field saying why, when a required reason is missing. */
    check(): boolean {
      if (!missingReason(value, required)) return true;
      setError(REASON_REQUIRED_MESSAGE);
      return false;
    },
    /** Shows the server's complaint about the reason at the field; whether it was one. */
    takeServerError(failure: unknown): boolean {
      const message = reasonErrorOf(failure);
      if (message) setError(message);
      return message !== undefined;
    },
    clear(): void {
      setValue("");
      setError(undefined);
    },
  };
}
