// Package logging builds the process logger: JSON lines by default (for log shippers), readable
// text at debug level with DEBUG=true, and a copy in a file with LOG_TO_FILE=true.
package logging

import (
	"fmt"
	"io"
	"log/slog"
	"os"
)

// New returns the logger and a function that closes the log file, if any.
func New(debug, toFile bool, file string, stdout io.Writer) (*slog.Logger, func() error, error) {
	out := stdout
	closeFn := func() error { return nil }
	if toFile {
		f, err := os.OpenFile(file, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("open log file: %w", err)
		}
		out = io.MultiWriter(stdout, f)
		closeFn = f.Close
	}
	var h slog.Handler
	if debug {
		h = slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug})
	} else {
		h = slog.NewJSONHandler(out, &slog.HandlerOptions{Level: slog.LevelInfo})
	}
	return slog.New(h), closeFn, nil
}
