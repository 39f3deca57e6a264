package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// watchMessage is what the event stream sends: an Event, or a ControlMessage.
type watchMessage struct {
	Type          string         `json:"type"`
	HistoryID     int64          `json:"history_id"`
	InstanceID    int64          `json:"instance_id"`
	At            string         `json:"at"`
	Changes       map[string]any `json:"changes"`
	Record        map[string]any `json:"record"`
	LastHistoryID int64          `json:"last_history_id"`
}

func newWatchCmd() *cobra.Command {
	r := &remoteFlags{}
	var since int64
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Print one line per change as it is committed (follows /api/events; resumes after a disconnect)",
		Long: "Follows the event stream and prints each committed change. When the connection drops (a restart, a network\n" +
			"blip) it reconnects with since=<the last change seen>, so no change is missed or printed twice. -o json\n" +
			"prints each event as one JSON line. Stops on Ctrl-C.",
		Example: "  iims watch --server https://iims.example.com\n  iims watch --since 1200 -o json | jq .record.name",
		Args:    cobra.NoArgs,
		RunE: r.run(func(cmd *cobra.Command, rm *remote, _ []string) error {
			if !cmd.Flags().Changed("since") {
				since = -1 // from now on
			}
			return rm.watch(cmd.Context(), since, cmd.ErrOrStderr())
		}),
	}
	r.register(cmd)
	cmd.Flags().Int64Var(&since, "since", 0, "first replay the changes after this history id")
	return cmd
}

// watch follows the stream until ctx ends, reconnecting with the last history id seen.
func (rm *remote) watch(ctx context.Context, since int64, errOut io.Writer) error {
	wait := 250 * time.Millisecond
	down := false
	for {
		conn, err := rm.dialEvents(ctx, since)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			var re *exitError
			if errors.As(err, &re) && re.code != exitUnreachable {
				return err // refused (401, 403, 422): retrying cannot help
			}
			if !down {
				fmt.Fprintf(errOut, "iims: lost the event stream (%v); reconnecting…\n", err)
				down = true
			}
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(wait):
			}
			wait = min(wait*2, 5*time.Second)
			continue
		}
		if down { // (down stays set: the next loss is said again after the stream ends)
			fmt.Fprintln(errOut, "iims: reconnected; resuming after change", since)
		}
		wait = 250 * time.Millisecond
		since, err = rm.follow(ctx, conn, since, errOut) // returns only when the stream ends
		_ = conn.CloseNow()
		if ctx.Err() != nil {
			return nil
		}
		fmt.Fprintf(errOut, "iims: lost the event stream (%v); reconnecting…\n", err)
		down = true
	}
}

func (rm *remote) dialEvents(ctx context.Context, since int64) (*websocket.Conn, error) {
	u := "ws" + strings.TrimPrefix(rm.base, "http") + "/api/events"
	if since >= 0 {
		u += fmt.Sprintf("?since=%d", since)
	}
	dialCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, res, err := websocket.Dial(dialCtx, u, &websocket.DialOptions{HTTPHeader: rm.headers(), Subprotocols: []string{"iims"}})
	if err != nil {
		if res != nil && res.StatusCode != http.StatusSwitchingProtocols && res.StatusCode != 0 {
			body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
			return nil, responseError(res.StatusCode, body)
		}
		return nil, &exitError{code: exitUnreachable, message: err.Error()}
	}
	conn.SetReadLimit(16 << 20)
	return conn, nil
}

// follow prints the stream's changes until the stream ends (always with an error saying why); it
// returns the last history id seen.
func (rm *remote) follow(ctx context.Context, conn *websocket.Conn, since int64, errOut io.Writer) (int64, error) {
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return since, err
		}
		var m watchMessage
		if err := json.Unmarshal(data, &m); err != nil {
			return since, fmt.Errorf("unexpected message: %w", err)
		}
		switch m.Type {
		case "heartbeat":
			continue
		case "ready":
			if since < 0 {
				since = m.LastHistoryID
			}
			continue
		case "reset":
			fmt.Fprintf(errOut, "iims: too many changes were missed to replay them; going on live from change %d\n", m.LastHistoryID)
			since = m.LastHistoryID
			continue
		}
		if m.HistoryID <= since {
			continue // already printed (a replay overlapping what was seen)
		}
		if err := rm.printEvent(data, m); err != nil {
			return since, err
		}
		since = m.HistoryID
	}
}

func (rm *remote) printEvent(data []byte, m watchMessage) error {
	switch rm.format {
	case "json":
		_, err := fmt.Fprintln(rm.out, string(data))
		return err
	case "yaml":
		var v any
		_ = json.Unmarshal(data, &v)
		b, err := yaml.Marshal(v)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(rm.out, "---\n%s", b)
		return err
	}
	line := fmt.Sprintf("%s  %-8d %-18s #%-6d %-24s %s", m.At, m.HistoryID, m.Type, m.InstanceID, text(m.Record["name"]), changesText(m.Changes))
	if actor := text(m.Record["actor"]); actor != "-" {
		line += "  by " + actor + " via " + text(m.Record["via"])
	}
	_, err := fmt.Fprintln(rm.out, line)
	return err
}
