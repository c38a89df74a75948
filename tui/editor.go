package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/tui/wordwrap"
)

// editor is the composer's text box. It keeps the cursor between grapheme
// clusters and measures them as the rest of the reader does (x/ansi): a
// family emoji, a thumb with its skin tone or a letter with its accents
// is one step of the cursor, one backspace and as many cells as it shows.
// Bubbles' textarea steps by rune, so it put the cursor inside such
// characters, and the line drawn after it out of place.
type editor struct {
	lines []string // the text, line by line
	row   int      // the cursor's line
	at    int      // the cursor's byte offset in it, at a grapheme boundary
	goal  int      // the cell column up and down aim for; -1 the cursor's own
	width int      // cells for text on a row, after the prompt
	rows  int      // rows shown
	top   int      // the first row shown

	wrapped      []wrappedLine // each line's rows at wrappedWidth (layout)
	wrappedWidth int

	prompt      string
	placeholder string
	promptStyle lipgloss.Style
	faint       lipgloss.Style
	cursor      lipgloss.Style
}

func newEditor(st *styles, prompt, placeholder string) *editor {
	e := &editor{lines: []string{""}, goal: -1, prompt: prompt, placeholder: placeholder}
	e.restyle(st)
	return e
}

// restyle draws the box in st from now on: the reader changed theme.
func (e *editor) restyle(st *styles) {
	e.promptStyle, e.faint, e.cursor = st.selBar, st.faint, st.plain.Reverse(true)
}

// Value is the text.
func (e *editor) Value() string { return strings.Join(e.lines, "\n") }

// SetValue replaces the text and puts the cursor at its end.
func (e *editor) SetValue(s string) {
	e.lines = strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	e.row = len(e.lines) - 1
	e.at, e.goal = len(e.lines[e.row]), -1
}

// setSize sets the box to width cells, prompt included, and rows high.
func (e *editor) setSize(width, rows int) {
	e.width, e.rows = max(width-ansi.StringWidth(e.prompt), 1), max(rows, 1)
}

// graphemes are a line's clusters with their widths.
func graphemes(line string) (clusters []string, widths []int) {
	for line != "" {
		g, w := ansi.FirstGraphemeCluster(line, ansi.GraphemeWidth)
		clusters, widths = append(clusters, g), append(widths, w)
		line = line[len(g):]
	}
	return clusters, widths
}

// boundary is the grapheme boundary at or after byte offset at in line.
func boundary(line string, at int) int {
	end := 0
	for end < at {
		g, _ := ansi.FirstGraphemeCluster(line[end:], ansi.GraphemeWidth)
		end += len(g)
	}
	return end
}

// before is the boundary of the grapheme that ends at at.
func before(line string, at int) int {
	start := 0
	for start < at {
		g, _ := ansi.FirstGraphemeCluster(line[start:], ansi.GraphemeWidth)
		if start+len(g) >= at {
			return start
		}
		start += len(g)
	}
	return 0
}

// Update edits the text by one key.
func (e *editor) Update(msg tea.KeyMsg) {
	line := e.lines[e.row]
	keepGoal := false
	switch msg.String() {
	case "left", "ctrl+b":
		if e.at > 0 {
			e.at = before(line, e.at)
		} else if e.row > 0 {
			e.row--
			e.at = len(e.lines[e.row])
		}
	case "right", "ctrl+f":
		if e.at < len(line) {
			e.at = boundary(line, e.at+1)
		} else if e.row < len(e.lines)-1 {
			e.row, e.at = e.row+1, 0
		}
	case "alt+left", "alt+b":
		e.at = wordStart(line, e.at)
	case "alt+right", "alt+f":
		e.at = wordEnd(line, e.at)
	case "up", "ctrl+p":
		e.vertical(-1)
		keepGoal = true
	case "down", "ctrl+n":
		e.vertical(1)
		keepGoal = true
	case "home", "ctrl+a":
		e.at = 0
	case "end", "ctrl+e":
		e.at = len(line)
	case "alt+<", "ctrl+home":
		e.row, e.at = 0, 0
	case "alt+>", "ctrl+end":
		e.row = len(e.lines) - 1
		e.at = len(e.lines[e.row])
	case "backspace", "ctrl+h":
		switch {
		case e.at > 0:
			from := before(line, e.at)
			e.lines[e.row], e.at = line[:from]+line[e.at:], from
		case e.row > 0:
			prev := e.lines[e.row-1]
			e.lines = append(e.lines[:e.row-1], append([]string{prev + line}, e.lines[e.row+1:]...)...)
			e.row--
			e.at = boundary(e.lines[e.row], len(prev))
		}
	case "delete", "ctrl+d":
		switch {
		case e.at < len(line):
			e.lines[e.row] = line[:e.at] + line[boundary(line, e.at+1):]
		case e.row < len(e.lines)-1:
			e.lines[e.row] = line + e.lines[e.row+1]
			e.lines = append(e.lines[:e.row+1], e.lines[e.row+2:]...)
		}
	case "alt+backspace", "ctrl+w":
		from := wordStart(line, e.at)
		e.lines[e.row], e.at = line[:from]+line[e.at:], from
	case "alt+d", "alt+delete":
		to := wordEnd(line, e.at)
		e.lines[e.row] = line[:e.at] + line[to:]
	case "ctrl+k":
		e.lines[e.row] = line[:e.at]
	case "ctrl+u":
		e.lines[e.row], e.at = line[e.at:], 0
	case "enter", "ctrl+m", "ctrl+j":
		e.insert("\n")
	default:
		switch msg.Type {
		case tea.KeyRunes, tea.KeySpace:
			// A tab would move the terminal's cursor by its own rule; comments
			// draw one as four spaces anyway.
			e.insert(strings.ReplaceAll(string(msg.Runes), "\t", "    "))
		}
	}
	if !keepGoal {
		e.goal = -1
	}
	e.scroll()
}

