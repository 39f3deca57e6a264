// Package version reports the IIMS build version, set at link time:
//
//	go build -ldflags "-X github.com/iims/iims/internal/version.Version=v1.2.3"
package version

// Version is "dev" for builds without ldflags.
var Version = "dev"
