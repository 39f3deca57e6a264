package realtime

import (
	"testing"
	"time"

	"github.com/iims/iims/internal/instances"
)

// TestSlowSubscribersAreDroppedWithoutBlocking: a subscriber that stops reading is dropped once
// its buffer is full; the publisher never waits and the others keep receiving.
func TestSlowSubscribersAreDroppedWithoutBlocking(t *testing.T) {
	h := NewHub(4)
	drops := 0
	h.OnDrop = func() { drops++ }
	slow, _ := h.Subscribe()
	fast, _ := h.Subscribe()
	received := 0
	start := time.Now()
	for i := 1; i <= 1000; i++ {
		h.Publish(instances.Event{Type: "instance.updated", Record: instances.HistoryRecord{HistoryID: int64(i)}})
		if msg := <-fast.C; msg.Event.Record.HistoryID != int64(i) {
			t.Fatalf("fast subscriber got %d, want %d", msg.Event.Record.HistoryID, i)
		}
		received++
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("publishing blocked for %v", elapsed)
	}
	n := 0
	for range slow.C {
		n++
	}
	if n != 4 || slow.Reason() != reasonSlow || drops != 1 || h.Clients() != 1 {
		t.Fatalf("slow got %d events, reason %q, drops %d, clients %d", n, slow.Reason(), drops, h.Clients())
	}
	h.Close()
	if _, open := <-fast.C; open || fast.Reason() != reasonShutdown || received != 1000 {
		t.Fatalf("fast: reason %q, received %d", fast.Reason(), received)
	}
}

// TestTheHubSkipsAheadOnlyWhenNobodyListens: with no subscriber the position jumps (nothing need
// be read); with one it stays until the changes are published to it.
func TestTheHubSkipsAheadOnlyWhenNobodyListens(t *testing.T) {
	h := NewHub(4)
	if !h.AdvanceIfIdle(10) || h.Position() != 10 {
		t.Fatalf("idle hub: position %d, want 10", h.Position())
	}
	sub, at := h.Subscribe()
	if at != 10 {
		t.Fatalf("a new subscriber starts at %d, want 10", at)
	}
	if h.AdvanceIfIdle(20) || h.Position() != 10 {
		t.Fatalf("with a subscriber the hub skipped to %d", h.Position())
	}
	h.Unsubscribe(sub)
	if !h.AdvanceIfIdle(20) || h.Position() != 20 {
		t.Fatalf("after the last subscriber left: position %d, want 20", h.Position())
	}
}
