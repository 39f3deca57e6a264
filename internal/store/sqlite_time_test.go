package store

import (
	"reflect"
	"testing"
	"time"
)

// FuzzParseSQLiteTime: whatever the hand-written parser accepts, time.Parse reads as the same
// instant; and every time IIMS writes (the layout, in any zone, any precision) takes the fast way.
func FuzzParseSQLiteTime(f *testing.F) {
	for _, s := range []string{"2024-01-15 10:30:00.123456789+00:00", "2024-02-29 23:59:59-07:00", "2023-02-29 00:00:00+00:00",
		"2024-04-31 00:00:00+00:00", "2024-01-15 10:30:00.+00:00", "2024-01-15 10:30:00,5+00:00", "2024-01-15T10:30:00Z",
		"2024-01-15 10:30:00.1234567891+00:00", "0000-01-01 00:00:00+23:59", "2024-13-01 24:00:60+00:00"} {
		f.Add(s, int64(0), int32(0))
	}
	f.Add("", int64(1700000000123456789), int32(-7*3600))
	f.Fuzz(func(t *testing.T, s string, nanos int64, zone int32) {
		fast, ok := parseSQLiteTime(s)
		if ok {
			want, err := time.Parse(sqliteTimeLayout, s)
			if err != nil {
				t.Fatalf("%q: the fast parser accepts what time.Parse refuses: %v", s, err)
			}
			if !reflect.DeepEqual(fast, want) { // the zone too: lists and single reads must agree
				t.Fatalf("%q: fast %v, time.Parse %v", s, fast, want)
			}
		}
		zone %= 24 * 3600
		written := time.Unix(0, nanos).In(time.FixedZone("", int(zone/60*60))).Format(sqliteTimeLayout)
		if got, ok := parseSQLiteTime(written); !ok || !got.Equal(time.Unix(0, nanos)) {
			t.Fatalf("%q (written by IIMS) reads as %v, %v", written, got, ok)
		}
	})
}
