package server

import (
	"net/netip"
	"time"
)

// penaltyThreshold is how much penalty a network may gather before it is
// refused, as OpenSSH's PerSourcePenalties min: one unfinished login, a
// person's lost connection, costs nothing.
const penaltyThreshold = 15 * time.Second

// penalties keeps each network's penalty. The gate's mutex guards it.
type penalties struct {
	byNet   map[netip.Prefix]penalty
	pruneAt int
}

// penalty runs down until end; once it has passed the threshold, the
// network is refused until then.
type penalty struct {
	end      time.Time
	enforced bool
}

// add adds d to n's penalty, up to max (0: no bound).
func (p *penalties) add(n netip.Prefix, now time.Time, d, max time.Duration) {
	pen := p.byNet[n]
	if !pen.end.After(now) {
		p.prune(now)
		pen = penalty{end: now}
	}
	pen.end = pen.end.Add(d)
	if max > 0 && pen.end.Sub(now) > max {
		pen.end = now.Add(max)
	}
	pen.enforced = pen.enforced || pen.end.Sub(now) > penaltyThreshold
	p.byNet[n] = pen
}

// holds reports whether n is refused for its penalty at now.
func (p *penalties) holds(n netip.Prefix, now time.Time) bool {
	pen := p.byNet[n]
	return pen.enforced && pen.end.After(now)
}

// prune forgets penalties that have run down, once the map has doubled
// since the last pruning: the rule peraddr.Buckets prunes the gate's
// buckets by, for a map of prefixes.
func (p *penalties) prune(now time.Time) {
	if len(p.byNet) < p.pruneAt {
		return
	}
	for n, pen := range p.byNet {
		if !pen.end.After(now) {
			delete(p.byNet, n)
		}
	}
	p.pruneAt = max(minPrune, 2*len(p.byNet))
}
