package main

import (
	"log/slog"
	"os"
	"runtime/debug"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

// serverGCPercent is the collector's target for a serving process, unless GOGC says otherwise.
// A request allocates a few kilobytes and keeps none of them, so at Go's default (100) the
// collector ran every few hundred requests, and its marking, the stop of every goroutine it
// needs and the allocations it slowed down took a quarter of a W1 list's CPU. At 200 the heap may
// grow to three times what is live (some tens of megabytes: peak RSS under W1 stayed 70–95 MB),
// and a W1 list costs a fifth less CPU (paired runs: +7%, +24%, +25% req/s; 400 gained no more).
const serverGCPercent = 200

// tuneGC sets the collector for serving: serverGCPercent, and a soft memory limit at 90% of the
// container's (cgroup) limit, so that the larger heap target makes the collector work harder near
// the limit instead of getting the process killed. GOGC, GOMEMLIMIT and AUTOMEMLIMIT (a ratio, or
// "off") override either.
func tuneGC(log *slog.Logger) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serverGCPercent)
	}
	// Set logs its own failure (an unreadable cgroup) and leaves the limit as it was: not fatal.
	_, _ = memlimit.Set(memlimit.WithProvider(memlimit.FromCgroup), memlimit.WithLogger(log))
}
