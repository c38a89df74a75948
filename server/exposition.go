package server

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// exposition writes Prometheus' text format (version 0.0.4): a HELP and a
// TYPE line for each family, then its samples. A few dozen lines of ours do
// what client_golang and its dependencies would.
type exposition struct{ w io.Writer }

func (e *exposition) family(name, typ, help string) {
	fmt.Fprintf(e.w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

func (e *exposition) counter(name, help string, v uint64) {
	e.family(name, "counter", help)
	fmt.Fprintf(e.w, "%s %d\n", name, v)
}

func (e *exposition) gauge(name, help string, v float64) {
	e.family(name, "gauge", help)
	fmt.Fprintf(e.w, "%s %s\n", name, formatFloat(v))
}

func (e *exposition) labeled(name, help, label string, l *labeledCounter) {
	e.family(name, "counter", help)
	values, counts := l.snapshot()
	for i, v := range values {
		fmt.Fprintf(e.w, "%s{%s=\"%s\"} %d\n", name, label, escapeLabel(v), counts[i])
	}
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func escapeLabel(v string) string { return labelEscaper.Replace(v) }

// runtimeGauges are the Go runtime's own numbers, read with runtime/metrics,
// which unlike ReadMemStats does not stop the world.
var runtimeGauges = []struct{ name, help, sample string }{
	{"go_goroutines", "Goroutines that exist now.", "/sched/goroutines:goroutines"},
	{"go_threads", "OS threads the runtime holds.", "/sched/threads/total:threads"},
	{"go_gomaxprocs", "Goroutines that may run at once (GOMAXPROCS).", "/sched/gomaxprocs:threads"},
	{"go_memstats_heap_alloc_bytes", "Bytes of live and not yet swept heap objects.", "/memory/classes/heap/objects:bytes"},
	{"go_memstats_stack_inuse_bytes", "Bytes of goroutine stacks.", "/memory/classes/heap/stacks:bytes"},
	{"go_memstats_sys_bytes", "Bytes the runtime has from the OS.", "/memory/classes/total:bytes"},
	{"go_gc_heap_goal_bytes", "Heap size the next collection aims at.", "/gc/heap/goal:bytes"},
}

const gcCycles = "/gc/cycles/total:gc-cycles"

var processStart = time.Now()

func writeRuntimeMetrics(e *exposition) {
	samples := make([]metrics.Sample, len(runtimeGauges)+1)
	for i, g := range runtimeGauges {
		samples[i].Name = g.sample
	}
	samples[len(runtimeGauges)].Name = gcCycles
	metrics.Read(samples)
	for i, g := range runtimeGauges {
		if v, ok := sampleValue(samples[i].Value); ok {
			e.gauge(g.name, g.help, v)
		}
	}
	if v := samples[len(runtimeGauges)].Value; v.Kind() == metrics.KindUint64 {
		e.counter("go_gc_cycles_total", "Garbage collections since start.", v.Uint64())
	}
	e.family("go_info", "gauge", "The Go version the binary was built with.")
	fmt.Fprintf(e.w, "go_info{version=\"%s\"} 1\n", escapeLabel(runtime.Version()))
	writeProcessMetrics(e)
}

func sampleValue(v metrics.Value) (float64, bool) {
	switch v.Kind() {
	case metrics.KindUint64:
		return float64(v.Uint64()), true
	case metrics.KindFloat64:
		return v.Float64(), true
	}
	return 0, false
}

// writeProcessMetrics writes the process_* metrics Prometheus users expect;
// those that need /proc are left out where it is missing.
func writeProcessMetrics(e *exposition) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		e.family("process_cpu_seconds_total", "counter", "User and system CPU time spent.")
		fmt.Fprintf(e.w, "process_cpu_seconds_total %s\n", formatFloat(cpu.Seconds()))
	}
	e.gauge("process_start_time_seconds", "When the process started, in seconds since the Unix epoch.", float64(processStart.Unix()))
	if statm, err := os.ReadFile("/proc/self/statm"); err == nil {
		if f := strings.Fields(string(statm)); len(f) > 1 {
			if pages, err := strconv.ParseUint(f[1], 10, 64); err == nil {
				e.gauge("process_resident_memory_bytes", "Resident memory size.", float64(pages*uint64(os.Getpagesize())))
			}
		}
	}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		e.gauge("process_open_fds", "Open file descriptors.", float64(len(fds)))
	}
}
