package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/iims/iims/gen/sdkclient"
)

func newInstancesCmd() *cobra.Command {
	r := &remoteFlags{}
	cmd := &cobra.Command{
		Use:     "instances",
		Aliases: []string{"instance", "inst"},
		Short:   "List, show, create, change, delete and export instances through the API (--server)",
	}
	r.register(cmd)
	cmd.AddCommand(newInstancesListCmd(r), newInstancesGetCmd(r), newInstancesCreateCmd(r), newInstancesUpdateCmd(r),
		newInstancesDeleteCmd(r), newInstancesExportCmd(r))
	return cmd
}

// listFilters are the instance filters of the API, as flags.
type listFilters struct {
	name, q, sort, asOf                    string
	models, clusters, statuses, priorities []string
}

func (f *listFilters) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.name, "name", "", "part of the name (case-insensitive)")
	cmd.Flags().StringSliceVar(&f.models, "model", nil, "model name (repeat or comma-separate for any of several)")
	cmd.Flags().StringSliceVar(&f.clusters, "cluster", nil, "cluster name (repeat for any of several)")
	cmd.Flags().StringSliceVar(&f.statuses, "status", nil, "active, inactive, pending or error (repeat for any of several)")
	cmd.Flags().StringSliceVar(&f.priorities, "priority", nil, "low, medium, high or critical (repeat for any of several)")
	cmd.Flags().StringVarP(&f.q, "query", "q", "", "free text in the name, model, cluster, image or description")
	cmd.Flags().StringVar(&f.sort, "sort", "", "sort keys, e.g. -updated_at,name")
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "the fleet as it was at this instant (RFC 3339)")
	_ = cmd.RegisterFlagCompletionFunc("status", cobra.FixedCompletions([]string{"active", "inactive", "pending", "error"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("priority", cobra.FixedCompletions([]string{"low", "medium", "high", "critical"}, cobra.ShellCompDirectiveNoFileComp))
}

// values are the filters as a query string. (The generated parameter types would do the same;
// the filters are shared by the list and the export, whose generated types differ.)
func (f *listFilters) values() (url.Values, error) {
	q := url.Values{}
	set := func(key, v string) {
		if v != "" {
			q.Set(key, v)
		}
	}
	set("name", f.name)
	set("q", f.q)
	set("sort", f.sort)
	if f.asOf != "" {
		if _, err := time.Parse(time.RFC3339, f.asOf); err != nil {
			return nil, usageError(fmt.Sprintf("--as-of %q: give an RFC 3339 instant, e.g. 2026-12-01T02:00:00Z", f.asOf))
		}
		q.Set("as_of", f.asOf)
	}
	for key, values := range map[string][]string{"model_name": f.models, "cluster_name": f.clusters, "status": f.statuses, "priority": f.priorities} {
		for _, v := range values {
			q.Add(key, v)
		}
	}
	return q, nil
}

// withQuery replaces a generated request's query with q (see listFilters.query).
func withQuery(q url.Values) sdkclient.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		all := req.URL.Query()
		for k, v := range q {
			all[k] = v
		}
		req.URL.RawQuery = all.Encode()
		return nil
	}
}

func newInstancesListCmd(r *remoteFlags) *cobra.Command {
	f := &listFilters{}
	var limit int
	var skip int64
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List instances (filters as in the API)",
		Example: "  iims instances list --status error --cluster gpu-cluster-2 -o wide\n  iims instances list -q llama --sort -updated_at -o yaml",
		Args:    cobra.NoArgs,
		RunE: r.run(func(cmd *cobra.Command, rm *remote, _ []string) error {
			q, err := f.values()
			if err != nil {
				return err
			}
			res, err := rm.api.InstanceList(cmd.Context(), &sdkclient.InstanceListParams{Limit: &limit, Skip: &skip}, withQuery(q))
			var raw json.RawMessage
			total := ""
			if err == nil {
				total = res.Header.Get("X-Total-Count")
			}
			if err := decode(res, err, &raw, http.StatusOK); err != nil {
				return err
			}
			if err := rm.print(raw, "", instanceColumns); err != nil {
				return err
			}
			if rm.tabular() {
				var shown []json.RawMessage
				_ = json.Unmarshal(raw, &shown)
				fmt.Fprintf(cmd.ErrOrStderr(), "%d of %s instances\n", len(shown), total)
			}
			return nil
		}),
	}
	f.register(cmd)
	cmd.Flags().IntVar(&limit, "limit", 50, "at most this many (1–1000)")
	cmd.Flags().Int64Var(&skip, "skip", 0, "skip this many first")
	return cmd
}

