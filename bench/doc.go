// Package bench holds the load benchmarks of IIMS. They are not part of `make test` (they take
// minutes); run them with `make bench` and read the figures as ratios against the baseline each
// benchmark measures in the same run — this machine is shared and noisy.
package bench
