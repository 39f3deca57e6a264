package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"slices"
	"strings"
	"syscall"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// IsNotFound reports whether err means "no row" on either engine (pgx.ErrNoRows wraps sql.ErrNoRows).
func IsNotFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// IsUniqueViolation reports whether err is a unique-constraint violation on either engine.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var myErr *mysql.MySQLError
	if errors.As(err, &myErr) {
		return myErr.Number == 1062 // ER_DUP_ENTRY
	}
	return false
}

// UniqueViolationName is the duplicate value a unique violation names: PostgreSQL's detail
// ("Key (name)=(llama) already exists." → llama) or MySQL's message; "" when it names none
// (SQLite's never does).
func UniqueViolationName(err error) string {
	var myErr *mysql.MySQLError
	if errors.As(err, &myErr) && myErr.Number == 1062 {
		// "Duplicate entry 'llama' for key 'instances.name'" (MySQL 8; MariaDB: for key 'name').
		value, ok := strings.CutPrefix(myErr.Message, "Duplicate entry '")
		if i := strings.LastIndex(value, "' for key "); ok && i >= 0 {
			return value[:i]
		}
		return ""
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return ""
	}
	_, rest, ok := strings.Cut(pgErr.Detail, ")=(")
	if !ok {
		return ""
	}
	value, _, _ := strings.Cut(rest, ") already exists")
	return value
}

// IsUnavailable reports whether err means the database cannot be reached or is refusing work
// for now (down, restarting, out of connections, a network failure): a 503 to retry, not a bug.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var connectErr *pgconn.ConnectError
	var pgErr *pgconn.PgError
	var netErr net.Error
	var liteErr *sqlite.Error
	var myErr *mysql.MySQLError
	switch {
	case errors.As(err, &connectErr), errors.As(err, &netErr), pgconn.Timeout(err),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET):
		return true
	case errors.As(err, &pgErr):
		// Class 08: connection exception; 53300 too_many_connections; 57P01-57P03: shutting
		// down, crashed, not yet accepting connections.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "53300" || slices.Contains([]string{"57P01", "57P02", "57P03"}, pgErr.Code)
	case errors.As(err, &myErr):
		// 1040 too many connections, 1053 shutting down, 1205 lock wait timeout (never retried),
		// 1927 connection killed, 2002/2003/2006/2013 no server or lost connection.
		return slices.Contains([]uint16{1040, 1053, 1205, 1927, 2002, 2003, 2006, 2013}, myErr.Number)
	case errors.Is(err, mysql.ErrInvalidConn), errors.Is(err, driver.ErrBadConn):
		return true
	case errors.As(err, &liteErr):
		switch liteErr.Code() & 0xff { // the primary result code
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_FULL:
			return true
		}
	}
	return false
}
