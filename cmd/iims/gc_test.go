package main

import (
	"log/slog"
	"runtime/debug"
	"testing"
)

func TestServingRaisesTheGCTargetUnlessGOGCIsSet(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100)) // put back whatever the test binary runs with
	t.Setenv("GOGC", "")
	tuneGC(slog.New(slog.DiscardHandler))
	if got := debug.SetGCPercent(100); got != serverGCPercent {
		t.Fatalf("GC percent without GOGC = %d, want %d", got, serverGCPercent)
	}

	t.Setenv("GOGC", "77") // the runtime read it at start; tuneGC must leave the operator's choice alone
	debug.SetGCPercent(77)
	tuneGC(slog.New(slog.DiscardHandler))
	if got := debug.SetGCPercent(100); got != 77 {
		t.Fatalf("GC percent with GOGC=77 = %d, want 77", got)
	}
}
