// Column chooser and density toggle for the instances table.
import { SettingOutlined } from "../../../components/icons";
import { Button, Checkbox, Popover, Segmented, Space, Typography } from "antd";
import { OPTIONAL_COLUMNS, type Density, type OptionalColumnKey } from "./useTablePrefs";

export function ColumnChooser({ hidden, onChange }: { hidden: Set<OptionalColumnKey>; onChange: (hidden: OptionalColumnKey[]) => void }) {
  const content = (
    <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
      <legend className="sr-only">Visible columns</legend>
      <Space orientation="vertical" size={4}>
        {OPTIONAL_COLUMNS.map((column) => (
          <Checkbox
            key={column.key}
            checked={!hidden.has(column.key)}
            onChange={(e) => {
              const next = new Set(hidden);
              if (e.target.checked) next.delete(column.key);
              else next.add(column.key);
              onChange([...next]);
            }}
          >
            {column.label}
          </Checkbox>
        ))}
      </Space>
    </fieldset>
  );
  return (
    <Popover content={content} title="Columns" trigger="click" placement="bottomRight">
      <Button icon={<SettingOutlined />}>Columns</Button>
    </Popover>
  );
}

export function DensityToggle({ value, onChange }: { value: Density; onChange: (density: Density) => void }) {
  return (
    <Space size={4}>
      <Typography.Text type="secondary" id="density-label" className="sr-only">
        Row density
      </Typography.Text>
      <Segmented<Density>
        aria-labelledby="density-label"
        value={value}
        onChange={onChange}
        options={[
          { value: "small", label: "Compact" },
          { value: "middle", label: "Default" },
          { value: "large", label: "Comfortable" },
        ]}
      />
    </Space>
  );
}
