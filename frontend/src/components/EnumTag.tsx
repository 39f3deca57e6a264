// Coloured tags for status and priority. Solid backgrounds with white text are chosen from the
// darker end of antd's palette so every tag passes WCAG AA contrast in light and dark themes.
import { Tag, type TagProps } from "antd";
import type { Priority, Status } from "../api/types";

const STATUS_COLOURS: Record<Status, string> = {
  active: "#237804", // green-8
  inactive: "#595959", // grey-8
  pending: "#874d00", // gold-9
  error: "#cf1322", // red-7
};

const PRIORITY_COLOURS: Record<Priority, string> = {
  low: "#595959",
  medium: "#0958d9", // blue-7
  high: "#ad4e00", // orange-8
  critical: "#a8071a", // red-8
};

export function StatusTag({ status }: { status: Status }) {
  return (
    <Tag variant="solid" color={STATUS_COLOURS[status]} data-status={status}>
      {status}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: Priority }) {
  return (
    <Tag variant="solid" color={PRIORITY_COLOURS[priority]} data-priority={priority}>
      {priority}
    </Tag>
  );
}

/** A solid tag in one of the palette colours above (white text, AA in both themes). */
export const TAG_COLOURS = { green: "#237804", grey: "#595959", blue: "#0958d9", orange: "#ad4e00", red: "#cf1322" } as const;

export function SolidTag({ colour, children, ...rest }: { colour: keyof typeof TAG_COLOURS; children: string } & Omit<TagProps, "color" | "variant" | "children">) {
  return (
    <Tag variant="solid" color={TAG_COLOURS[colour]} {...rest}>
      {children}
    </Tag>
  );
}
