package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// serverState is one reading of the server process.
type serverState struct {
	At         time.Time `json:"at"`
	RSSKiB     int64     `json:"rss_kib"`     // -1: not read
	CPUSeconds float64   `json:"cpu_seconds"` // user+system; -1: not read
	Goroutines float64   `json:"goroutines"`  // -1: not read
	HeapBytes  float64   `json:"heap_bytes"`  // -1: not read
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat times; 100 on Linux.
const clockTicks = 100

func sample(o options) serverState {
	s := serverState{At: time.Now(), RSSKiB: -1, CPUSeconds: -1, Goroutines: -1, HeapBytes: -1}
	if o.pid > 0 {
		s.RSSKiB = readRSS(o.pid)
		s.CPUSeconds = readCPU(o.pid)
	}
	if o.metrics != "" {
		m := scrape(o.metrics)
		s.Goroutines = valueOr(m, "go_goroutines")
		s.HeapBytes = valueOr(m, "go_memstats_heap_alloc_bytes")
	}
	return s
}

func readRSS(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kib, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return kib
		}
	}
	return -1
}

func readCPU(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// The command name may hold spaces: fields count from after its ")".
	fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(fields) < 13 {
		return -1
	}
	utime, _ := strconv.ParseFloat(fields[11], 64)
	stime, _ := strconv.ParseFloat(fields[12], 64)
	return (utime + stime) / clockTicks
}

// scrape reads a Prometheus text exposition into name → value (labels ignored,
// the first sample of each name kept). Only loopback URLs are read.
func scrape(url string) map[string]float64 {
	out := map[string]float64{}
	if err := checkLoopbackURL(url); err != nil {
		return out
	}
	client := http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return out
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		name, value, ok := strings.Cut(line, " ")
		if i := strings.IndexByte(name, '{'); i >= 0 {
			name = name[:i]
			_, value, ok = strings.Cut(line[strings.LastIndexByte(line, '}')+1:], " ")
		}
		if !ok {
			continue
		}
		if _, seen := out[name]; !seen {
			if v, err := strconv.ParseFloat(strings.Fields(value)[0], 64); err == nil {
				out[name] = v
			}
		}
	}
	return out
}

func valueOr(m map[string]float64, name string) float64 {
	if v, ok := m[name]; ok {
		return v
	}
	return -1
}

func checkLoopbackURL(url string) error {
	rest, ok := strings.CutPrefix(url, "http://")
	if !ok {
		return errors.New("metrics URL must be http://")
	}
	hostport, _, _ := strings.Cut(rest, "/")
	if _, _, err := net.SplitHostPort(hostport); err != nil {
		return err
	}
	return checkLoopback(hostport)
}
