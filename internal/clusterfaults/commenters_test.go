package clusterfaults

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// unavailableMessage is what a comment is told while the cluster has no
// leader.
const unavailableMessage = "the blog cannot take comments for a moment; try again"

// commenters post under the test post as fast as each gets an answer,
// each with its own key and connection, on the nodes in turn. One whose
// node goes away connects to the next.
type commenters struct {
	t    *testing.T
	stop chan struct{}
	wg   sync.WaitGroup

	mu       sync.Mutex
	acked    []ack
	refusals map[string]int // why a comment was not taken → how often
	arrived  chan struct{}  // closed and renewed on each acknowledgement
}

// ack is an acknowledged comment and when its command was sent and answered.
type ack struct {
	acked
	sent, answered time.Time
}

func startCommenters(t *testing.T, n int, addrs ...string) *commenters {
	cs := &commenters{t: t, stop: make(chan struct{}), refusals: map[string]int{}, arrived: make(chan struct{})}
	run := time.Now().UnixNano()
	for i := range n {
		cs.wg.Add(1)
		go cs.post(newIdentity(t), fmt.Sprintf("commenter%d", i), i, addrs, run)
	}
	t.Cleanup(cs.finish)
	return cs
}

func (cs *commenters) post(id *identity, user string, first int, addrs []string, run int64) {
	defer cs.wg.Done()
	var c *gossh.Client
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	for k, at := 0, first; ; k++ {
		select {
		case <-cs.stop:
			return
		default:
		}
		if c == nil {
			var err error
			if c, err = connect(addrs[at%len(addrs)], user, id, nil); err != nil {
				at++ // that node is gone: the next one
				cs.refuse("connect: node down")
				select {
				case <-cs.stop:
					return
				case <-time.After(100 * time.Millisecond):
				}
				continue
			}
		}
		text := fmt.Sprintf("Run %d, %s, comment %d.", run, user, k)
		sent := time.Now()
		cid, why := comment(c, text)
		if why == "" {
			cs.ack(ack{acked{cid, text}, sent, time.Now()})
			continue
		}
		cs.refuse(why)
		if strings.HasPrefix(why, "no exit status") {
			c.Close() // the connection died with its node
			c, at = nil, at+1
		}
	}
}

func (cs *commenters) ack(a ack) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.acked = append(cs.acked, a)
	close(cs.arrived)
	cs.arrived = make(chan struct{})
}

func (cs *commenters) refuse(why string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.refusals[why]++
}

// waitSentAfter waits until n comments sent after since are acknowledged.
func (cs *commenters) waitSentAfter(since time.Time, n int) {
	cs.t.Helper()
	deadline := time.After(2 * waitLong)
	for {
		cs.mu.Lock()
		got, arrived := 0, cs.arrived
		for _, a := range cs.acked {
			if a.sent.After(since) {
				got++
			}
		}
		cs.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-arrived:
		case <-deadline:
			cs.t.Fatalf("%d of %d comments sent after %s acknowledged; refusals: %v", got, n, since.Format(time.StampMilli), cs.refusalList())
		}
	}
}

// resumed is when the first comment sent after since was acknowledged.
func (cs *commenters) resumed(since time.Time) time.Time {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	var first time.Time
	for _, a := range cs.acked {
		if a.sent.After(since) && (first.IsZero() || a.answered.Before(first)) {
			first = a.answered
		}
	}
	return first
}

// finish stops the commenters and waits for them.
func (cs *commenters) finish() {
	select {
	case <-cs.stop:
	default:
		close(cs.stop)
	}
	cs.wg.Wait()
}

func (cs *commenters) acknowledged() []acked {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	list := make([]acked, len(cs.acked))
	for i, a := range cs.acked {
		list[i] = a.acked
	}
	return list
}

// refusalList is every reason a comment was not taken, with its count.
func (cs *commenters) refusalList() []string {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	var list []string
	for why, n := range cs.refusals {
		list = append(list, fmt.Sprintf("%d× %s", n, why))
	}
	sort.Strings(list)
	return list
}

// checkRefusals fails the test for a comment refused for another reason
// than those allowed.
func (cs *commenters) checkRefusals(allowed ...string) {
	cs.t.Helper()
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for why, n := range cs.refusals {
		ok := false
		for _, a := range allowed {
			ok = ok || strings.Contains(why, a)
		}
		if !ok {
			cs.t.Errorf("%d comments refused with %q; want only %q", n, why, allowed)
		}
	}
}
