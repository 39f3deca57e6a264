package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/iims/iims/gen/sdkclient"
)

func newHistoryCmd() *cobra.Command {
	r := &remoteFlags{}
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Read the history of changes through the API (--server)",
	}
	r.register(cmd)
	cmd.AddCommand(newHistoryListCmd(r), newHistoryGetCmd(r), newHistoryCompareCmd(r))
	return cmd
}

// historyFilterFlags are GET /api/history's filters, as flags.
var historyFilterFlags = []struct{ flag, param, help string }{
	{"instance-id", "instance_id", "one instance's records"},
	{"q", "q", "free text"},
	{"operation-type", "operation_type", "create, update or delete"},
	{"start-date", "start_date", "from this instant (RFC 3339)"},
	{"end-date", "end_date", "up to this instant (RFC 3339)"},
	{"field", "field", "records that changed this field"},
	{"from", "from", "…from this value (with --field)"},
	{"to", "to", "…to this value (with --field)"},
	{"actor", "actor", "made by this actor"},
	{"via", "via", "made via api, web, cli or import"},
	{"request-id", "request_id", "made by this request"},
}

func newHistoryListCmd(r *remoteFlags) *cobra.Command {
	var limit int
	flags := map[string]*string{}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List history records, newest first (filters as in the API)",
		Example: "  iims history list --instance-id 42\n  iims history list --field status --to error --start-date 2026-12-01T00:00:00Z\n  iims history list --request-id 3f1c9a2e7b4d4e0a -o wide",
		Args:    cobra.NoArgs,
		RunE: r.run(func(cmd *cobra.Command, rm *remote, _ []string) error {
			q := url.Values{}
			for key, v := range flags {
				if *v != "" {
					q.Set(key, *v)
				}
			}
			res, err := rm.api.HistoryList(cmd.Context(), &sdkclient.HistoryListParams{Limit: &limit}, withQuery(q))
			return rm.show(res, err, "items", historyColumns)
		}),
	}
	for _, f := range historyFilterFlags {
		v := new(string)
		cmd.Flags().StringVar(v, f.flag, "", f.help)
		flags[f.param] = v
	}
	cmd.Flags().IntVar(&limit, "limit", 50, "at most this many (1–1000)")
	return cmd
}

func newHistoryGetCmd(r *remoteFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "get HISTORY_ID",
		Short: "Show one history record (the full snapshot and its changes)",
		Args:  cobra.ExactArgs(1),
		RunE: r.run(func(cmd *cobra.Command, rm *remote, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError(fmt.Sprintf("%q is not a history id", args[0]))
			}
			res, err := rm.api.HistoryGet(cmd.Context(), id)
			return rm.show(res, err, "", historyColumns)
		}),
	}
}

func newHistoryCompareCmd(r *remoteFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "compare FROM_HISTORY_ID TO_HISTORY_ID",
		Short: "What differs between two records of one instance",
		Args:  cobra.ExactArgs(2),
		RunE: r.run(func(cmd *cobra.Command, rm *remote, args []string) error {
			from, err1 := strconv.ParseInt(args[0], 10, 64)
			to, err2 := strconv.ParseInt(args[1], 10, 64)
			if err1 != nil || err2 != nil {
				return usageError("give two history ids")
			}
			res, err := rm.api.HistoryCompare(cmd.Context(), &sdkclient.HistoryCompareParams{From: from, To: to})
			return rm.show(res, err, "", []column{field("INSTANCE", "instance_id"), {heading: "CHANGES", cell: func(row map[string]any) string { return changesText(row["changes"]) }}})
		}),
	}
}

// putBackColumns show a revert's, restore's or undo's plan or outcome.
var putBackColumns = []column{
	field("INSTANCE", "instance_id"), field("NAME", "name"), field("ACTION", "action"),
	{heading: "CHANGES", cell: func(r map[string]any) string { return changesText(r["changes"]) }},
	{heading: "CONFLICT", cell: func(r map[string]any) string {
		if c, ok := r["conflict"].(map[string]any); ok {
			return fmt.Sprintf("changed since: version %s now", text(c["current_version"]))
		}
		return "-"
	}},
}

// putBackOK are the statuses of a revert's, restore's or undo's answer (a restore creates).
var putBackOK = []int{http.StatusOK, http.StatusCreated}

