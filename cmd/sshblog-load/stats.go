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

// serverState is one reading of the server: its process (or, for sshd, its
// process and every descendant) and, if it tells, its Go runtime.
type serverState struct {
	At         time.Time `json:"at"`
	Processes  int       `json:"processes"`
	RSSKiB     int64     `json:"rss_kib"`     // resident memory; summed over a tree; -1: not read
	PSSKiB     int64     `json:"pss_kib"`     // proportional share: shared pages split between sharers; -1: not read
	CPUSeconds float64   `json:"cpu_seconds"` // user+system, reaped children included; -1: not read
	Goroutines float64   `json:"goroutines"`  // -1: not read
	HeapBytes  float64   `json:"heap_bytes"`  // live heap; after a collection when asked; -1: not read
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat times; 100 on Linux.
const clockTicks = 100

// sample reads the server's state; with gc, the Go server collects garbage
// first, so the heap is what is live.
func sample(o *options, gc bool) serverState {
	s := serverState{At: time.Now(), RSSKiB: -1, PSSKiB: -1, CPUSeconds: -1, Goroutines: -1, HeapBytes: -1}
	if o.pid > 0 {
		pids := []int{o.pid}
		if o.tree {
			pids = processTree(o.pid)
		}
		s.Processes = len(pids)
		s.RSSKiB, s.PSSKiB, s.CPUSeconds = 0, 0, 0
		for _, pid := range pids {
			rss, pss := readMemory(pid)
			s.RSSKiB += rss
			s.PSSKiB += pss
			s.CPUSeconds += readCPU(pid)
		}
		if o.tree {
			// A tree's processes come and go, and one that exits unreaped
			// (re-parented, or reaped with SIGCHLD ignored) takes its CPU time
			// with it: count the whole machine's busy time, less this tool's.
			s.CPUSeconds = machineCPU() - readCPU(os.Getpid())
		}
	}
	switch {
	case o.debug != "":
		s.Goroutines = readGoroutines(o.debug)
		s.HeapBytes = readHeap(o.debug, gc)
	case o.metrics != "":
		m := scrape(o.metrics)
		s.Goroutines = valueOr(m, "go_goroutines")
		s.HeapBytes = valueOr(m, "go_memstats_heap_alloc_bytes")
	}
	return s
}

// processTree is pid and all its descendants, from each process's children
// file (the kernel lists a thread's children; a process's main thread has
// them all).
func processTree(pid int) []int {
	out := []int{pid}
	for i := 0; i < len(out); i++ {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", out[i], out[i]))
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if child, err := strconv.Atoi(f); err == nil {
				out = append(out, child)
			}
		}
	}
	return out
}

// readMemory reads a process's resident and proportional memory in KiB.
func readMemory(pid int) (rss, pss int64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, _ := strings.Cut(sc.Text(), ":")
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			continue
		}
		kib, _ := strconv.ParseInt(fields[0], 10, 64)
		switch name {
		case "Rss":
			rss = kib
		case "Pss":
			pss = kib
		}
	}
	return rss, pss
}

// readCPU is a process's CPU seconds, with those of the children it has
// reaped: sshd's children come and go with each connection.
func readCPU(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces: fields count from after its ")".
	fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(fields) < 15 {
		return 0
	}
	var ticks float64
	for _, f := range fields[11:15] { // utime, stime, cutime, cstime
		v, _ := strconv.ParseFloat(f, 64)
		ticks += v
	}
	return ticks / clockTicks
}

// machineCPU is the CPU seconds every core has spent busy since boot.
func machineCPU() float64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	fields := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal …
	var ticks float64
	for i, f := range fields[1:] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		if i >= 8 { // guest time is counted in user already
			break
		}
		v, _ := strconv.ParseFloat(f, 64)
		ticks += v
	}
	return ticks / clockTicks
}

var httpClient = http.Client{Timeout: 60 * time.Second}

// get reads a loopback URL's body line by line into each.
func get(url string, each func(line string) bool) {
	if checkLoopbackURL(url) != nil {
		return
	}
	resp, err := httpClient.Get(url)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() && each(sc.Text()) {
	}
}

// readGoroutines reads the count from Go's profiler: its goroutine profile
// starts "goroutine profile: total N".
func readGoroutines(debug string) float64 {
	n := -1.0
	get(debug+"/debug/pprof/goroutine?debug=1", func(line string) bool {
		if v, ok := strings.CutPrefix(line, "goroutine profile: total "); ok {
			n, _ = strconv.ParseFloat(v, 64)
		}
		return false
	})
	return n
}

// readHeap reads HeapAlloc from the heap profile's memory statistics; with
// gc, the profiler collects garbage first.
func readHeap(debug string, gc bool) float64 {
	url := debug + "/debug/pprof/heap?debug=1"
	if gc {
		url += "&gc=1"
	}
	n := -1.0
	get(url, func(line string) bool {
		if v, ok := strings.CutPrefix(line, "# HeapAlloc = "); ok {
			n, _ = strconv.ParseFloat(v, 64)
			return false
		}
		return true
	})
	return n
}

// scrape reads a Prometheus text exposition into name → value (labels
// ignored, the first sample of each name kept).
func scrape(url string) map[string]float64 {
	out := map[string]float64{}
	get(url, func(line string) bool {
		if line == "" || line[0] == '#' {
			return true
		}
		name, value, ok := strings.Cut(line, " ")
		if i := strings.IndexByte(name, '{'); i >= 0 {
			name = name[:i]
			_, value, ok = strings.Cut(line[strings.LastIndexByte(line, '}')+1:], " ")
		}
		if _, seen := out[name]; ok && !seen {
			if v, err := strconv.ParseFloat(strings.Fields(value)[0], 64); err == nil {
				out[name] = v
			}
		}
		return true
	})
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
		return errors.New("the URL must be http://")
	}
	hostport, _, _ := strings.Cut(rest, "/")
	if _, _, err := net.SplitHostPort(hostport); err != nil {
		return err
	}
	return checkLoopback(hostport)
}
