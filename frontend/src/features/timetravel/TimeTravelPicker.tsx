// "Time travel": choose the moment to see the fleet as it was — a preset ("1 hour ago"), an
// exact local date and time, or a slider over the last week. Nothing in the future.
import { Button, Form, Input, Modal, Slider, Space, Typography } from "antd";
import { useId, useState } from "react";
import { formatDateTime } from "../../components/TimeAgo";
import { describeHoursAgo, fromLocalInput, hoursAgo, instantAgo, MOMENT_PRESETS, SLIDER_MAX_HOURS, toLocalInput } from "./moments";

export interface TimeTravelPickerProps {
  open: boolean;
  /** The moment shown now ("" for the present). */
  value: string;
  onChange: (instant: string) => void;
  onClose: () => void;
}

/** Mount it anew (a new key) for each opening, and keep it mounted closed: the dialog then hands
 * focus back to the control that opened it. */
export function TimeTravelPicker({ open, value, onChange, onClose }: TimeTravelPickerProps) {
  const [moment, setMoment] = useState(value || instantAgo(3_600_000));
  const inputId = useId();
  const future = Date.parse(moment) > Date.now();
  const hours = hoursAgo(moment);

  return (
    <Modal
      open={open}
      title="Travel to a moment"
      onCancel={onClose}
      onOk={() => onChange(moment)}
      okText="Show the fleet then"
      okButtonProps={{ disabled: !moment || future }}
      cancelText="Cancel"
      destroyOnHidden
    >
      <Typography.Paragraph>See the instances and the dashboard exactly as they were, read-only, with what changed since.</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }} role="group" aria-label="Presets">
        {MOMENT_PRESETS.map((preset) => (
          <Button key={preset.label} onClick={() => setMoment(instantAgo(preset.ago))}>
            {preset.label}
          </Button>
        ))}
      </Space>
      <Form layout="vertical" component="div">
        <Form.Item label="Date and time (your time zone)" htmlFor={inputId} validateStatus={future ? "error" : undefined} help={future ? "That is in the future" : undefined}>
          <Input
            id={inputId}
            type="datetime-local"
            value={toLocalInput(moment)}
            max={toLocalInput(new Date().toISOString())}
            onChange={(event) => {
              const next = fromLocalInput(event.target.value);
              if (next) setMoment(next);
            }}
            style={{ width: 240 }}
          />
        </Form.Item>
        <Form.Item label="How long ago" htmlFor={`${inputId}-slider`}>
          <Slider
            id={`${inputId}-slider`}
            min={0}
            max={SLIDER_MAX_HOURS}
            step={0.25}
            reverse
            value={Math.min(hours, SLIDER_MAX_HOURS)}
            onChange={(h) => setMoment(instantAgo(h * 3_600_000))}
            tooltip={{ formatter: (h) => describeHoursAgo(h ?? 0) }}
            ariaLabelForHandle="How long ago"
            ariaValueTextFormatterForHandle={(h) => describeHoursAgo(h ?? 0)}
          />
        </Form.Item>
      </Form>
      <Typography.Text>
        Showing: <strong>{moment ? formatDateTime(moment) : "—"}</strong> ({describeHoursAgo(hours)})
      </Typography.Text>
    </Modal>
  );
}
