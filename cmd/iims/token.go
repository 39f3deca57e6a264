package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/iims/iims/internal/auth"
	"github.com/iims/iims/internal/store"
)

// `iims token`: API tokens managed on the database directly, for the first admin token of a new
// server (bootstrap) and for recovery when no admin token is left.
func newTokenCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Make, list and revoke API tokens (directly on the database: for bootstrap and recovery)",
		Long: "API tokens let programs and people in when the server requires them (AUTH=token). These commands\n" +
			"work on the database directly, so they are how the first admin token of a new server is made:\n\n" +
			"  iims token create --name admin --role admin\n\n" +
			"prints the token once, on standard output; only its hash is stored. Later tokens can also be\n" +
			"managed in the web app (Settings) or through /api/tokens.",
	}
	cmd.AddCommand(newTokenCreateCmd(g), newTokenListCmd(g), newTokenRevokeCmd(g))
	return cmd
}

func newTokenCreateCmd(g *globalFlags) *cobra.Command {
	var name, role, expires string
	cmd := &cobra.Command{
		Use:     "create --name NAME --role viewer|editor|admin [--expires 90d|DATE]",
		Short:   "Make a token and print its secret (shown only now)",
		Example: "  iims token create --name admin --role admin\n  iims token create --name ci-deployer --role editor --expires 90d",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := auth.ParseRole(role)
			if err != nil {
				return fmt.Errorf("--role: %w", err)
			}
			now := time.Now()
			expiresAt, err := parseExpiry(expires, now)
			if err != nil {
				return err
			}
			return g.withStore(cmd, func(st *store.Store) error {
				if _, err := st.Migrate(cmd.Context()); err != nil {
					return err
				}
				tok, secret, err := auth.CreateToken(cmd.Context(), st, auth.NewTokenRequest{Name: name, Role: r,
					ExpiresAt: expiresAt, CreatedBy: osUser()}, now)
				var input *auth.TokenInputError
				switch {
				case errors.Is(err, auth.ErrTokenNameTaken):
					return fmt.Errorf("a token named %q already exists: choose another --name (or revoke it and make a new one under another name)", name)
				case errors.As(err, &input):
					return fmt.Errorf("--%s %s", strings.ReplaceAll(input.Field, "_at", ""), input.Message)
				case err != nil:
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "made token %q (id %d, role %s%s); its secret, shown only now:\n",
					tok.Name, tok.ID, tok.Role, expiryNote(tok))
				fmt.Fprintln(cmd.OutOrStdout(), secret)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "unique name: the actor of every change made with the token (required)")
	cmd.Flags().StringVar(&role, "role", "", "viewer (read), editor (+ change instances) or admin (+ manage tokens) (required)")
	cmd.Flags().StringVar(&expires, "expires", "", "when it stops working: a duration in days (90d) or hours (12h), or an RFC 3339 time; default never")
	_ = cmd.MarkFlagRequired("name")
	_ = cmd.MarkFlagRequired("role")
	return cmd
}

func newTokenListCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List every token (never their secrets)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withExistingStore(cmd, func(st *store.Store) error {
				toks, err := st.Q().TokenList(cmd.Context())
				if err != nil {
					return err
				}
				if len(toks) == 0 {
					fmt.Fprintln(cmd.ErrOrStderr(), "no tokens yet: make one with iims token create --name NAME --role admin")
					return nil
				}
				w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "ID\tNAME\tROLE\tSTATE\tPREFIX\tCREATED BY\tCREATED\tEXPIRES\tLAST USED")
				now := time.Now()
				for _, t := range toks {
					fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s…\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, auth.TokenState(t, now), t.Prefix,
						t.CreatedBy, t.CreatedAt.UTC().Format(time.RFC3339), orDash(t.ExpiresAt), orDash(t.LastUsedAt))
				}
				return w.Flush()
			})
		},
	}
}

func newTokenRevokeCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "revoke NAME|ID",
		Short: "Revoke a token: it stops working (within 10 s on every running server)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withExistingStore(cmd, func(st *store.Store) error {
				ctx := cmd.Context()
				tok, err := auth.FindToken(ctx, st, args[0])
				if id, perr := strconv.ParseInt(args[0], 10, 64); errors.Is(err, auth.ErrTokenNotFound) && perr == nil {
					tok, err = auth.GetToken(ctx, st, id)
				}
				if errors.Is(err, auth.ErrTokenNotFound) {
					return fmt.Errorf("no token is named or numbered %q: see iims token list", args[0])
				} else if err != nil {
					return err
				}
				if tok.RevokedAt != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "token %q was revoked already, at %s\n", tok.Name, tok.RevokedAt.UTC().Format(time.RFC3339))
					return nil
				}
				if _, err := auth.RevokeToken(ctx, st, tok.ID, time.Now()); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "revoked token %q (id %d)\n", tok.Name, tok.ID)
				return nil
			})
		},
	}
}

// parseExpiry reads --expires: "" (never), a number of days ("90d"), a Go duration ("12h"), or
// an RFC 3339 time.
func parseExpiry(s string, now time.Time) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n > 0 {
			t := now.AddDate(0, 0, n)
			return &t, nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		t := now.Add(d)
		return &t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return &t, nil
	}
	return nil, fmt.Errorf("--expires must be a number of days (90d), a duration (12h) or an RFC 3339 time (2027-06-30T00:00:00Z), not %q", s)
}

func expiryNote(t store.Token) string {
	if t.ExpiresAt == nil {
		return ", never expires"
	}
	return ", expires " + t.ExpiresAt.UTC().Format(time.RFC3339)
}

func orDash(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}
