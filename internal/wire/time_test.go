package wire

import (
	"encoding/json"
	"testing"
	"time"
)

// Timestamps are UTC with milliseconds whatever their zone and precision,
// and read back to the same instant (to the millisecond).
func TestTimeJSON(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	cases := map[time.Time]string{
		time.Date(2026, 2, 8, 10, 0, 0, 0, time.UTC):             `"2026-02-08T10:00:00.000Z"`,
		time.Date(2026, 2, 8, 11, 0, 0, 123456789, paris):        `"2026-02-08T10:00:00.123Z"`,
		time.Date(2026, 12, 31, 23, 59, 59, 999000000, time.UTC): `"2026-12-31T23:59:59.999Z"`,
	}
	for in, want := range cases {
		b, err := json.Marshal(struct {
			At  Time  `json:"at"`
			Nil *Time `json:"nil"`
		}{At: At(in)})
		if err != nil {
			t.Fatal(err)
		}
		if got := string(b); got != `{"at":`+want+`,"nil":null}` {
			t.Errorf("%v: %s, want %s", in, got, want)
		}
		var back Time
		if err := json.Unmarshal([]byte(want), &back); err != nil || !back.Equal(in.Truncate(time.Millisecond)) {
			t.Errorf("%s read back as %v (%v)", want, back, err)
		}
	}
}
