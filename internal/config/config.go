// Package config reads IIMS's configuration from the environment and an optional .env file, as
// the product description specifies; command-line flags override both (see cmd/iims).
package config

import (
	"errors"
	"fmt"
	"os"
	"path"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
	"github.com/joho/godotenv"

	"github.com/iims/iims/internal/auth"
)

// DefaultDatabaseURL is the embedded zero-setup default: a SQLite file in the working directory.
const DefaultDatabaseURL = "sqlite:///./inference_instances.db"

// Config is every setting, with its environment variable and default.
type Config struct {
	DatabaseURL string `env:"DATABASE_URL" envDefault:"sqlite:///./inference_instances.db"`
	// Host defaults to loopback: a laptop's server, where access control may be off; on any other
	// address it is on unless AUTH says otherwise (see internal/auth).
	Host      string `env:"HOST" envDefault:"127.0.0.1"`
	Port      int    `env:"PORT" envDefault:"8000"`
	Debug     bool   `env:"DEBUG" envDefault:"false"`
	LogToFile bool   `env:"LOG_TO_FILE" envDefault:"false"`
	LogFile   string `env:"LOG_FILE" envDefault:"app.log"`

	DBPoolSize       int `env:"DB_POOL_SIZE" envDefault:"10"`
	DBMaxOverflow    int `env:"DB_MAX_OVERFLOW" envDefault:"20"`
	DBPoolRecycle    int `env:"DB_POOL_RECYCLE" envDefault:"3600"`  // seconds
	DBConnectTimeout int `env:"DB_CONNECT_TIMEOUT" envDefault:"10"` // seconds

	ShutdownTimeout time.Duration `env:"SHUTDOWN_TIMEOUT" envDefault:"15s"`

	// AllowedOrigins are extra browser origins (host patterns such as iims.example.com or
	// *.example.com) allowed to open the /api/events WebSocket. Same-origin is always allowed;
	// this is for a proxy that does not pass the public Host header through.
	AllowedOrigins []string `env:"ALLOWED_ORIGINS" envSeparator:","`
	// EventsAuthRecheck is how often each open /api/events stream asks again whether its
	// credentials still hold, so how soon revoking a token closes its streams. Each check is a
	// token lookup per stream; at least a second.
	EventsAuthRecheck time.Duration `env:"EVENTS_AUTH_RECHECK" envDefault:"10s"`

	// Access control (docs/security.md): AUTH is off, token, proxy or token,proxy; unset, it is
	// off on a loopback HOST and token anywhere else.
	Auth             string   `env:"AUTH"`
	AuthAllowOpen    bool     `env:"AUTH_ALLOW_OPEN" envDefault:"false"`
	AuthProxyHeader  string   `env:"AUTH_PROXY_HEADER"`
	AuthProxyEmail   string   `env:"AUTH_PROXY_EMAIL_HEADER"`
	AuthProxyGroups  string   `env:"AUTH_PROXY_GROUPS_HEADER"`
	AuthProxyTrusted []string `env:"AUTH_PROXY_TRUSTED" envSeparator:","`
	AuthProxyRoles   []string `env:"AUTH_PROXY_ROLES" envSeparator:","`
	AuthProxyDefault string   `env:"AUTH_PROXY_DEFAULT_ROLE" envDefault:"viewer"`
	// AuthPublic: unset (nil) means the default, ready; set but empty, nothing is public.
	AuthPublic    []string `env:"AUTH_PUBLIC" envSeparator:","`
	RequireReason bool     `env:"REQUIRE_REASON" envDefault:"false"`

	// PprofAddr, when set (e.g. 127.0.0.1:6060), serves Go's profiler (net/http/pprof) on that
	// address, apart from the API: for profiling a live server. Off by default.
	PprofAddr string `env:"PPROF_ADDR"`
}

