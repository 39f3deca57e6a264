package storetest

import (
	"database/sql"
	"strings"
	"time"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
	"github.com/jackc/pgx/v5"
)

func init() {
	register("HistoryIsNewestFirstAndFilters", func(e *env) {
		clock := time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)
		e.svc = instances.NewService(e.st, instances.WithClock(func() time.Time { clock = clock.Add(time.Hour); return clock }))
		a := e.create("alpha", func(in *instances.CreateInput) { in.ClusterName = "cluster-x" }) // 11:00
		b := e.create("beta")                                                                    // 12:00
		for r := int64(2); r <= 4; r++ {                                                         // 13:00, 14:00, 15:00
			if _, _, err := e.svc.Update(e.ctx, a.ID, instances.Patch{Replicas: &r}, nil); err != nil {
				e.t.Fatal(err)
			}
		}
		_ = e.svc.Delete(e.ctx, b.ID, nil) // 16:00

		feed, err := e.svc.ListHistory(e.ctx, store.HistoryFilter{Limit: 50})
		all := feed.Items
		if err != nil || *feed.Total != 6 || len(all) != 6 || feed.HasMore {
			e.t.Fatalf("fleet feed: %d/%v %v", len(all), feed.Total, err)
		}
		for i := 1; i < len(all); i++ {
			if all[i-1].HistoryID <= all[i].HistoryID {
				e.t.Fatalf("not newest first: %d before %d", all[i-1].HistoryID, all[i].HistoryID)
			}
		}
		if all[0].OperationType != "delete" || all[0].OriginalID != b.ID {
			e.t.Fatalf("newest is %+v", all[0])
		}
		count := func(f store.HistoryFilter) int64 {
			f.Limit = 50
			page, err := e.svc.ListHistory(e.ctx, f)
			if err != nil {
				e.t.Fatal(err)
			}
			if int64(len(page.Items)) != *page.Total {
				e.t.Fatalf("%+v: %d items but total %d", f, len(page.Items), *page.Total)
			}
			return *page.Total
		}
		at := func(h int) *time.Time { t := time.Date(2024, 1, 15, h, 0, 0, 0, time.UTC); return &t }
		checks := []struct {
			name string
			f    store.HistoryFilter
			want int64
		}{
			{"updates", store.HistoryFilter{OperationType: "update"}, 3},
			{"instance", store.HistoryFilter{InstanceID: a.ID}, 4},
			{"inclusive range", store.HistoryFilter{Start: at(13), End: at(15)}, 3},
			{"after", store.HistoryFilter{Start: at(15)}, 2},
			{"before", store.HistoryFilter{End: at(11)}, 1},
			{"fractional start", store.HistoryFilter{Start: ptr(at(12).Add(-time.Nanosecond * 500))}, 5},
			{"q cluster", store.HistoryFilter{Q: "CLUSTER-X"}, 4},
			{"q short", store.HistoryFilter{Q: "et"}, 2},
			{"q + op + range", store.HistoryFilter{Q: "cluster-x", OperationType: "update", Start: at(14)}, 2},
			{"nothing", store.HistoryFilter{Q: "nope"}, 0},
		}
		for _, c := range checks {
			if got := count(c.f); got != c.want {
				e.t.Errorf("%s: %d records, want %d", c.name, got, c.want)
			}
		}
		page, _ := e.svc.ListHistory(e.ctx, store.HistoryFilter{Limit: 2, Offset: 2})
		if *page.Total != 6 || len(page.Items) != 2 || page.Items[0].HistoryID != all[2].HistoryID || !page.HasMore {
			e.t.Fatalf("offset page: %+v", page)
		}
		if !all[0].OperationTimestamp.Equal(*at(16)) {
			e.t.Fatalf("timestamp %v, want 16:00", all[0].OperationTimestamp)
		}
	})

	register("InstanceHistoryOfUnknownIdIsNotFound", func(e *env) {
		_, err := e.svc.InstanceHistory(e.ctx, 777, store.HistoryFilter{})
		as[*instances.NotFoundError](e.t, err)
		inst := e.create("known")
		page, err := e.svc.InstanceHistory(e.ctx, inst.ID, store.HistoryFilter{OperationType: "delete"})
		if err != nil || *page.Total != 0 || len(page.Items) != 0 {
			e.t.Fatalf("filtered to nothing should be an empty page, got %+v %v", page, err)
		}
		_, err = e.svc.GetHistory(e.ctx, 999999)
		as[*instances.NotFoundError](e.t, err)
	})

	register("CompareAnyTwoVersionsOfOneInstance", func(e *env) {
		inst := e.create("cmp", func(in *instances.CreateInput) { in.Description = ptr("v1") })
		_, _, _ = e.svc.Update(e.ctx, inst.ID, instances.Patch{Replicas: ptr[int64](2)}, nil)
		_, _, _ = e.svc.Update(e.ctx, inst.ID, instances.Patch{Status: ptr("error"), SetDescription: true}, nil)
		_ = e.svc.Delete(e.ctx, inst.ID, nil)
		h := e.history(inst.ID) // create, update, update, delete
		c, err := e.svc.Compare(e.ctx, h[0].HistoryID, h[3].HistoryID)
		if err != nil {
			e.t.Fatal(err)
		}
		if c.InstanceID != inst.ID || len(c.Changes) != 3 || len(c.Unchanged) != 9 {
			e.t.Fatalf("compare: %s unchanged %v", jsonOf(c.Changes), c.Unchanged)
		}
		if jsonOf(c.Changes["replicas"]) != `{"old":1,"new":2}` || jsonOf(c.Changes["description"]) != `{"old":"v1","new":null}` {
			e.t.Fatalf("compare changes %s", jsonOf(c.Changes))
		}
		back, _ := e.svc.Compare(e.ctx, h[3].HistoryID, h[0].HistoryID)
		if jsonOf(back.Changes["status"]) != `{"old":"error","new":"active"}` {
			e.t.Fatalf("reverse compare %s", jsonOf(back.Changes))
		}
		same, _ := e.svc.Compare(e.ctx, h[1].HistoryID, h[1].HistoryID)
		if len(same.Changes) != 0 {
			e.t.Fatalf("a record differs from itself: %s", jsonOf(same.Changes))
		}
		other := e.create("other")
		_, err = e.svc.Compare(e.ctx, h[0].HistoryID, e.history(other.ID)[0].HistoryID)
		ve := as[*instances.ValidationError](e.t, err)
		if !strings.Contains(ve.Errors[0].Message, "different instances") {
			e.t.Fatalf("message %q", ve.Errors[0].Message)
		}
		_, err = e.svc.Compare(e.ctx, h[0].HistoryID, 123456)
		as[*instances.NotFoundError](e.t, err)
	})

	register("HistoryIsAppendOnlyInTheDatabase", func(e *env) {
		inst := e.create("sealed")
		for _, stmt := range []string{
			"UPDATE instance_history SET replicas = 99",
			"DELETE FROM instance_history",
		} {
			if err := e.rawExec(stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
				e.t.Errorf("%s: err %v, want the append-only refusal", stmt, err)
			}
		}
		if h := e.history(inst.ID); len(h) != 1 || h[0].Replicas != 1 {
			e.t.Fatalf("history changed: %+v", h)
		}
	})

	register("MigrationsRollBackAndReapply", func(e *env) {
		for {
			v, err := e.st.MigrateDown(e.ctx)
			if err != nil {
				e.t.Fatalf("down: %v", err)
			}
			if v <= 1 {
				break
			}
		}
		st, err := e.st.MigrationStatuses(e.ctx)
		if err != nil || st[0].Applied {
			e.t.Fatalf("after rolling back everything: %+v %v", st, err)
		}
		if n, err := e.st.Migrate(e.ctx); err != nil || n != len(st) {
			e.t.Fatalf("re-apply: %d %v", n, err)
		}
		e.create("after-reapply")
	})
}

// rawExec runs SQL on a separate connection, bypassing the store, like an operator with psql.
func (e *env) rawExec(stmt string) error {
	t, _ := store.ParseURL(e.url)
	if t.Engine == store.EnginePostgres {
		conn, err := pgx.Connect(e.ctx, t.DSN)
		if err != nil {
			e.t.Fatal(err)
		}
		defer conn.Close(e.ctx)
		_, err = conn.Exec(e.ctx, stmt)
		return err
	}
	driver, dsn := "sqlite", "file:"+t.Path
	if t.Engine == store.EngineMySQL {
		driver, dsn = "mysql", t.DSN
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		e.t.Fatal(err)
	}
	defer db.Close()
	_, err = db.ExecContext(e.ctx, stmt)
	return err
}
