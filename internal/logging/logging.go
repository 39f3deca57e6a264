// Package logging builds the process logger: JSON lines by default (for log shippers), readable
// text at debug level with DEBUG=true, and a copy in a file with LOG_TO_FILE=true. Lines are
// written in batches (bufferedWriter), warnings and errors at once.
package logging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
)

// New returns the logger and a function that writes out what is buffered and closes the log
// file, if any: call it before the process exits.
func New(debug, toFile bool, file string, stdout io.Writer) (*slog.Logger, func() error, error) {
	out := stdout
	closeFile := func() error { return nil }
	if toFile {
		f, err := os.OpenFile(file, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("open log file: %w", err)
		}
		out = io.MultiWriter(stdout, f)
		closeFile = f.Close
	}
	buffered := newBufferedWriter(out)
	var h slog.Handler
	if debug {
		h = slog.NewTextHandler(buffered, &slog.HandlerOptions{Level: slog.LevelDebug})
	} else {
		h = slog.NewJSONHandler(buffered, &slog.HandlerOptions{Level: slog.LevelInfo})
	}
	closeFn := func() error { return errors.Join(buffered.Close(), closeFile()) }
	return slog.New(flushingHandler{Handler: h, w: buffered}), closeFn, nil
}

// flushingHandler writes a warning or an error out at once.
type flushingHandler struct {
	slog.Handler
	w *bufferedWriter
}

func (h flushingHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		h.w.flushNow()
	}
	return err
}

func (h flushingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return flushingHandler{Handler: h.Handler.WithAttrs(attrs), w: h.w}
}

func (h flushingHandler) WithGroup(name string) slog.Handler {
	return flushingHandler{Handler: h.Handler.WithGroup(name), w: h.w}
}
