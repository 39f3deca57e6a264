// Filters of the fleet history page. Every control writes the URL (fleetFilters.ts), so a
// filtered feed can be shared, bookmarked and survives a reload.
import { Button, Input, InputNumber, Select } from "antd";
import { useEffect, useState } from "react";
import { CHANGE_FIELD_VALUES, OPERATION_TYPE_VALUES, VIA_VALUES } from "../../../api/rules";
import type { ChangeField, OperationType, Via } from "../../../api/types";
import { DebouncedSearch } from "../../../components/DebouncedSearch";
import { labelOf } from "../../instances/fields";
import { fromLocalInput as instantOf, toLocalInput as localInput } from "../../timetravel/moments";
import { EMPTY_VIEW, hasFilters, RANGE_PRESETS, type FleetView, type RangeChoice } from "./fleetFilters";

// datetime-local values are in the browser's time zone; the API wants an instant.
const toLocalInput = (iso: string | undefined) => localInput(iso ?? "");
const fromLocalInput = (value: string) => instantOf(value) || undefined;

/** Instance id box: commits on Enter or when it loses focus (not per keystroke). */
function InstanceIdFilter({ value, onCommit }: { value: number | undefined; onCommit: (id: number | undefined) => void }) {
  const [text, setText] = useState<number | null>(value ?? null);
  useEffect(() => setText(value ?? null), [value]);
  const commit = () => {
    const id = text !== null && Number.isInteger(text) && text > 0 ? text : undefined;
    if (id !== value) onCommit(id);
  };
  return (
    <InputNumber<number>
      aria-label="Instance id"
      placeholder="Instance id"
      min={1}
      precision={0}
      value={text}
      onChange={(v) => setText(typeof v === "number" ? v : null)}
      onPressEnter={commit}
      onBlur={commit}
      style={{ width: 130 }}
    />
  );
}

/** Typed values of a free-text multi-value filter: trimmed, no empties, no repeats. */
function cleanValues(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ""))];
}

/** A filter of free-text values (several allowed): type one and press Enter. */
function TextValuesFilter({ label, values, suggestions = [], onChange }: { label: string; values: string[]; suggestions?: string[]; onChange: (values: string[]) => void }) {
  return (
    <Select<string[]>
      mode="tags"
      allowClear
      className="filter-select filter-select-wide"
      aria-label={label}
      placeholder={label}
      maxTagCount="responsive"
      tokenSeparators={[","]}
      value={values}
      options={suggestions.map((value) => ({ value, label: value }))}
      notFoundContent={null}
      onChange={(next) => onChange(cleanValues(next))}
    />
  );
}

export interface HistoryFilterBarProps {
  view: FleetView;
  onChange: (next: FleetView, replace?: boolean) => void;
  /** Actors seen in the loaded records, offered while typing. */
  knownActors?: string[];
}

export function HistoryFilterBar({ view, onChange, knownActors }: HistoryFilterBarProps) {
  return (
    <div className="filter-bar" role="search" aria-label="Filter history">
      <DebouncedSearch
        id="history-search"
        value={view.q}
        onCommit={(q) => onChange({ ...view, q }, true)}
        ariaLabel="Search history"
        placeholder="Name, model, cluster, image, description, reason"
        width={280}
      />
      <InstanceIdFilter value={view.instanceId} onCommit={(instanceId) => onChange({ ...view, instanceId })} />
      <Select<OperationType | undefined>
        allowClear
        className="filter-select"
        aria-label="Filter by operation"
        placeholder="Operation"
        value={view.operation}
        options={OPERATION_TYPE_VALUES.map((op) => ({ value: op, label: op }))}
        onChange={(operation) => onChange({ ...view, operation })}
      />
      <Select<ChangeField[]>
        mode="multiple"
        allowClear
        className="filter-select filter-select-wide"
        aria-label="Filter by changed field"
        placeholder="Changed field"
        maxTagCount="responsive"
        value={view.fields}
        options={CHANGE_FIELD_VALUES.map((field) => ({ value: field, label: labelOf(field), title: field }))}
        onChange={(fields) => onChange({ ...view, fields })}
      />
      <TextValuesFilter label="Actor" values={view.actors} suggestions={knownActors} onChange={(actors) => onChange({ ...view, actors })} />
      <Select<Via[]>
        mode="multiple"
        allowClear
        className="filter-select"
        aria-label="Via"
        placeholder="Via"
        maxTagCount="responsive"
        value={view.vias}
        options={VIA_VALUES.map((via) => ({ value: via, label: via }))}
        onChange={(vias) => onChange({ ...view, vias })}
      />
      <TextValuesFilter label="Request id" values={view.requestIds} onChange={(requestIds) => onChange({ ...view, requestIds })} />
      <Select<RangeChoice | "any">
        className="filter-select"
        aria-label="Time range"
        value={view.range ?? "any"}
        options={[
          { value: "any", label: "Any time" },
          ...Object.entries(RANGE_PRESETS).map(([value, { label }]) => ({ value: value as RangeChoice, label })),
          { value: "custom", label: "Custom range" },
        ]}
        onChange={(range) =>
          onChange({ ...view, range: range === "any" ? undefined : range, start: range === "custom" ? view.start : undefined, end: range === "custom" ? view.end : undefined })
        }
      />
      {view.range === "custom" && (
        <>
          <Input
            type="datetime-local"
            aria-label="From (local time)"
            value={toLocalInput(view.start)}
            onChange={(event) => onChange({ ...view, start: fromLocalInput(event.target.value) }, true)}
            style={{ width: 210 }}
          />
          <Input
            type="datetime-local"
            aria-label="To (local time)"
            value={toLocalInput(view.end)}
            onChange={(event) => onChange({ ...view, end: fromLocalInput(event.target.value) }, true)}
            style={{ width: 210 }}
          />
        </>
      )}
      {hasFilters(view) && (
        <Button type="link" onClick={() => onChange(EMPTY_VIEW)}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