func newRevertCmd() *cobra.Command {
	r := &remoteFlags{}
	var to, ifVersion int64
	var dryRun bool
	var reason string
	cmd := &cobra.Command{
		Use:     "revert ID|NAME --to HISTORY_ID",
		Short:   "Put an instance back to one of its earlier versions (through the API)",
		Example: "  iims revert llama-7b-chat --to 120 --dry-run\n  iims revert 42 --to 120 --reason 'INC-4711: the new image doubles p99'",
		Args:    cobra.ExactArgs(1),
		RunE: r.run(func(cmd *cobra.Command, rm *remote, args []string) error {
			inst, err := rm.resolveInstance(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			res, err := rm.api.InstanceRevertWithBody(cmd.Context(), idOf(inst), &sdkclient.InstanceRevertParams{IfMatch: ifMatch(cmd, ifVersion)},
				"application/json", jsonBody(map[string]any{"to_history_id": to, "dry_run": dryRun}), withReason(reason))
			return rm.show(res, err, "", []column{field("REVERTED_FROM", "reverted_from"), field("DRY_RUN", "dry_run"),
				{heading: "CHANGES", cell: func(row map[string]any) string { return changesText(row["changes"]) }}}, putBackOK...)
		}),
	}
	r.register(cmd)
	cmd.Flags().Int64Var(&to, "to", 0, "the history record to put back (iims history list --instance-id ID)")
	_ = cmd.MarkFlagRequired("to")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show the plan and write nothing")
	cmd.Flags().Int64Var(&ifVersion, "if-version", 0, "only if the instance is still at this version (else exit 4)")
	cmd.Flags().StringVar(&reason, "reason", "", "why: kept in the revert's history record")
	return cmd
}

func newRestoreCmd() *cobra.Command {
	r := &remoteFlags{}
	var dryRun bool
	var reason string
	cmd := &cobra.Command{
		Use:   "restore ID",
		Short: "Bring a deleted instance back under its id, from its last snapshot (through the API)",
		Args:  cobra.ExactArgs(1),
		RunE: r.run(func(cmd *cobra.Command, rm *remote, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError(fmt.Sprintf("%q is not an instance id (a deleted instance is named by its id)", args[0]))
			}
			res, err := rm.api.InstanceRestoreWithBody(cmd.Context(), id, nil, "application/json", jsonBody(map[string]any{"dry_run": dryRun}), withReason(reason))
			return rm.show(res, err, "", []column{field("REVERTED_FROM", "reverted_from"), field("DRY_RUN", "dry_run"),
				{heading: "NAME", cell: func(row map[string]any) string {
					inst, _ := row["instance"].(map[string]any)
					return text(inst["name"])
				}}}, putBackOK...)
		}),
	}
	r.register(cmd)
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show what would come back and write nothing")
	cmd.Flags().StringVar(&reason, "reason", "", "why: kept in the restore's history record")
	return cmd
}

func newUndoCmd() *cobra.Command {
	r := &remoteFlags{}
	var requestID string
	var historyIDs []int64
	var dryRun, force bool
	var reason string
	cmd := &cobra.Command{
		Use:     "undo --request-id ID | --history-ids ID,…",
		Short:   "Undo a whole request (a bulk change, an import, a revert) or chosen records, all or nothing (through the API)",
		Example: "  iims undo --request-id 3f1c9a2e7b4d4e0a --dry-run\n  iims undo --history-ids 120,121 --force --reason 'INC-4711'",
		Args:    cobra.NoArgs,
		RunE: r.run(func(cmd *cobra.Command, rm *remote, _ []string) error {
			body := map[string]any{"dry_run": dryRun, "force": force}
			switch {
			case (requestID == "") == (len(historyIDs) == 0):
				return usageError("give exactly one of --request-id and --history-ids")
			case requestID != "":
				body["request_id"] = requestID
			default:
				body["history_ids"] = historyIDs
			}
			res, err := rm.api.HistoryUndoWithBody(cmd.Context(), nil, "application/json", jsonBody(body), withReason(reason))
			return rm.show(res, err, "items", putBackColumns, putBackOK...)
		}),
	}
	r.register(cmd)
	cmd.Flags().StringVar(&requestID, "request-id", "", "undo every change this request made")
	cmd.Flags().Int64SliceVar(&historyIDs, "history-ids", nil, "undo these records")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show the plan and any conflicts, write nothing")
	cmd.Flags().BoolVar(&force, "force", false, "undo even instances changed since (else a conflict: exit 4)")
	cmd.Flags().StringVar(&reason, "reason", "", "why: kept in every record the undo writes")
	return cmd
}
