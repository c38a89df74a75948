package data

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// Column weights for ranking: a word in the title says more about a post than
// the same word in a tag, and far more than one in the body.
var columnWeights = [3]float64{10, 5, 1} // title, tags, body

// Search finds published posts holding every term of q (each a prefix),
// ranked by BM25 over title, tags and body, best first, at most limit.
func (s *Store) Search(ctx context.Context, q string, limit int) ([]posts.Match, error) {
	terms := posts.QueryTerms(q)
	if len(terms) == 0 {
		return nil, nil
	}
	// Terms are lower-case letters and digits only, so `term*` (a prefix)
	// can never be read as an operator or a syntax error.
	query := make([]string, len(terms))
	for i, t := range terms {
		query[i] = t + "*"
	}
	// Rank every match from matchinfo alone, then fetch posts and snippets
	// for the best few: snippets are the costly part.
	rows, err := s.read.QueryContext(ctx, `SELECT posts_fts.docid, matchinfo(posts_fts, 'pcnalx'), p.published_at
		FROM posts_fts JOIN posts p ON p.id = posts_fts.docid
		WHERE posts_fts MATCH ? AND `+publishedPost, strings.Join(query, " "), s.Now().Unix())
	if err != nil {
		return nil, fmt.Errorf("search for %d words: %w", len(terms), err)
	}
	type ranked struct {
		id        int64
		score     float64
		published int64
	}
	var hits []ranked
	for rows.Next() {
		var h ranked
		var info []byte
		if err := rows.Scan(&h.id, &info, &h.published); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search for %d words: %w", len(terms), err)
		}
		h.score = bm25(info)
		hits = append(hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search for %d words: %w", len(terms), err)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].published > hits[j].published
	})
	found := make([]posts.Match, 0, min(len(hits), limit))
	for _, h := range hits[:min(len(hits), limit)] {
		var m posts.Match
		var err error
		m.Post, err = scanPost(s.read.QueryRowContext(ctx, `SELECT `+postColumns+`,
				snippet(posts_fts, ?, ?, '…', 0, 64),
				snippet(posts_fts, ?, ?, '…', 2, 20)
			FROM posts_fts JOIN posts p ON p.id = posts_fts.docid
			WHERE posts_fts MATCH ? AND posts_fts.docid = ?`,
			posts.MatchStart, posts.MatchEnd, posts.MatchStart, posts.MatchEnd, strings.Join(query, " "), h.id,
		), &m.Title, &m.Snippet)
		if err != nil {
			return nil, fmt.Errorf("search for %d words: %w", len(terms), err)
		}
		found = append(found, m)
	}
	return found, nil
}

// bm25 scores one row from FTS4's matchinfo 'pcnalx': phrases p, columns c,
// rows n, average tokens a[c], this row's tokens l[c], then for each phrase
// and column: hits here, hits in all rows, rows with hits.
func bm25(info []byte) float64 {
	const k1, b = 1.2, 0.75
	v := make([]float64, len(info)/4)
	for i := range v {
		v[i] = float64(binary.NativeEndian.Uint32(info[4*i:]))
	}
	if len(v) < 3 {
		return 0
	}
	p, c, n := int(v[0]), int(v[1]), v[2]
	avg, length, x := v[3:3+c], v[3+c:3+2*c], v[3+2*c:]
	score := 0.0
	for phrase := 0; phrase < p; phrase++ {
		// How rare the term is: matchinfo counts rows per column, so take the
		// column where it is commonest as the rows holding it.
		docs := 0.0
		for col := 0; col < c; col++ {
			docs = math.Max(docs, x[3*(phrase*c+col)+2])
		}
		idf := math.Log((n-docs+0.5)/(docs+0.5) + 1)
		for col := 0; col < c && col < len(columnWeights); col++ {
			tf := x[3*(phrase*c+col)]
			if tf == 0 {
				continue
			}
			norm := 1 - b + b*length[col]/math.Max(avg[col], 1)
			score += columnWeights[col] * idf * tf * (k1 + 1) / (tf + k1*norm)
		}
	}
	return score
}
