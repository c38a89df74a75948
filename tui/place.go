package tui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// place is where a line of the post comes from, in terms a new width keeps:
// a line of the header or of the footer, a block of the body (a run of
// lines between blank ones: a paragraph, a list, a code block) and how many
// characters into it the line starts, or a comment and a line into it.
type place struct {
	part    part
	index   int   // header lines from its end (the title wraps above); the footer line; the body block; the thread line
	chars   int   // in the body: characters of the block before the line; -1 for the blank line after it
	comment int64 // in the thread: the comment, index lines into it; 0 for a line outside any comment
}

type part int

const (
	inHead part = iota
	inBody
	inFoot
	inThread
)

// placeOf says where document line i comes from.
func (v *postView) placeOf(i int) place {
	body := max(len(v.body), 1)
	switch i -= len(v.head); {
	case i < 0:
		return place{part: inHead, index: -i}
	case i < body:
		block, chars := bodyPlace(v.body, i)
		return place{part: inBody, index: block, chars: chars}
	case i < body+len(v.foot):
		return place{part: inFoot, index: i - body}
	}
	i -= body + len(v.foot)
	if id, offset, ok := v.thread.anchor(i); ok {
		return place{part: inThread, index: offset, comment: id}
	}
	return place{part: inThread, index: i}
}

// lineOf is the document line of p as the post is laid out now.
func (v *postView) lineOf(p place) int {
	body := max(len(v.body), 1)
	switch p.part {
	case inHead:
		return max(len(v.head)-p.index, 0)
	case inBody:
		return len(v.head) + bodyLine(v.body, p.index, p.chars)
	case inFoot:
		return len(v.head) + body + p.index
	}
	start := v.threadStart()
	if p.comment != 0 {
		if line, ok := v.thread.lineOf(p.comment); ok {
			return start + line + p.index
		}
	}
	return start + p.index
}

// restore puts the line kept from before a resize back at the top.
func (v *postView) restore() {
	if v.keep != nil {
		v.top = v.lineOf(*v.keep)
	}
	v.clamp()
}

// textOf is what a rendered line says, without colours and margins.
func textOf(line string) string { return strings.TrimSpace(ansi.Strip(line)) }

// bodyPlace says which block rendered line i is in and how many characters
// of that block come before it; -1 block for blank lines before the first.
func bodyPlace(lines []string, i int) (block, chars int) {
	block, inBlock := -1, false
	for _, l := range lines[:i] {
		text := textOf(l)
		switch {
		case text == "":
			inBlock = false
			continue
		case !inBlock:
			block, chars, inBlock = block+1, 0, true
		}
		chars += utf8.RuneCountInString(text) + 1
	}
	switch {
	case i >= len(lines):
		return block, -1
	case textOf(lines[i]) == "":
		return block, -1
	case !inBlock:
		return block + 1, 0
	}
	return block, chars
}

// bodyLine is the rendered line where block reaches chars characters, or
// the blank line after the block for -1.
func bodyLine(lines []string, block, chars int) int {
	b, inBlock, seen := -1, false, 0
	for i, l := range lines {
		text := textOf(l)
		switch {
		case text == "" && b == block && chars < 0:
			return i
		case text == "" && b == block && inBlock:
			return i - 1 // the block is shorter now: its last line
		case text == "":
			inBlock = false
			continue
		case !inBlock:
			b, seen, inBlock = b+1, 0, true
		}
		if b > block {
			return max(i-1, 0)
		}
		if seen += utf8.RuneCountInString(text) + 1; b == block && seen > chars {
			return i
		}
	}
	return max(len(lines)-1, 0)
}
