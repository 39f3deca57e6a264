package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iims/iims/internal/config"
)

func TestDefaults(t *testing.T) {
	for _, k := range []string{"DATABASE_URL", "HOST", "PORT", "DEBUG", "LOG_TO_FILE", "DB_POOL_SIZE"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	c, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != config.DefaultDatabaseURL || c.Host != "127.0.0.1" || c.Port != 8000 || c.Debug ||
		c.DBPoolSize != 10 || c.DBMaxOverflow != 20 || c.DBPoolRecycle != 3600 || c.DBConnectTimeout != 10 ||
		c.ShutdownTimeout != 15*time.Second || c.EventsAuthRecheck != 10*time.Second {
		t.Fatalf("defaults %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

// TestEnvExampleIsLoadable reads the committed .env.example as a .env, inline comments included.
func TestEnvExampleIsLoadable(t *testing.T) {
	for _, k := range []string{"DATABASE_URL", "HOST", "PORT", "DB_POOL_SIZE", "DB_MAX_OVERFLOW", "SHUTDOWN_TIMEOUT"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	c, err := config.Load("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "sqlite:///./inference_instances.db" || c.DBPoolSize != 10 || c.DBMaxOverflow != 20 || c.Port != 8000 {
		t.Fatalf(".env.example parsed as %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestEnvironmentWinsOverDotEnv(t *testing.T) {
	dir := t.TempDir()
	env := filepath.Join(dir, ".env")
	if err := os.WriteFile(env, []byte("PORT=9001\nDEBUG=true\nDB_POOL_SIZE=3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PORT", "9002")
	os.Unsetenv("DEBUG")
	os.Unsetenv("DB_POOL_SIZE")
	t.Cleanup(func() { os.Unsetenv("DEBUG"); os.Unsetenv("DB_POOL_SIZE") })
	c, err := config.Load(env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 9002 || !c.Debug || c.DBPoolSize != 3 {
		t.Fatalf("got %+v", c)
	}
}

func TestInvalidSettingsAreNamed(t *testing.T) {
	t.Setenv("PORT", "eighty")
	if _, err := config.Load(""); err == nil || !strings.Contains(err.Error(), "PORT") {
		t.Fatalf("PORT=eighty: %v", err)
	}
	c := config.Config{DatabaseURL: "x", Port: 70000, DBPoolSize: 0, DBConnectTimeout: 0, ShutdownTimeout: time.Second}
	err := c.Validate()
	for _, want := range []string{"PORT", "DB_POOL_SIZE", "DB_CONNECT_TIMEOUT", "EVENTS_AUTH_RECHECK"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to name %s", err, want)
		}
	}
}

func TestAllowedOrigins(t *testing.T) {
	t.Setenv("ALLOWED_ORIGINS", "iims.example.com, *.corp.example ,https://ops.example,")
	c, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.AllowedOrigins, "|"); got != "iims.example.com|*.corp.example|https://ops.example" {
		t.Fatalf("ALLOWED_ORIGINS parsed as %q", got)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("valid origins refused: %v", err)
	}
	c.AllowedOrigins = []string{"[bad"}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "ALLOWED_ORIGINS") {
		t.Fatalf("a malformed pattern must be named: %v", err)
	}
}

// AUTH_PUBLIC set but empty must close /ready: the env library would treat it as unset.
func TestEmptyAuthPublicClosesReady(t *testing.T) {
	t.Setenv("AUTH_PUBLIC", "")
	c, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	if c.AuthPublic == nil || len(c.AuthPublic) != 0 {
		t.Fatalf("AUTH_PUBLIC= loaded as %#v, want an empty, non-nil list", c.AuthPublic)
	}
	os.Unsetenv("AUTH_PUBLIC")
	if c, err = config.Load(""); err != nil || c.AuthPublic != nil {
		t.Fatalf("AUTH_PUBLIC unset loaded as %#v (%v), want nil (the default, ready)", c.AuthPublic, err)
	}
}
