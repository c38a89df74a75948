package posts

import (
	"fmt"
	"time"
)

// RelativeTime says how long ago t was, as a reader would: "just now",
// "5 minutes ago", "yesterday", "3 months ago", "4 years ago".
func RelativeTime(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case t.IsZero():
		return "undated"
	case d < 0:
		return "in the future"
	}
	const day = 24 * time.Hour
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "a minute", "minutes")
	case d < day:
		return plural(int(d/time.Hour), "an hour", "hours")
	case d < 2*day:
		return "yesterday"
	case d < 30*day:
		return plural(int(d/day), "", "days")
	case d < 365*day:
		return plural(int(d/(30*day)), "a month", "months")
	default:
		return plural(int(d/(365*day)), "a year", "years")
	}
}

func plural(n int, one, many string) string {
	if n == 1 && one != "" {
		return one + " ago"
	}
	return fmt.Sprintf("%d %s ago", n, many)
}

// Count says "1 comment", "3 comments": n and the noun, plural when n ≠ 1.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Dated says when a post is dated, as a day and how long ago:
// "18 Jul 2022 · 4 years ago". A post dated by the day alone (dateOnly) is
// counted in days: "today", "yesterday", "3 days ago", never in hours.
func Dated(t time.Time, dateOnly bool, now time.Time) string {
	if t.IsZero() {
		return RelativeTime(t, now)
	}
	return t.UTC().Format("2 Jan 2006") + " · " + relativeDay(t, dateOnly, now)
}

func relativeDay(t time.Time, dateOnly bool, now time.Time) string {
	if !dateOnly {
		return RelativeTime(t, now)
	}
	days := int(calendarDay(now).Sub(calendarDay(t)) / (24 * time.Hour))
	switch {
	case days < 0:
		return "in the future"
	case days == 0:
		return "today"
	case days == 1:
		return "yesterday"
	case days < 30:
		return plural(days, "", "days")
	}
	return RelativeTime(t, now) // months and years read the same either way
}

// calendarDay is the midnight, in UTC, that starts t's day.
func calendarDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
