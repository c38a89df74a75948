package posts

import (
	"fmt"
	"os"
	"testing"
	"time"
)

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{
		1:         "1 byte",
		100:       "100 bytes",
		1023:      "1023 bytes",
		1024:      "1 KiB",
		65536:     "64 KiB",
		1536:      "1.5 KiB",
		1 << 20:   "1 MiB",
		8 << 20:   "8 MiB",
		123456789: "117.7 MiB",
		3 << 40:   "3 TiB",
		5 << 50:   "5120 TiB",
	} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Minute:          "30 minutes",
		time.Hour:                 "1 hour",
		2 * time.Hour:             "2 hours",
		45 * time.Second:          "45 seconds",
		90 * time.Minute:          "1h30m",
		500 * time.Millisecond:    "500ms",
		time.Minute + time.Second: "1m1s",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestShortDurationReadsBack(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Minute:        "30m",
		time.Hour:               "1h",
		90 * time.Minute:        "1h30m",
		time.Hour + time.Second: "1h0m1s",
		15 * time.Second:        "15s",
		0:                       "0s",
	} {
		got := ShortDuration(d)
		if got != want {
			t.Errorf("ShortDuration(%v) = %q, want %q", d, got, want)
		}
		if back, err := time.ParseDuration(got); err != nil || back != d {
			t.Errorf("time.ParseDuration(%q) = %v, %v; want %v", got, back, err, d)
		}
	}
}

func TestUnwrapPathKeepsTheCauseOnly(t *testing.T) {
	_, err := os.Open("/nonexistent/sshblog")
	if got := UnwrapPath(err).Error(); got != "no such file or directory" {
		t.Errorf("UnwrapPath(%v) = %q", err, got)
	}
	other := fmt.Errorf("not a path error")
	if UnwrapPath(other) != other {
		t.Errorf("UnwrapPath changed an error without a path")
	}
}
