package posts

import (
	"fmt"
	"strings"
	"time"
)

// Bytes writes a size the way ls -h would, exactly when it can: "512 bytes",
// "64 KiB", "117.7 MiB".
func Bytes(n int64) string {
	const unit = 1024
	if n < unit {
		return Count(int(n), "byte")
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 3; m /= unit {
		div *= unit
		exp++
	}
	if n%div == 0 {
		return fmt.Sprintf("%d %ciB", n/div, "KMGT"[exp])
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGT"[exp])
}

// Duration says d in words when it is a whole number of one unit ("30
// minutes", "1 hour", "45 seconds"), else as ShortDuration does ("1h30m").
func Duration(d time.Duration) string {
	switch {
	case d%time.Hour == 0 && d > 0:
		return Count(int(d/time.Hour), "hour")
	case d%time.Minute == 0 && d > 0 && d < time.Hour:
		return Count(int(d/time.Minute), "minute")
	case d%time.Second == 0 && d > 0 && d < time.Minute:
		return Count(int(d/time.Second), "second")
	}
	return ShortDuration(d)
}

// ShortDuration writes d as time.ParseDuration reads it, without the zero
// units: 30m0s as 30m, 1h0m0s as 1h.
func ShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
