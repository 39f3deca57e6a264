// Friendly names for the generated schema types. Nothing here is hand-written API shape: every
// alias points into schema.d.ts, which `npm run gen:api` regenerates from api/openapi.yaml.
import type { components, paths } from "./schema";
import type { CHANGE_FIELD_VALUES, PRIORITY_VALUES, STATUS_VALUES, OPERATION_TYPE_VALUES, INSTANCE_SORT_KEYS, ROLE_VALUES, VIA_VALUES } from "./rules";

type Schemas = components["schemas"];

export type Instance = Schemas["Instance"];
export type InstanceCreate = Schemas["InstanceCreate"];
export type InstanceUpdate = Schemas["InstanceUpdate"];
export type Status = Schemas["Status"];
export type Priority = Schemas["Priority"];
export type OperationType = Schemas["OperationType"];
export type InstanceSortKey = Schemas["InstanceSortKey"];
export type HistoryRecord = Schemas["HistoryRecord"];
export type HistoryPage = Schemas["HistoryPage"];
export type Changes = Schemas["Changes"];
export type FieldChange = Schemas["FieldChange"];
export type ChangeField = Schemas["ChangeField"];
export type HistoryComparison = Schemas["HistoryComparison"];
/** One committed change as streamed by GET /api/events. */
export type LiveEvent = Schemas["Event"];
/** heartbeat / ready / reset on GET /api/events. */
export type ControlMessage = Schemas["ControlMessage"];
export type BulkRequest = Schemas["BulkRequest"];
export type BulkResult = Schemas["BulkResult"];
export type BulkItem = Schemas["BulkItem"];
export type ImportResult = Schemas["ImportResult"];
export type ImportItem = Schemas["ImportItem"];
export type FleetStats = Schemas["FleetStats"];
export type Health = Schemas["Health"];
export type ErrorBody = Schemas["ErrorBody"];
export type FieldError = Schemas["FieldError"];
/** Who the caller is (GET /me). */
export type Me = Schemas["Me"];
export type RevertResult = Schemas["RevertResult"];
export type RestoreResult = Schemas["RestoreResult"];
export type UndoRequest = Schemas["UndoRequest"];
export type UndoResult = Schemas["UndoResult"];
export type UndoItem = Schemas["UndoItem"];
export type UndoConflict = Schemas["UndoConflict"];
export type InstanceDiff = Schemas["InstanceDiff"];
export type Role = Schemas["Role"];
export type Via = Schemas["Via"];
export type ApiToken = Schemas["ApiToken"];
export type TokenCreate = Schemas["TokenCreate"];
export type TokenCreated = Schemas["TokenCreated"];

export type InstanceListQuery = NonNullable<paths["/instances"]["get"]["parameters"]["query"]>;
export type HistoryListQuery = NonNullable<paths["/history"]["get"]["parameters"]["query"]>;
export type HistoryDiffQuery = paths["/history/diff"]["get"]["parameters"]["query"];
export type StatsQuery = NonNullable<paths["/stats"]["get"]["parameters"]["query"]>;
export type HistoryExportQuery = NonNullable<paths["/history/export"]["get"]["parameters"]["query"]>;
export type InstanceHistoryQuery = NonNullable<paths["/instances/{instance_id}/history"]["get"]["parameters"]["query"]>;

/** Fields a user edits (everything but id, version and timestamps). */
export type EditableField = Exclude<keyof InstanceCreate, "reason">;

// Compile-time proof that the run-time enum lists in rules.ts match the generated types exactly;
// if the spec and the two generators ever disagree, `tsc` fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type EnumsMatchSpec = [
  Assert<Same<(typeof STATUS_VALUES)[number], Status>>,
  Assert<Same<(typeof PRIORITY_VALUES)[number], Priority>>,
  Assert<Same<(typeof OPERATION_TYPE_VALUES)[number], OperationType>>,
  Assert<Same<(typeof INSTANCE_SORT_KEYS)[number], InstanceSortKey>>,
  Assert<Same<(typeof CHANGE_FIELD_VALUES)[number], ChangeField>>,
  Assert<Same<(typeof VIA_VALUES)[number], Via>>,
  Assert<Same<(typeof ROLE_VALUES)[number], Role>>,
];
