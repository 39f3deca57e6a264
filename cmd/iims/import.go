package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/iims/iims/internal/importer"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/requestid"
)

func newImportCmd(g *globalFlags) *cobra.Command {
	var format, legacy, reason string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import [FILE|-] | import --legacy DATABASE_URL",
		Short: "Create and update instances from a file, or from a database of the previous version",
		Long: "Reads instances (CSV, JSON, NDJSON or YAML, as `iims export` writes them), checks every row against\n" +
			"the API's rules, and upserts them by name — all or nothing, in one transaction, each change recorded\n" +
			"in the history. A new name creates an instance (omitted fields take their defaults); a known name\n" +
			"updates the fields the row gives. --dry-run prints the plan and writes nothing.\n\n" +
			"--legacy reads the instances table of the previous Python version (SQLite or PostgreSQL) with the\n" +
			"Migration Guide's mapping instead of a file.",
		Example: "  iims import fleet.yaml --dry-run\n  iims export instances -o backup.json && iims import backup.json\n" +
			"  iims import --legacy sqlite:///old_inference_instances.db --dry-run",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			errOut := cmd.ErrOrStderr()
			var rows []instances.ImportRow
			var typeErrs []instances.RowError
			var source string
			var err error
			switch {
			case legacy != "" && len(args) > 0:
				return errors.New("give a FILE or --legacy, not both")
			case legacy != "":
				var res importer.LegacyResult
				if res, err = importer.ReadLegacy(cmd.Context(), legacy); err != nil {
					return err
				}
				rows, source = res.Rows, "legacy table "+res.Table
				for _, w := range res.Warnings {
					fmt.Fprintln(errOut, "warning:", w)
				}
			case len(args) == 1:
				if rows, typeErrs, err = readImportFile(args[0], format); err != nil {
					return err
				}
				source = args[0]
			default:
				return errors.New("give the FILE to import (- for standard input) or --legacy DATABASE_URL")
			}
			cfg, err := g.loadConfig(cmd)
			if err != nil {
				return err
			}
			return g.withStore(cmd, func(st storeHandle) error {
				return runImport(cmd, st, importRun{rows: rows, typeErrs: typeErrs, source: source, dryRun: dryRun,
					reason: reason, requireReason: cfg.RequireReason})
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "auto", "auto, csv, json, ndjson or yaml")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would change and write nothing")
	cmd.Flags().StringVar(&reason, "reason", "", "why: kept in the history record of every change (required when REQUIRE_REASON=true)")
	cmd.Flags().StringVar(&legacy, "legacy", "", "import from a database of the previous Python version (sqlite:///old.db or postgresql://…)")
	return cmd
}

// importRun is one import: the rows read, the type errors found reading them, and how to apply them.
type importRun struct {
	rows          []instances.ImportRow
	typeErrs      []instances.RowError
	source        string
	dryRun        bool
	reason        string
	requireReason bool
}

// runImport applies (or plans) the rows in one transaction and prints the plan. Its records say
// the OS user made them, via import.
func runImport(cmd *cobra.Command, st storeHandle, run importRun) error {
	rows, typeErrs, source, dryRun := run.rows, run.typeErrs, run.source, run.dryRun
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if run.requireReason && strings.TrimSpace(run.reason) == "" && !dryRun {
		return errors.New("--reason is required: this installation records why every change is made (REQUIRE_REASON=true)")
	}
	if _, err := st.Migrate(cmd.Context()); err != nil {
		return err
	}
	ctx := requestid.With(cmd.Context(), "import-"+time.Now().UTC().Format("20060102T150405Z"))
	ctx = cliChange(ctx, run.reason)
	bar := newProgress(errOut, int64(len(rows)), "importing")
	svc := instances.NewService(st, instances.WithRequiredReason(run.requireReason))
	items, err := svc.ImportParsed(ctx, rows, typeErrs, dryRun, bar.set)
	bar.finish()
	if err != nil {
		return explainImport(errOut, err)
	}
	printPlan(out, items, source, dryRun)
	return nil
}

func readImportFile(name, format string) ([]instances.ImportRow, []instances.RowError, error) {
	data, detected, err := importer.ReadFile(name, format)
	if err != nil {
		return nil, nil, err
	}
	return importer.Parse(bytes.NewReader(data), detected)
}

// explainImport prints every row problem (with its line) and fails.
func explainImport(w io.Writer, err error) error {
	var ie *instances.ImportError
	if !errors.As(err, &ie) {
		return err
	}
	for _, r := range ie.Rows { // in line order
		fmt.Fprintf(w, "line %d: %s %s\n", r.Line, r.Field, r.Message)
	}
	return fmt.Errorf("%d problem(s) found; nothing was imported", len(ie.Rows))
}

// printPlan lists the creates and updates (with their changes) and counts the rest.
func printPlan(w io.Writer, items []instances.ImportItem, source string, dryRun bool) {
	counts := map[string]int{}
	for _, it := range items {
		counts[it.Action]++
		switch it.Action {
		case instances.ImportCreate:
			fmt.Fprintf(w, "create     line %-6d %s\n", it.Line, it.Name)
		case instances.ImportUpdate:
			fmt.Fprintf(w, "update     line %-6d %s: %s\n", it.Line, it.Name, describeChanges(it.Changes))
		}
	}
	verb := "imported"
	if dryRun {
		verb = "dry run, nothing written:"
	}
	fmt.Fprintf(w, "%s %s — %d to create, %d to update, %d unchanged\n", verb, source,
		counts[instances.ImportCreate], counts[instances.ImportUpdate], counts[instances.ImportUnchanged])
}

// describeChanges renders "replicas 2 → 4, status active → inactive" in field order.
func describeChanges(c instances.Changes) string {
	var parts []string
	for _, f := range instances.DataFields {
		if ch, ok := c[f]; ok {
			parts = append(parts, fmt.Sprintf("%s %s → %s", f, show(ch.Old), show(ch.New)))
		}
	}
	return strings.Join(parts, ", ")
}

func show(v any) string {
	switch s := v.(type) {
	case nil:
		return "null"
	case string:
		if r := []rune(s); len(r) > 40 {
			s = string(r[:37]) + "…"
		}
		if s == "" || strings.ContainsAny(s, " \t\n\"',") {
			return fmt.Sprintf("%q", s) // quoted only where the boundaries would be unclear
		}
		return s
	}
	return fmt.Sprint(v)
}
