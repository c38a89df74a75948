package data

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// LeaderGrace is how long a cluster may be without a leader before
// HealthRqlite calls it unhealthy. An election takes a second or two; what
// lasts longer is a lost majority, which restarting sshblog cannot mend, and
// Docker restarts an unhealthy container: so a generous 30 s, after which
// the operator is told.
const LeaderGrace = 30 * time.Second

// HealthRqlite says how the cluster looks from its first node that answers:
// nil while it has a leader, or has lost it for less than LeaderGrace.
func HealthRqlite(ctx context.Context, cfg RqliteConfig) (string, error) {
	e, err := newRqliteEngine(cfg)
	if err != nil {
		return "", err
	}
	defer e.close()
	var lastErr error
	for n, base := range e.base {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/status", nil)
		if err != nil {
			return "", err
		}
		if cfg.User != "" {
			req.SetBasicAuth(cfg.User, cfg.Password)
		}
		resp, err := e.client.Do(req)
		if err != nil {
			lastErr = err
			continue
		}
		var st struct {
			Store struct {
				Raft struct {
					State       string `json:"state"`
					LastContact any    `json:"last_contact"` // "12ms", "never", or 0 on a leader
				} `json:"raft"`
			} `json:"store"`
		}
		err = json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil {
			return "", fmt.Errorf("rqlite at %s: status %s: %v", cfg.Addrs[n], resp.Status, err)
		}
		raft := st.Store.Raft
		if raft.State == "Leader" {
			return fmt.Sprintf("rqlite at %s is the leader", cfg.Addrs[n]), nil
		}
		contact, _ := raft.LastContact.(string)
		since, err := time.ParseDuration(contact)
		if err != nil || since > LeaderGrace {
			return "", fmt.Errorf("rqlite at %s has had no leader for more than %s", cfg.Addrs[n], LeaderGrace)
		}
		return fmt.Sprintf("rqlite at %s heard from its leader %s ago", cfg.Addrs[n], since.Round(time.Millisecond)), nil
	}
	return "", fmt.Errorf("no rqlite node of %s answers: %v", cfg, lastErr)
}
