package posts

import (
	"testing"
	"time"
)

func TestDatedShowsTheDayBesideHowLongAgo(t *testing.T) {
	now := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		t        time.Time
		dateOnly bool
		want     string
	}{
		{day(2022, 7, 18), true, "18 Jul 2022 · 4 years ago"},
		{day(2026, 12, 1), true, "1 Dec 2026 · today"}, // not "18 hours ago"
		{day(2026, 11, 30), true, "30 Nov 2026 · yesterday"},
		{day(2026, 11, 26), true, "26 Nov 2026 · 5 days ago"},
		{day(2026, 12, 1), false, "1 Dec 2026 · 18 hours ago"}, // a moment: midnight exactly
		{now.Add(-90 * time.Minute), false, "1 Dec 2026 · an hour ago"},
		{time.Time{}, false, "undated"},
	} {
		if got := Dated(tc.t, tc.dateOnly, now); got != tc.want {
			t.Errorf("Dated(%v, %v) = %q, want %q", tc.t, tc.dateOnly, got, tc.want)
		}
	}
}

func TestFrontMatterDayAndExcerpt(t *testing.T) {
	p, err := Parse("a.md", []byte("---\ntitle: A\ndate: 2022-07-18\nexcerpt: true\n---\n\nText…\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !p.DateOnly || !p.Excerpt {
		t.Errorf("date-only %v, excerpt %v; want both", p.DateOnly, p.Excerpt)
	}
	again, err := Parse("a.md", []byte(Source(p)))
	if err != nil || !again.DateOnly || !again.Excerpt || !again.Published.Equal(p.Published) {
		t.Errorf("Source lost the day or the excerpt mark: %+v, %v\n%s", again, err, Source(p))
	}
	timed, err := Parse("b.md", []byte("---\ntitle: B\ndate: 2022-07-18T09:30:00Z\n---\n\nText\n"))
	if err != nil || timed.DateOnly || timed.Excerpt {
		t.Errorf("a timed post reads as a day or an excerpt: %+v, %v", timed, err)
	}
}