// resolveInstance turns an id or an exact name into the instance, as the server has it now.
func (rm *remote) resolveInstance(ctx context.Context, idOrName string) (map[string]any, error) {
	if id, err := strconv.ParseInt(idOrName, 10, 64); err == nil {
		var inst map[string]any
		res, err := rm.api.InstanceGet(ctx, id, nil)
		return inst, decode(res, err, &inst, http.StatusOK)
	}
	// The API's name filter is a substring: page through its matches for the exact one.
	limit := 1000
	for skip := int64(0); ; skip += int64(limit) {
		var found []map[string]any
		res, err := rm.api.InstanceList(ctx, &sdkclient.InstanceListParams{Name: &idOrName, Limit: &limit, Skip: &skip})
		if err := decode(res, err, &found, http.StatusOK); err != nil {
			return nil, err
		}
		for _, inst := range found {
			if inst["name"] == idOrName {
				return inst, nil
			}
		}
		if len(found) < limit {
			break
		}
	}
	return nil, &exitError{code: exitNotFound, message: fmt.Sprintf("no instance is named %q", idOrName)}
}

func idOf(inst map[string]any) int64 {
	id, _ := inst["id"].(float64)
	return int64(id)
}

func newInstancesGetCmd(r *remoteFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "get ID|NAME",
		Short: "Show one instance",
		Args:  cobra.ExactArgs(1),
		RunE: r.run(func(cmd *cobra.Command, rm *remote, args []string) error {
			inst, err := rm.resolveInstance(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			raw, _ := json.Marshal(inst)
			return rm.print(raw, "", instanceColumns)
		}),
	}
}

// fieldFlags are an instance's writable fields as flags; only the flags given are sent.
type fieldFlags struct {
	strings map[string]*string
	ints    map[string]*int
	reason  string
}

func (f *fieldFlags) register(cmd *cobra.Command) {
	f.strings, f.ints = map[string]*string{}, map[string]*int{}
	for flag, key := range map[string]string{"name": "name", "model": "model_name", "model-version": "model_version", "cluster": "cluster_name",
		"image": "image_tag", "status": "status", "priority": "priority", "description": "description"} {
		f.strings[key] = cmd.Flags().String(flag, "", key)
	}
	for _, key := range []string{"replicas", "pp", "cp", "tp"} {
		f.ints[key] = cmd.Flags().Int(key, 0, key)
	}
	cmd.Flags().StringVar(&f.reason, "reason", "", "why: kept in the change's history record")
}

// body is the JSON of the fields whose flags were given.
func (f *fieldFlags) body(cmd *cobra.Command) map[string]any {
	flagOf := map[string]string{"model_name": "model", "model_version": "model-version", "cluster_name": "cluster", "image_tag": "image"}
	body := map[string]any{}
	for key, v := range f.strings {
		if cmd.Flags().Changed(firstNonEmpty(flagOf[key], key)) {
			body[key] = *v
		}
	}
	for key, v := range f.ints {
		if cmd.Flags().Changed(key) {
			body[key] = *v
		}
	}
	if f.reason != "" {
		body["reason"] = f.reason
	}
	return body
}

func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

func newInstancesCreateCmd(r *remoteFlags) *cobra.Command {
	f := &fieldFlags{}
	cmd := &cobra.Command{
		Use:     "create --name NAME --model MODEL --cluster CLUSTER --image TAG [flags]",
		Short:   "Create an instance",
		Example: "  iims instances create --name llama-7b-chat --model llama-7b --cluster gpu-cluster-1 --image llama:7b --replicas 2",
		Args:    cobra.NoArgs,
		RunE: r.run(func(cmd *cobra.Command, rm *remote, _ []string) error {
			res, err := rm.api.InstanceCreateWithBody(cmd.Context(), nil, "application/json", jsonBody(f.body(cmd)))
			return rm.show(res, err, "", instanceColumns, http.StatusCreated)
		}),
	}
	f.register(cmd)
	return cmd
}

