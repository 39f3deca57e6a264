// Making an API token: a unique name (the actor of everything done with it), a role and an
// expiry. The server's answer (409 name taken, 422 on a field) is shown at the field it names.
import { Alert, Button, Card, Col, Form, Input, Row, Select } from "antd";
import { useState } from "react";
import { ApiError, describeError } from "../../../api/errors";
import { ROLE_VALUES, TOKEN_CREATE_RULES } from "../../../api/rules";
import { useCreateToken } from "../../../api/tokens";
import type { Role, TokenCreated } from "../../../api/types";
import { useNotify } from "../../../app/useNotify";
import { ROLE_DESCRIPTIONS } from "../../../auth/roles";
import { EXPIRY_OPTIONS, expiresAtFor, isExpiryDateValid, type ExpiryChoice } from "./tokenExpiry";

interface TokenFormValues {
  name: string;
  role: Role;
  expiry: ExpiryChoice;
  date?: string;
}

const NAME = TOKEN_CREATE_RULES.name;
const NAME_PATTERN = new RegExp(NAME.pattern);
const INITIAL: TokenFormValues = { name: "", role: "viewer", expiry: "90d" };

/** The form field a server complaint belongs to. */
function formFieldOf(apiField: string, expiry: ExpiryChoice): keyof TokenFormValues | null {
  if (apiField === "name" || apiField === "role") return apiField;
  if (apiField === "expires_at") return expiry === "date" ? "date" : "expiry";
  return null;
}

export function TokenCreateForm({ onCreated }: { onCreated: (created: TokenCreated) => void }) {
  const [form] = Form.useForm<TokenFormValues>();
  const expiry = Form.useWatch("expiry", form) ?? INITIAL.expiry;
  const create = useCreateToken();
  const notify = useNotify();
  const [formAlert, setFormAlert] = useState<string | null>(null);

  const submit = async (values: TokenFormValues) => {
    setFormAlert(null);
    const expiresAt = expiresAtFor(values.expiry, values.date, new Date());
    try {
      const created = await create.mutateAsync({ name: values.name.trim(), role: values.role, ...(expiresAt ? { expires_at: expiresAt } : {}) });
      form.resetFields();
      onCreated(created);
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 409 && error.status !== 422)) {
        notify.error("Could not make the token", error);
        return;
      }
      const placed = error.status === 409 ? [{ field: error.conflictField ?? "name", message: error.message }] : error.fieldErrors;
      const unplaced: string[] = [];
      for (const { field, message } of placed) {
        const name = formFieldOf(field, values.expiry);
        if (name) form.setFields([{ name, errors: [message] }]);
        else unplaced.push(`${field}: ${message}`);
      }
      if (placed.length === 0 || unplaced.length > 0) setFormAlert(unplaced.join("; ") || describeError(error));
    }
  };

  return (
    <Card title={<h2 className="card-title">New token</h2>} style={{ marginBottom: 16 }}>
      {formAlert && <Alert type="error" showIcon style={{ marginBottom: 12 }} title="The server refused the token" description={formAlert} />}
      <Form<TokenFormValues> form={form} layout="vertical" initialValues={INITIAL} onFinish={(values) => void submit(values)} requiredMark>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item
              name="name"
              label="Name"
              extra="Recorded as the actor of every change made with it, e.g. ci-deployer"
              rules={[
                { required: true, whitespace: true, message: "Name is required" },
                { max: NAME.maxLength, message: `Name must be at most ${NAME.maxLength} characters` },
                { pattern: NAME_PATTERN, message: "Letters, digits and . _ @ : / - only, starting with a letter or digit" },
              ]}
            >
              <Input autoComplete="off" spellCheck={false} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="role" label="Role" rules={[{ required: true, message: "Pick a role" }]}>
              <Select options={ROLE_VALUES.map((role) => ({ value: role, label: `${role}: ${ROLE_DESCRIPTIONS[role]}` }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="expiry" label="Expires" rules={[{ required: true }]}>
              <Select options={EXPIRY_OPTIONS} />
            </Form.Item>
          </Col>
          {expiry === "date" && (
            <Col xs={24} md={8}>
              <Form.Item
                name="date"
                label="Expiry date"
                extra="It stops working at the end of this day (your time zone)."
                rules={[
                  {
                    validator: async (_rule, value: string | undefined) => {
                      if (!isExpiryDateValid(value, new Date())) throw new Error("Pick a date from today on");
                    },
                  },
                ]}
              >
                <Input type="date" />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          Create token
        </Button>
      </Form>
    </Card>
  );
}
