package store

import (
	"fmt"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestUniqueViolationName(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&pgconn.PgError{Code: "23505", Detail: "Key (name)=(llama-7b) already exists."}, "llama-7b"},
		{&mysql.MySQLError{Number: 1062, Message: "Duplicate entry 'llama-7b' for key 'instances.name'"}, "llama-7b"},
		{fmt.Errorf("create: %w", &mysql.MySQLError{Number: 1062, Message: "Duplicate entry 'it's' for key 'name'"}), "it's"},
		{&mysql.MySQLError{Number: 1213, Message: "Deadlock found"}, ""},
		{fmt.Errorf("UNIQUE constraint failed: instances.name"), ""},
	} {
		if got := UniqueViolationName(c.err); got != c.want {
			t.Errorf("UniqueViolationName(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