// insert puts s at the cursor; a combining mark typed after a letter joins
// it, and the cursor stays after the whole character.
func (e *editor) insert(s string) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	line := e.lines[e.row]
	parts := strings.Split(line[:e.at]+s, "\n")
	rest := line[e.at:]
	last := parts[len(parts)-1]
	parts[len(parts)-1] = last + rest
	e.lines = append(e.lines[:e.row], append(parts, e.lines[e.row+1:]...)...)
	e.row += len(parts) - 1
	e.at = boundary(e.lines[e.row], len(last))
}

// wordStart is where the word before at starts, past spaces.
func wordStart(line string, at int) int {
	for at > 0 && line[at-1] == ' ' {
		at = before(line, at)
	}
	for at > 0 && line[before(line, at)] != ' ' {
		at = before(line, at)
	}
	return at
}

// wordEnd is where the word after at ends, past spaces.
func wordEnd(line string, at int) int {
	for at < len(line) && line[at] == ' ' {
		at = boundary(line, at+1)
	}
	for at < len(line) && line[at] != ' ' {
		at = boundary(line, at+1)
	}
	return at
}

// visualRow is one row of a wrapped line: its byte range.
type visualRow struct{ from, to int }

// wrappedLine is a line of the text with its rows.
type wrappedLine struct {
	text string
	rows []visualRow
}

// layout is every line with its rows. Lines are wrapped again only where
// the text or the width changed since the last call: a key press re-wraps
// the line it edits (and those it splits or joins), and a frame none.
func (e *editor) layout() []wrappedLine {
	if e.wrappedWidth != e.width {
		e.wrapped, e.wrappedWidth = nil, e.width
	}
	old := e.wrapped
	same := 0 // lines unchanged at the start
	for same < len(old) && same < len(e.lines) && old[same].text == e.lines[same] {
		same++
	}
	if same == len(old) && same == len(e.lines) {
		return old
	}
	tail := 0 // and at the end
	for tail < len(old)-same && tail < len(e.lines)-same && old[len(old)-1-tail].text == e.lines[len(e.lines)-1-tail] {
		tail++
	}
	changed := e.lines[same : len(e.lines)-tail]
	wrapped := make([]wrappedLine, 0, len(e.lines))
	wrapped = append(wrapped, old[:same]...)
	for _, line := range changed {
		wrapped = append(wrapped, wrappedLine{text: line, rows: e.wrapRows(line)})
	}
	e.wrapped = append(wrapped, old[len(old)-tail:]...)
	return e.wrapped
}

// wrapRows wraps line to the width: at the row's last place a line may
// break (after a space, or between wide characters as wordwrap breaks
// them), else between graphemes; a wide character is never split.
func (e *editor) wrapRows(line string) []visualRow {
	clusters, widths := graphemes(line)
	var rows []visualRow
	from, cells := 0, 0
	brk, brkCells := -1, 0 // the row's last place to break, and the cells before it
	pos := 0
	for i, g := range clusters {
		if i > 0 && (clusters[i-1] == " " || wordwrap.MayBreak(clusters[i-1], widths[i-1], g, widths[i])) {
			brk, brkCells = pos, cells
		}
		if cells+widths[i] > e.width && pos > from {
			// Break at pos unless an earlier place leaves what follows it, and
			// g, room on the next row.
			cut, kept := pos, 0
			if g != " " && brk > from && cells-brkCells+widths[i] <= e.width {
				cut, kept = brk, cells-brkCells
			}
			rows = append(rows, visualRow{from, cut})
			from, cells = cut, kept
		}
		cells += widths[i]
		pos += len(g)
	}
	return append(rows, visualRow{from, len(line)})
}

