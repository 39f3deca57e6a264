// Every editable field of an instance, labelled exactly as the issue specifies (the labels are
// the accessible names: the help icon beside a label is decorative, so a field is "PP", not
// "PP question-circle"), with validation rules derived from the spec.
import { Col, Form, Input, InputNumber, Row, Select } from "antd";
import { PRIORITY_VALUES, STATUS_VALUES } from "../../../api/rules";
import { QuestionCircleOutlined } from "../../../components/icons";
import type { EditableField } from "../../../api/types";
import { FIELD_LABELS } from "../fields";
import { boundsOf, rulesFor } from "./fieldRules";

export function InstanceFormFields({ mode }: { mode: "create" | "edit" }) {
  const text = (field: EditableField, extra?: { autoFocus?: boolean; placeholder?: string }) => (
    <Form.Item name={field} label={FIELD_LABELS[field]} rules={rulesFor(field, mode)}>
      <Input autoComplete="off" {...extra} />
    </Form.Item>
  );
  const integer = (field: "replicas" | "pp" | "cp" | "tp", help?: string) => {
    const { min, max } = boundsOf(field);
    return (
      <Form.Item name={field} label={FIELD_LABELS[field]} rules={rulesFor(field, mode)} tooltip={help && { title: help, icon: <QuestionCircleOutlined /> }} extra={`${min}–${max}`}>
        {/* No min/max props: InputNumber would silently clamp; the validator explains instead. */}
        <InputNumber precision={0} style={{ width: "100%" }} />
      </Form.Item>
    );
  };
  return (
    <>
      {text("name", { autoFocus: true, placeholder: "llama-7b-chat" })}
      <Row gutter={12}>
        <Col xs={24} sm={14}>
          {text("model_name", { placeholder: "llama-7b" })}
        </Col>
        <Col xs={24} sm={10}>
          {text("model_version", { placeholder: "latest" })}
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          {text("cluster_name", { placeholder: "gpu-cluster-1" })}
        </Col>
        <Col xs={24} sm={12}>
          {text("image_tag", { placeholder: "llama:7b-latest" })}
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={12} sm={6}>
          {integer("replicas")}
        </Col>
        <Col xs={12} sm={6}>
          {integer("pp", "Pipeline-parallel degree")}
        </Col>
        <Col xs={12} sm={6}>
          {integer("cp", "Context-parallel degree")}
        </Col>
        <Col xs={12} sm={6}>
          {integer("tp", "Tensor-parallel degree")}
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="status" label={FIELD_LABELS.status} rules={rulesFor("status", mode)}>
            <Select options={STATUS_VALUES.map((value) => ({ value, label: value }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="priority" label={FIELD_LABELS.priority} rules={rulesFor("priority", mode)}>
            <Select options={PRIORITY_VALUES.map((value) => ({ value, label: value }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={FIELD_LABELS.description} rules={rulesFor("description", mode)}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </>
  );
}
