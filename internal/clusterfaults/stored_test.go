package clusterfaults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// storedComments reads every comment's id and text from the cluster, asking
// the leader (level=strong) through whichever of addrs answers: what the
// cluster holds, not one node's copy.
func storedComments(t *testing.T, addrs []string) map[int64]string {
	t.Helper()
	body, _ := json.Marshal([][]any{{"SELECT id, body FROM comments"}})
	client := &http.Client{Timeout: 10 * time.Second}
	var errs []error
	for _, addr := range addrs {
		resp, err := client.Post("http://"+addr+"/db/query?level=strong", "application/json", bytes.NewReader(body))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		var out struct {
			Results []struct {
				Values [][]any `json:"values"`
				Error  string  `json:"error"`
			} `json:"results"`
			Error string `json:"error"`
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		switch {
		case err != nil:
			errs = append(errs, err)
			continue
		case out.Error != "" || len(out.Results) != 1 || out.Results[0].Error != "":
			errs = append(errs, fmt.Errorf("%s: %+v", addr, out))
			continue
		}
		stored := map[int64]string{}
		for _, row := range out.Results[0].Values {
			id, _ := row[0].(float64)
			text, _ := row[1].(string)
			stored[int64(id)] = text
		}
		return stored
	}
	t.Fatalf("no rqlite node answered a strong read: %v", errs)
	return nil
}

// acked is a comment whose command reported success.
type acked struct {
	id   int64
	text string
}

// checkStored fails the test for every acknowledged comment the cluster
// does not hold as it was sent.
func checkStored(t *testing.T, addrs []string, comments []acked) {
	t.Helper()
	stored := storedComments(t, addrs)
	lost := 0
	for _, c := range comments {
		if got, ok := stored[c.id]; !ok || got != c.text {
			lost++
			if lost <= 5 {
				t.Errorf("comment #%d acknowledged as %q, stored as %q (found: %v)", c.id, c.text, got, ok)
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged comments lost", lost, len(comments))
	}
}
