package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
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
		RunE: func(cmd *cobra.Command, _ []string) error {
			rm, err := r.connect(cmd)
			if err != nil {
				return err
			}
			data, detected, err := readApplyFile(file, format)
			if err != nil {
				return err
			}
			send := func(dry bool) (importPlan, json.RawMessage, error) {
				q := url.Values{"format": {string(detected)}, "dry_run": {strconv.FormatBool(dry)}}
				var raw json.RawMessage
				res, err := rm.api.InstanceImportWithBody(cmd.Context(), nil, contentTypes[detected], bytes.NewReader(data), withQuery(q), withReason(reason))
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
			if rm.format == "table" || rm.format == "wide" {
				_ = rm.printPlan(plan, raw) // what is about to happen, then what happened
			}
			done, raw, err := send(false)
			if err != nil {
				return err
			}
			if rm.format == "table" || rm.format == "wide" {
				_, err = fmt.Fprintf(rm.out, "applied: %d created, %d updated, %d unchanged\n", done.Created, done.Updated, done.Unchanged)
				return err
			}
			return rm.print(raw, "items", nil)
		},
	}
	r.register(cmd)
	cmd.Flags().StringVarP(&file, "filename", "f", "", "the file (- for standard input)")
	_ = cmd.MarkFlagRequired("filename")
	cmd.Flags().StringVar(&format, "format", "auto", "auto (from the file name, else its first character), csv, json, ndjson or yaml")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the plan and write nothing")
	cmd.Flags().StringVar(&reason, "reason", "", "why: kept in the history record of every change")
	return cmd
}

var contentTypes = map[importer.Format]string{importer.CSV: "text/csv", importer.JSON: "application/json",
	importer.NDJSON: "application/x-ndjson", importer.YAML: "application/yaml"}

// readApplyFile reads the file (or standard input) and decides its format as iims import does.
func readApplyFile(name, format string) ([]byte, importer.Format, error) {
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, "", err
		}
		defer f.Close() //nolint:errcheck // read only
		r = f
	}
	data, err := io.ReadAll(bufio.NewReader(r))
	if err != nil {
		return nil, "", err
	}
	if format != "" && format != "auto" {
		if _, ok := contentTypes[importer.Format(format)]; !ok {
			return nil, "", usageError(fmt.Sprintf("--format %q: use auto, csv, json, ndjson or yaml", format))
		}
		return data, importer.Format(format), nil
	}
	detected, err := importer.DetectFormat(name, data[:min(len(data), 512)])
	if err != nil {
		return nil, "", usageError(err.Error())
	}
	return data, detected, nil
}

// printPlan prints the rows that change, and the counts.
func (rm *remote) printPlan(plan importPlan, raw json.RawMessage) error {
	if rm.format != "table" && rm.format != "wide" {
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
