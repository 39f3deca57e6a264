// Typed rendering of one field's change: numbers show old → new and the delta, status and
// priority their transition as the app's coloured tags, long text a word diff (jsdiff), and a
// missing value reads "none". Text never depends on colour alone: deltas carry a sign and the
// word diff says "added"/"removed" to screen readers.
import { ArrowRightOutlined } from "../../../components/icons";
import { diffWords } from "diff";
import { Fragment, type ReactNode } from "react";
import type { Priority, Status } from "../../../api/types";
import { PriorityTag, StatusTag } from "../../../components/EnumTag";
import { formatValue, isEmpty, numericDelta, signed, type FieldDelta } from "./summarize";

/** One value, typed: a coloured tag for status/priority, "none" when missing. */
export function Value({ field, value }: { field: FieldDelta["field"]; value: unknown }): ReactNode {
  if (isEmpty(value)) return <em className="diff-none">none</em>;
  if (field === "status") return <StatusTag status={value as Status} />;
  if (field === "priority") return <PriorityTag priority={value as Priority} />;
  return <span className="diff-value">{formatValue(value)}</span>;
}

export function WordDiff({ oldText, newText }: { oldText: string; newText: string }) {
  return (
    <span className="word-diff">
      {diffWords(oldText, newText).map((part, index) => {
        if (part.added)
          return (
            <ins key={index} className="diff-ins">
              <span className="sr-only">added: </span>
              {part.value}
            </ins>
          );
        if (part.removed)
          return (
            <del key={index} className="diff-del">
              <span className="sr-only">removed: </span>
              {part.value}
            </del>
          );
        return <Fragment key={index}>{part.value}</Fragment>;
      })}
    </span>
  );
}

const Arrow = () => (
  <>
    <ArrowRightOutlined aria-hidden className="diff-arrow" />
    <span className="sr-only"> to </span>
  </>
);

/** old → new, typed by the field's kind. `showLabel` prefixes the field's name. */
export function FieldDiff({ delta, showLabel = true }: { delta: FieldDelta; showLabel?: boolean }) {
  const label = showLabel ? <span className="diff-label">{delta.label}</span> : null;
  if (delta.kind === "text" && !isEmpty(delta.old) && !isEmpty(delta.new)) {
    return (
      <span className="field-diff" data-field={delta.field}>
        {label}
        <WordDiff oldText={String(delta.old)} newText={String(delta.new)} />
      </span>
    );
  }
  const diff = delta.kind === "number" ? numericDelta(delta) : null;
  return (
    <span className="field-diff" data-field={delta.field}>
      {label}
      <Value field={delta.field} value={delta.old} />
      <Arrow />
      <Value field={delta.field} value={delta.new} />
      {diff !== null && diff !== 0 && (
        <span className={diff > 0 ? "diff-delta diff-up" : "diff-delta diff-down"}>({signed(diff)})</span>
      )}
    </span>
  );
}

/** What differs between the two sides of a comparison: the delta, the word diff, or "changed". */
export function Difference({ delta }: { delta: FieldDelta }) {
  if (delta.kind === "text" && !isEmpty(delta.old) && !isEmpty(delta.new)) return <WordDiff oldText={String(delta.old)} newText={String(delta.new)} />;
  const diff = delta.kind === "number" ? numericDelta(delta) : null;
  if (diff !== null) return <span className={diff > 0 ? "diff-delta diff-up" : "diff-delta diff-down"}>{signed(diff)}</span>;
  if (isEmpty(delta.old)) return <span>set</span>;
  if (isEmpty(delta.new)) return <span>cleared</span>;
  return <span>changed</span>;
}

/** Every changed field of a record, typed, separated by commas. */
export function FieldDiffList({ deltas, max }: { deltas: FieldDelta[]; max?: number }) {
  const shown = max === undefined ? deltas : deltas.slice(0, max);
  return (
    <span className="field-diff-list">
      {shown.map((delta) => (
        <FieldDiff key={delta.field} delta={delta} />
      ))}
      {shown.length < deltas.length && <span className="diff-more">+{deltas.length - shown.length} more</span>}
    </span>
  );
}
