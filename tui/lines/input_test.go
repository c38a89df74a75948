package lines

import (
	"context"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// readAll reads lines from keys until the input ends, as the line mode on a
// terminal of ours (echo) or behind the client's own line editing.
func readAll(t *testing.T, keys string, echo bool) (lines []string, events []event, shown string) {
	t.Helper()
	return readFrom(t, strings.NewReader(keys), echo)
}

func readFrom(t *testing.T, in io.Reader, echo bool) (lines []string, events []event, shown string) {
	t.Helper()
	var out strings.Builder
	p := &printer{w: &out, crlf: echo}
	r := newLineReader(context.Background(), in, echo, p)
	for {
		line, _, ev := r.read(context.Background())
		lines, events = append(lines, line), append(events, ev)
		if ev == ended {
			break
		}
	}
	return lines, events, out.String()
}

// On a terminal the line mode echoes what is typed and edits it: backspace
// rubs out one character (two cells for a wide one), ctrl+u the line, ctrl+w
// a word; ctrl+c drops the line; arrows and other keys' sequences are
// dropped; ctrl+d on an empty line ends the input.
func TestLineEditing(t *testing.T) {
	lines, events, shown := readAll(t, "helo\x7flo\r\nsay 日\x7f本\rgone\x15kept one two\x17three\rhalf\x03\x1b[Ax\x1bOBy\r\x04", true)
	want := []string{"hello", "say 本", "kept one three", "", "xy", ""}
	wantEvents := []event{typed, typed, typed, interrupted, typed, ended}
	if strings.Join(lines, "|") != strings.Join(want, "|") || len(events) != len(wantEvents) {
		t.Fatalf("lines %q %v, want %q %v", lines, events, want, wantEvents)
	}
	for i := range events {
		if events[i] != wantEvents[i] {
			t.Errorf("line %d ended with %v, want %v", i, events[i], wantEvents[i])
		}
	}
	wantShown := "helo\b \blo\r\nsay 日\b \b\b \b本\r\ngone\b \b\b \b\b \b\b \bkept one two\b \b\b \b\b \bthree\r\nhalf^C\r\nxy\r\n\r\n"
	if shown != wantShown {
		t.Errorf("echo %q\nwant %q", shown, wantShown)
	}
}

// Keys that come a byte a read, as an SSH channel may split them, make the
// same line and echo: a character split between reads is typed whole, once.
func TestCharacterSplitBetweenReads(t *testing.T) {
	for _, echo := range []bool{true, false} {
		lines, _, shown := readFrom(t, iotest.OneByteReader(strings.NewReader("say 日本😀\r")), echo)
		if lines[0] != "say 日本😀" {
			t.Errorf("echo %v: the line is %q", echo, lines[0])
		}
		if want := "say 日本😀\r\n"; echo && shown != want {
			t.Errorf("echo %q, want %q", shown, want)
		}
	}
}

// Without a terminal the client's terminal edits lines: nothing is echoed,
// lines end with \n (or \r\n), and the end of input ends the last line,
// then the input.
func TestLinesFromTheClient(t *testing.T) {
	lines, events, shown := readAll(t, "one\r\ntwo\nunfinished", false)
	if strings.Join(lines, "|") != "one|two|unfinished|" || events[2] != typed || events[3] != ended || shown != "" {
		t.Errorf("lines %q, events %v, shown %q", lines, events, shown)
	}
}

// A line past maxLine keeps its head and says it was cut, and the next
// line is whole.
func TestLongLineIsCut(t *testing.T) {
	var out strings.Builder
	r := newLineReader(context.Background(), strings.NewReader(strings.Repeat("a", maxLine+10)+"\nnext\n"), false, &printer{w: &out})
	line, cut, _ := r.read(context.Background())
	if len(line) != maxLine || !cut {
		t.Errorf("a long line came back as %d bytes, cut %v", len(line), cut)
	}
	if line, cut, _ := r.read(context.Background()); line != "next" || cut {
		t.Errorf("the line after it: %q, cut %v", line, cut)
	}
	// Cut inside a character, it drops the character, not its last bytes.
	for _, echo := range []bool{true, false} {
		long := "a" + strings.Repeat("日", maxLine/3+1) + "\n"
		if (maxLine-1)%3 == 0 {
			long = "ab" + long[1:]
		}
		r := newLineReader(context.Background(), strings.NewReader(long), echo, &printer{w: &out})
		if line, cut, _ := r.read(context.Background()); !utf8.ValidString(line) || len(line) < maxLine-2 || !cut {
			t.Errorf("echo %v: a long line of 日 came back as %d bytes, valid %v, cut %v", echo, len(line), utf8.ValidString(line), cut)
		}
	}
}
