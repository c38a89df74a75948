// Package rqliteread is the one check the fault suite and the load tool
// make of a cluster after a fault: every comment it holds, read from the
// leader, not from one node's copy.
package rqliteread

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// Comments is every comment's id and text in the cluster, asked of the
// leader (level=strong) through whichever of addrs (HOST:PORT of the
// rqlite nodes' HTTP API) answers first.
func Comments(client *http.Client, addrs []string) (map[int64]string, error) {
	body, _ := json.Marshal([][]any{{"SELECT id, body FROM comments"}})
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
			errs = append(errs, fmt.Errorf("%s: %w", addr, err))
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
		return stored, nil
	}
	return nil, fmt.Errorf("no rqlite node answered a strong read: %w", errors.Join(errs...))
}