// cursorRow finds the cursor in the wrapped text: its row counted over
// every line and its cell column. A cursor at the end of a full row is
// drawn at the start of the next.
func (e *editor) cursorRow() (row, col int) {
	layout := e.layout()
	for _, w := range layout[:e.row] {
		row += len(w.rows)
	}
	line := e.lines[e.row]
	wrapped := layout[e.row].rows
	for i, r := range wrapped {
		if e.at <= r.to && (e.at < r.to || i == len(wrapped)-1) {
			col = ansi.StringWidth(line[r.from:e.at])
			if col >= e.width {
				return row + i + 1, 0
			}
			return row + i, col
		}
	}
	return row, 0
}

// vertical moves the cursor delta rows, keeping to its cell column.
func (e *editor) vertical(delta int) {
	row, col := e.cursorRow()
	if e.goal < 0 {
		e.goal = col
	}
	target := row + delta
	if target < 0 {
		e.at = 0
		return
	}
	n := 0
	for l, w := range e.layout() {
		for _, r := range w.rows {
			if n == target {
				e.row, e.at = l, atColumn(w.text, r, e.goal)
				return
			}
			n++
		}
	}
	e.row = len(e.lines) - 1
	e.at = len(e.lines[e.row])
}

// atColumn is the boundary in row r of line nearest to cell col, not past it.
func atColumn(line string, r visualRow, col int) int {
	at, cells := r.from, 0
	for at < r.to {
		g, w := ansi.FirstGraphemeCluster(line[at:r.to], ansi.GraphemeWidth)
		if cells+w > col {
			break
		}
		at, cells = at+len(g), cells+w
	}
	if at == r.to && r.to < len(line) && at > r.from {
		at = before(line, at) // not past the row's end onto the next row
	}
	return at
}

// scroll keeps the cursor's row on screen.
func (e *editor) scroll() {
	row, _ := e.cursorRow()
	e.top = min(max(e.top, row-e.rows+1), row)
}

// View draws the rows shown, each the prompt and width cells, with the
// cursor in reverse video.
func (e *editor) View() string {
	var rows []string
	if len(e.lines) == 1 && e.lines[0] == "" { // empty, without joining the text each frame
		if e.top == 0 {
			hint := fit(e.placeholder, e.width)
			first, _ := ansi.FirstGraphemeCluster(hint, ansi.GraphemeWidth)
			rows = append(rows, e.cursor.Render(first)+e.faint.Render(hint[len(first):])+pad(e.width-ansi.StringWidth(hint)))
		}
	} else {
		rows = e.shownRows()
	}
	for len(rows) < e.rows {
		rows = append(rows, pad(e.width))
	}
	prompt := e.promptStyle.Render(e.prompt)
	for i, r := range rows {
		rows[i] = prompt + r
	}
	return strings.Join(rows, "\n")
}

// shownRows draws the rows of the text from top, as many as are shown.
func (e *editor) shownRows() []string {
	rows := make([]string, 0, e.rows)
	curRow, curCol := e.cursorRow()
	n, end := 0, e.top+e.rows // n counts the rows of the text
	for l, w := range e.layout() {
		line := w.text
		for _, r := range w.rows {
			row := n
			n++
			switch {
			case row >= end:
				return rows
			case row < e.top:
				continue
			}
			text := strings.TrimRight(line[r.from:r.to], " ")
			if len(text) < r.to-r.from && ansi.StringWidth(line[r.from:r.to]) <= e.width {
				text = line[r.from:r.to]
			}
			if row == curRow && l == e.row && e.at >= r.from && e.at <= r.to && curCol < e.width && !(e.at == r.to && ansi.StringWidth(line[r.from:r.to]) >= e.width) {
				rows = append(rows, e.withCursor(line[r.from:r.to], e.at-r.from))
				continue
			}
			rows = append(rows, text+pad(e.width-ansi.StringWidth(text)))
		}
	}
	if curRow == n && n >= e.top && n < end { // the cursor after a full last row, if shown
		rows = append(rows, e.cursor.Render(" ")+pad(e.width-1))
	}
	return rows
}

// withCursor draws a row with the cursor on the grapheme at byte at.
func (e *editor) withCursor(text string, at int) string {
	under, w := " ", 1
	if at < len(text) {
		under, w = ansi.FirstGraphemeCluster(text[at:], ansi.GraphemeWidth)
	}
	rest := ""
	if at+len(under) <= len(text) && at < len(text) {
		rest = text[at+len(under):]
	}
	used := ansi.StringWidth(text[:at]) + max(w, 1) + ansi.StringWidth(rest)
	return text[:at] + e.cursor.Render(under) + rest + pad(e.width-used)
}

func pad(n int) string { return strings.Repeat(" ", max(n, 0)) }
