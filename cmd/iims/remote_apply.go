package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/iims/iims/internal/importer"
)

// importPlan is POST /api/instances/import's answer.
type importPlan struct {
	DryRun    bool `json:"dry_run"`
	Created   int  `json:"created"`
	Updated   int  `json:"updated"`
	Unchanged int  `json:"unchanged"`
	Items     []struct {
		Line    int            `json:"line"`
		Name    string         `json:"name"`
		Action  string         `json:"action"`
		Changes map[string]any `json:"changes"`
	} `json:"items"`
}

func newApplyCmd() *cobra.Command {
	r := &remoteFlags{}
	var file, format, reason string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "apply -f FILE",
		Short: "Create or update instances by name from a file, all or nothing, through the API (--server)",
		Long: "Reads a CSV, JSON, NDJSON or YAML file (the formats export writes), prints the server's plan — which rows\n" +
			"create, which update and how, which are unchanged — and applies it in one transaction. A file with any\n" +
			"problem changes nothing; every problem is printed with its line (exit 5). Applying the same file again is a\n" +
			"plan with nothing to do.",
		Example: "  iims apply -f fleet.yaml --dry-run\n  iims apply -f fleet.csv --reason 'capacity plan Q3'\n  kubectl get … | iims apply -f - --format json",
		Args:    cobra.NoArgs,
		RunE: r.run(func(cmd *cobra.Command, rm *remote, _ []string) error {
			data, detected, err := importer.ReadFile(file, format)
			if err != nil {
				return usageError(err.Error())
			}
			send := func(dry bool) (importPlan, json.RawMessage, error) {
				q := url.Values{"format": {string(detected)}, "dry_run": {strconv.FormatBool(dry)}}
				var raw json.RawMessage
				res, err := rm.api.InstanceImportWithBody(cmd.Context(), nil, importer.ContentType(detected), bytes.NewReader(data), withQuery(q), withReason(reason))
				if err := decode(res, err, &raw, http.StatusOK); err != nil {
					return importPlan{}, nil, err
				}
				var plan importPlan
				return plan, raw, json.Unmarshal(raw, &plan)
			}
			plan, raw, err := send(true)
			if err != nil {
				return err
			}
			if dryRun || plan.Created+plan.Updated == 0 {
				return rm.printPlan(plan, raw)
			}
			if rm.tabular() {
				_ = rm.printPlan(plan, raw) // what is about to happen, then what happened
			}
			done, raw, err := send(false)
			if err != nil {
				return err
			}
			if rm.tabular() {
				_, err = fmt.Fprintf(rm.out, "applied: %d created, %d updated, %d unchanged\n", done.Created, done.Updated, done.Unchanged)
				return err
			}
			return rm.print(raw, "items", nil)
		}),
	}
	r.register(cmd)
	cmd.Flags().StringVarP(&file, "filename", "f", "", "the file (- for standard input)")
	_ = cmd.MarkFlagRequired("filename")
	cmd.Flags().StringVar(&format, "format", "auto", "auto (from the file name, else its first character), csv, json, ndjson or yaml")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the plan and write nothing")
	cmd.Flags().StringVar(&reason, "reason", "", "why: kept in the history record of every change")
	return cmd
}

// printPlan prints the rows that change, and the counts.
func (rm *remote) printPlan(plan importPlan, raw json.RawMessage) error {
	if !rm.tabular() {
		return rm.print(raw, "items", nil)
	}
	for _, it := range plan.Items {
		if it.Action != "unchanged" || rm.format == "wide" {
			fmt.Fprintf(rm.out, "%-9s line %-6d %s  %s\n", it.Action, it.Line, it.Name, changesText(it.Changes))
		}
	}
	verb := "plan"
	if plan.Created+plan.Updated == 0 {
		verb = "nothing to do"
	}
	_, err := fmt.Fprintf(rm.out, "%s: %d to create, %d to update, %d unchanged\n", verb, plan.Created, plan.Updated, plan.Unchanged)
	return err
}
