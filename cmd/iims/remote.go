package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/iims/iims/gen/sdkclient"
	"github.com/iims/iims/internal/provenance"
	"github.com/iims/iims/internal/version"
)

// The remote commands' exit codes, for scripts (docs/cli.md lists them).
const (
	exitFailed      = 1 // anything else, a 5xx included
	exitUsage       = 2 // a bad flag or argument
	exitNotFound    = 3 // 404
	exitConflict    = 4 // 409 or 412: someone else changed it, or the name is taken
	exitInvalid     = 5 // 400, 413, 415 or 422: the request itself is wrong
	exitDenied      = 6 // 401 or 403
	exitUnreachable = 7 // no answer, or 503
)

// remoteFlags say which server to talk to and how to print its answers. IIMS_SERVER and
// IIMS_TOKEN stand in for --server and --token (better for a token: it stays out of ps and the
// shell's history).
type remoteFlags struct {
	server, token, output string
}

func (r *remoteFlags) register(cmd *cobra.Command) {
	cmd.PersistentFlags().StringVar(&r.server, "server", "", "the IIMS server, e.g. https://iims.example.com (default $IIMS_SERVER)")
	cmd.PersistentFlags().StringVar(&r.token, "token", "", "an API token (default $IIMS_TOKEN)")
	cmd.PersistentFlags().StringVarP(&r.output, "output", "o", "", "table, wide, json or yaml (default: table on a terminal, json otherwise)")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"table", "wide", "json", "yaml"}, cobra.ShellCompDirectiveNoFileComp))
}

// remote is a connection to one server, with the output format chosen.
type remote struct {
	base   string // without /api
	token  string
	format string
	api    *sdkclient.Client
	out    io.Writer
}

// connect resolves the flags and the environment into a client of the generated SDK.
func (r *remoteFlags) connect(cmd *cobra.Command) (*remote, error) {
	server := strings.TrimRight(firstNonEmpty(r.server, os.Getenv("IIMS_SERVER")), "/")
	if server == "" {
		return nil, usageError("say which server: --server URL or IIMS_SERVER (these commands work through the API)")
	}
	if u, err := url.Parse(server); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageError(fmt.Sprintf("--server %q is not an http:// or https:// URL", server))
	}
	format := r.output
	if format == "" {
		format = "json"
		if f, ok := cmd.OutOrStdout().(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			format = "table"
		}
	}
	switch format {
	case "table", "wide", "json", "yaml":
	default:
		return nil, usageError(fmt.Sprintf("-o %q: use table, wide, json or yaml", format))
	}
	rm := &remote{base: server, token: firstNonEmpty(r.token, os.Getenv("IIMS_TOKEN")), format: format, out: cmd.OutOrStdout()}
	api, err := sdkclient.NewClient(server+"/api", sdkclient.WithRequestEditorFn(rm.identify))
	if err != nil {
		return nil, err
	}
	rm.api = api
	return rm, nil
}

// run is a remote command's RunE: connect (flags, environment, output format), then fn.
func (r *remoteFlags) run(fn func(cmd *cobra.Command, rm *remote, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		rm, err := r.connect(cmd)
		if err != nil {
			return err
		}
		return fn(cmd, rm, args)
	}
}

// show prints an answer that has one of the statuses ok (200 when none is given), or fails with
// what the server said.
func (rm *remote) show(res *http.Response, err error, itemsKey string, columns []column, ok ...int) error {
	if len(ok) == 0 {
		ok = []int{http.StatusOK}
	}
	var raw json.RawMessage
	if err := decode(res, err, &raw, ok...); err != nil {
		return err
	}
	return rm.print(raw, itemsKey, columns)
}

// identify sends the token, and says the change comes from the CLI (its record says via=cli).
func (rm *remote) identify(_ context.Context, req *http.Request) error {
	for name, values := range rm.headers() {
		req.Header[name] = values
	}
	return nil
}

// headers are what every request to the server carries, the event stream's included.
func (rm *remote) headers() http.Header {
	h := http.Header{}
	h.Set(provenance.ViaHeader, provenance.ViaCLI)
	h.Set("User-Agent", "iims-cli/"+version.Version)
	if rm.token != "" {
		h.Set("Authorization", "Bearer "+rm.token)
	}
	return h
}

// withReason sends a change's reason in its header (encoded when it is not plain ASCII).
func withReason(reason string) sdkclient.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		if r := strings.TrimSpace(reason); r != "" {
			req.Header.Set(provenance.ReasonHeader, provenance.EncodeReason(r))
		}
		return nil
	}
}

// decode reads a response: its JSON into v when the status is one of ok, else an exitError
// with the server's sentence and the exit code its status means.
func decode(res *http.Response, err error, v any, ok ...int) error {
	if err != nil {
		return unreachable(err)
	}
	defer res.Body.Close() //nolint:errcheck // read only
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return unreachable(err)
	}
	for _, status := range ok {
		if res.StatusCode == status {
			if v == nil || len(body) == 0 {
				return nil
			}
			if raw, isRaw := v.(*json.RawMessage); isRaw {
				*raw = body
				return nil
			}
			return json.Unmarshal(body, v)
		}
	}
	return responseError(res.StatusCode, body)
}

func responseError(status int, body []byte) error {
	var env struct {
		Error struct {
			Message string `json:"message"`
			Details struct {
				Errors []struct {
					Field   string `json:"field"`
					Message string `json:"message"`
					Line    *int   `json:"line"`
				} `json:"errors"`
			} `json:"details"`
		} `json:"error"`
	}
	message := strings.TrimSpace(string(body))
	if json.Unmarshal(body, &env) == nil && env.Error.Message != "" {
		message = env.Error.Message
		for _, fe := range env.Error.Details.Errors {
			if fe.Line != nil {
				message += fmt.Sprintf("\n  line %d: %s %s", *fe.Line, fe.Field, fe.Message)
			} else {
				message += fmt.Sprintf("\n  %s: %s", fe.Field, fe.Message)
			}
		}
	}
	code := exitFailed
	switch status {
	case http.StatusNotFound:
		code = exitNotFound
	case http.StatusConflict, http.StatusPreconditionFailed:
		code = exitConflict
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity:
		code = exitInvalid
	case http.StatusUnauthorized, http.StatusForbidden:
		code = exitDenied
	case http.StatusServiceUnavailable:
		code = exitUnreachable
	}
	return &exitError{code: code, message: fmt.Sprintf("%d %s: %s", status, http.StatusText(status), message)}
}

func unreachable(err error) error {
	var netErr net.Error
	var opErr *net.OpError
	if errors.As(err, &opErr) || errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &exitError{code: exitUnreachable, message: "the server cannot be reached: " + err.Error()}
	}
	return err
}

func usageError(message string) error { return &exitError{code: exitUsage, message: message} }

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