func newInstancesUpdateCmd(r *remoteFlags) *cobra.Command {
	f := &fieldFlags{}
	var ifVersion int64
	cmd := &cobra.Command{
		Use:     "update ID|NAME [flags]",
		Short:   "Change the fields given, and only those",
		Example: "  iims instances update llama-7b-chat --replicas 4 --reason 'INC-4711: scale up' --if-version 3",
		Args:    cobra.ExactArgs(1),
		RunE: r.run(func(cmd *cobra.Command, rm *remote, args []string) error {
			body := f.body(cmd)
			if len(body) == 0 || (len(body) == 1 && body["reason"] != nil) {
				return usageError("nothing to change: give at least one field flag (see --help)")
			}
			inst, err := rm.resolveInstance(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			res, err := rm.api.InstanceUpdateWithBody(cmd.Context(), idOf(inst), &sdkclient.InstanceUpdateParams{IfMatch: ifMatch(cmd, ifVersion)}, "application/json", jsonBody(body))
			return rm.show(res, err, "", instanceColumns)
		}),
	}
	f.register(cmd)
	cmd.Flags().Int64Var(&ifVersion, "if-version", 0, "only if the instance is still at this version (else exit 4)")
	return cmd
}

// ifMatch is the If-Match for --if-version, when it was given.
func ifMatch(cmd *cobra.Command, version int64) *string {
	if !cmd.Flags().Changed("if-version") {
		return nil
	}
	v := fmt.Sprintf(`"%d"`, version)
	return &v
}

func newInstancesDeleteCmd(r *remoteFlags) *cobra.Command {
	var ifVersion int64
	var reason string
	cmd := &cobra.Command{
		Use:     "delete ID|NAME",
		Aliases: []string{"rm"},
		Short:   "Delete an instance (its history stays; iims restore brings it back)",
		Args:    cobra.ExactArgs(1),
		RunE: r.run(func(cmd *cobra.Command, rm *remote, args []string) error {
			inst, err := rm.resolveInstance(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			res, err := rm.api.InstanceDelete(cmd.Context(), idOf(inst), &sdkclient.InstanceDeleteParams{IfMatch: ifMatch(cmd, ifVersion)}, withReason(reason))
			if err := decode(res, err, nil, http.StatusOK, http.StatusNoContent); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "deleted instance %d (%s)\n", idOf(inst), inst["name"])
			return nil
		}),
	}
	cmd.Flags().Int64Var(&ifVersion, "if-version", 0, "only if the instance is still at this version (else exit 4)")
	cmd.Flags().StringVar(&reason, "reason", "", "why: kept in the delete's history record")
	return cmd
}

func newInstancesExportCmd(r *remoteFlags) *cobra.Command {
	f := &listFilters{}
	var format string
	cmd := &cobra.Command{
		Use:     "export [filters] > FILE",
		Short:   "Stream every matching instance as CSV, JSON or NDJSON to standard output",
		Example: "  iims instances export --status error --format csv > errors.csv",
		Args:    cobra.NoArgs,
		RunE: r.run(func(cmd *cobra.Command, rm *remote, _ []string) error {
			q, err := f.values()
			if err != nil {
				return err
			}
			exportFormat := sdkclient.InstanceExportParamsFormat(format)
			res, err := rm.api.InstanceExport(cmd.Context(), &sdkclient.InstanceExportParams{Format: &exportFormat}, withQuery(q))
			if err != nil {
				return unreachable(err)
			}
			defer res.Body.Close() //nolint:errcheck // read only
			if res.StatusCode != http.StatusOK {
				return decode(res, nil, nil)
			}
			if _, err := io.Copy(cmd.OutOrStdout(), res.Body); err != nil {
				return unreachable(err)
			}
			return nil
		}),
	}
	f.register(cmd)
	cmd.Flags().StringVar(&format, "format", "csv", "csv, json or ndjson")
	return cmd
}
