package store_test

import (
	"os"
	"testing"

	"github.com/iims/iims/internal/store/storetest"
	"github.com/iims/iims/internal/testutil/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// TestConformance runs the one behaviour suite on every engine.
func TestConformance(t *testing.T) {
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) { storetest.Run(t, e) })
	}
}
