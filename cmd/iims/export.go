package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/iims/iims/internal/export"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// exportFlags are the filters of `iims export`, as in the API.
type exportFlags struct {
	format, output                         string
	name, q, sort                          string
	models, clusters, statuses, priorities []string
	instanceID                             int64
	operation, start, end                  string
	fields                                 []string
}

func newExportCmd(g *globalFlags) *cobra.Command {
	f := &exportFlags{}
	cmd := &cobra.Command{
		Use:   "export instances|history",
		Short: "Write instances or history to a file (CSV, JSON, NDJSON or YAML), streamed from the database",
		Example: "  iims export instances --status error --format csv --output errors.csv\n" +
			"  iims export history --instance-id 42 --format ndjson > instance-42.ndjson",
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"instances", "history"},
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := f.resolveFormat()
			if err != nil {
				return err
			}
			return g.withExistingStore(cmd, func(st storeHandle) error { return f.run(cmd, args[0], format, st) })
		},
	}
	f.register(cmd)
	return cmd
}

// run writes the export.
func (f *exportFlags) run(cmd *cobra.Command, what string, format export.Format, st storeHandle) error {
	out, done, err := f.open()
	if err != nil {
		return err
	}
	bar := newProgress(cmd.ErrOrStderr(), -1, "exporting "+what)
	var n int
	switch what {
	case "instances":
		var filter store.InstanceFilter
		if filter, err = f.instanceFilter(); err == nil {
			n, err = writeAll(out, format, export.Instances, bar, func(fn func(store.Instance) error) error {
				return st.EachInstance(cmd.Context(), filter, fn)
			})
		}
	case "history":
		var filter store.HistoryFilter
		if filter, err = f.historyFilter(); err == nil {
			n, err = writeAll(out, format, export.History, bar, func(fn func(store.HistoryRecord) error) error {
				return st.EachHistory(cmd.Context(), filter, fn)
			})
		}
	default:
		err = fmt.Errorf("export what? %q: use instances or history", what)
	}
	bar.finish()
	if cerr := done(err == nil); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if f.output != "" && f.output != "-" {
		fmt.Fprintf(cmd.ErrOrStderr(), "exported %d %s to %s\n", n, what, f.output)
	}
	return nil
}

// register declares the flags on cmd.
func (f *exportFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "", "csv, json, ndjson or yaml (default: from the --output extension, else csv)")
	fl.StringVarP(&f.output, "output", "o", "-", "file to write (- for standard output)")
	fl.StringVar(&f.name, "name", "", "instances: name contains (case-insensitive)")
	fl.StringSliceVar(&f.models, "model-name", nil, "instances: exact model name (repeatable)")
	fl.StringSliceVar(&f.clusters, "cluster-name", nil, "instances: exact cluster name (repeatable)")
	fl.StringSliceVar(&f.statuses, "status", nil, "instances: status (repeatable)")
	fl.StringSliceVar(&f.priorities, "priority", nil, "instances: priority (repeatable)")
	fl.StringVar(&f.sort, "sort", "id", "instances: sort keys, e.g. -updated_at,name")
	fl.StringVar(&f.q, "q", "", "free text over name, model, cluster, image tag and description")
	fl.Int64Var(&f.instanceID, "instance-id", 0, "history: only this instance")
	fl.StringVar(&f.operation, "operation-type", "", "history: create, update or delete")
	fl.StringVar(&f.start, "start-date", "", "history: at or after this RFC 3339 time")
	fl.StringVar(&f.end, "end-date", "", "history: at or before this RFC 3339 time")
	fl.StringSliceVar(&f.fields, "field", nil, "history: changes that touch this field (repeatable)")
}

func (f *exportFlags) resolveFormat() (export.Format, error) {
	if f.format == "" {
		f.format = strings.TrimPrefix(filepath.Ext(f.output), ".")
		if f.format == "" || f.output == "-" {
			f.format = "csv"
		}
	}
	return export.ParseFormat(f.format)
}

// open returns where to write, and a function that finishes the file (removing it on failure,
// so that a half-written export is never mistaken for a complete one).
func (f *exportFlags) open() (io.Writer, func(ok bool) error, error) {
	if f.output == "" || f.output == "-" {
		return os.Stdout, func(bool) error { return nil }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.output), ".iims-export-*")
	if err != nil {
		return nil, nil, err
	}
	// CreateTemp makes the file private (0600); an export is an ordinary file, like one the
	// shell would create (0644 under the usual umask).
	if err := tmp.Chmod(0o644); err != nil {
		_ = tmp.Close() // the Chmod error is the one to report; the file is removed anyway
		os.Remove(tmp.Name())
		return nil, nil, err
	}
	return tmp, func(ok bool) error {
		if err := tmp.Close(); err != nil || !ok {
			os.Remove(tmp.Name())
			return err
		}
		return os.Rename(tmp.Name(), f.output)
	}, nil
}

func (f *exportFlags) instanceFilter() (store.InstanceFilter, error) {
	filter := store.InstanceFilter{Name: f.name, Q: f.q, ModelNames: f.models, ClusterNames: f.clusters,
		Statuses: f.statuses, Priorities: f.priorities}
	if err := oneOf("--status", f.statuses, instances.Statuses); err != nil {
		return filter, err
	}
	if err := oneOf("--priority", f.priorities, instances.Priorities); err != nil {
		return filter, err
	}
	for _, k := range strings.Split(f.sort, ",") {
		field, desc := strings.CutPrefix(strings.TrimSpace(k), "-")
		if !store.SortableFields(field) {
			return filter, fmt.Errorf("--sort %q: not a sort key (id, name, model_name, cluster_name, status, priority, replicas, created_at, updated_at)", k)
		}
		filter.Sort = append(filter.Sort, store.SortKey{Field: field, Desc: desc})
	}
	return filter, nil
}

func (f *exportFlags) historyFilter() (store.HistoryFilter, error) {
	filter := store.HistoryFilter{InstanceID: f.instanceID, OperationType: f.operation, Q: f.q, Fields: f.fields}
	if f.operation != "" {
		if err := oneOf("--operation-type", []string{f.operation}, []string{instances.OpCreate, instances.OpUpdate, instances.OpDelete}); err != nil {
			return filter, err
		}
	}
	if err := oneOf("--field", f.fields, instances.DataFields); err != nil {
		return filter, err
	}
	for _, d := range []struct {
		flag, value string
		dst         **time.Time
	}{{"--start-date", f.start, &filter.Start}, {"--end-date", f.end, &filter.End}} {
		if d.value == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, d.value)
		if err != nil {
			return filter, fmt.Errorf("%s %q: use an RFC 3339 time such as 2024-01-15T10:30:00Z", d.flag, d.value)
		}
		*d.dst = &t
	}
	return filter, nil
}

func oneOf(flag string, values, allowed []string) error {
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			return fmt.Errorf("%s %q: use one of %s", flag, v, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// writeAll streams every record through an export writer.
func writeAll[T any](w io.Writer, format export.Format, table export.Table[T], bar *progress, each func(func(T) error) error) (int, error) {
	ew, err := export.NewWriter(w, format, table, nil)
	if err != nil {
		return 0, err
	}
	if err := each(func(v T) error { bar.add(1); return ew.Write(v) }); err != nil {
		return 0, err
	}
	return ew.Close()
}