// Load reads envFile (when it exists; variables already set win) and then the environment.
func Load(envFile string) (Config, error) {
	if envFile != "" {
		if err := godotenv.Load(envFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			return Config{}, fmt.Errorf("read %s: %w", envFile, err)
		}
	}
	var c Config
	if err := env.Parse(&c); err != nil {
		return Config{}, explain(err)
	}
	// "a.example, b.example," is a natural way to write it: trim spaces, skip empty entries.
	origins := c.AllowedOrigins[:0]
	for _, origin := range c.AllowedOrigins {
		if origin = strings.TrimSpace(origin); origin != "" {
			origins = append(origins, origin)
		}
	}
	c.AllowedOrigins = origins
	// An empty AUTH_PUBLIC closes /ready too; a default would fill it in (env treats set-but-empty
	// as unset), so it is applied in auth.Settings.Resolve, for nil only.
	if v, set := os.LookupEnv("AUTH_PUBLIC"); set && strings.TrimSpace(v) == "" {
		c.AuthPublic = []string{}
	}
	return c, nil
}

var kinds = map[string]string{"int": "an integer", "bool": "true or false", "time.Duration": "a duration such as 15s", "string": "text"}

// explain rewrites the parser's errors to name the environment variable, not the Go field.
func explain(err error) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return fmt.Errorf("configuration: %w", err)
	}
	keys := map[string]string{}
	t := reflect.TypeFor[Config]()
	for i := range t.NumField() {
		keys[t.Field(i).Name] = t.Field(i).Tag.Get("env")
	}
	msgs := make([]error, 0, len(agg.Errors))
	for _, e := range agg.Errors {
		var pe env.ParseError
		if errors.As(e, &pe) {
			key := keys[pe.Name]
			msgs = append(msgs, fmt.Errorf("%s must be %s, not %q", key, kinds[pe.Type.String()], os.Getenv(key)))
			continue
		}
		msgs = append(msgs, e)
	}
	return fmt.Errorf("configuration: %w", errors.Join(msgs...))
}

// Validate reports every setting out of range.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(c.DatabaseURL != "", "DATABASE_URL must not be empty")
	check(c.Port >= 1 && c.Port <= 65535, "PORT must be between 1 and 65535, not %d", c.Port)
	check(c.DBPoolSize >= 1, "DB_POOL_SIZE must be at least 1, not %d", c.DBPoolSize)
	check(c.DBMaxOverflow >= 0, "DB_MAX_OVERFLOW must not be negative, not %d", c.DBMaxOverflow)
	check(c.DBPoolRecycle >= 0, "DB_POOL_RECYCLE must not be negative, not %d", c.DBPoolRecycle)
	check(c.DBConnectTimeout >= 1, "DB_CONNECT_TIMEOUT must be at least 1 second, not %d", c.DBConnectTimeout)
	check(c.ShutdownTimeout > 0, "SHUTDOWN_TIMEOUT must be positive")
	check(c.EventsAuthRecheck >= time.Second, "EVENTS_AUTH_RECHECK must be at least 1s, not %s", c.EventsAuthRecheck)
	if _, err := c.AuthSettings().Resolve(c.Host); err != nil {
		errs = append(errs, err)
	}
	for _, origin := range c.AllowedOrigins {
		_, err := path.Match(origin, "")
		check(err == nil, "ALLOWED_ORIGINS must be origin patterns such as iims.example.com, *.example.com or https://iims.example.com, not %q", origin)
	}
	return errors.Join(errs...)
}

// AuthSettings are the access-control settings, for auth.Settings.Resolve.
func (c Config) AuthSettings() auth.Settings {
	return auth.Settings{Mode: c.Auth, AllowOpen: c.AuthAllowOpen, ProxyHeader: c.AuthProxyHeader,
		EmailHeader: c.AuthProxyEmail, GroupsHeader: c.AuthProxyGroups, ProxyTrusted: c.AuthProxyTrusted,
		ProxyRoles: c.AuthProxyRoles, ProxyDefault: c.AuthProxyDefault, RequireReason: c.RequireReason, Public: c.AuthPublic}
}

// Addr is the listen address.
func (c Config) Addr() string { return fmt.Sprintf("%s:%d", c.Host, c.Port) }
