package tui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// Bubble Tea's own renderer redraws on a 60-per-second ticker in every
// program, idle or not; with thousands of idle readers that clock is most of
// the server's CPU. A Session instead draws a frame when the model changes:
// at once if the last frame is older than frameInterval, else once at the end
// of that interval, so bursts (a resize storm, a held key) still coalesce and
// an idle reader costs nothing.
const frameInterval = time.Second / 60

// Terminal modes a session turns on, and off again when it ends.
const (
	enterScreen = "\x1b[?1049h" + // alternate screen
		"\x1b[?25l" + // hide the cursor
		"\x1b[?1000h\x1b[?1006h" + // mouse buttons and wheel, SGR encoded
		"\x1b[?2004h" + // bracketed paste
		"\x1b[2J"
	leaveScreen = "\x1b[?2004l\x1b[?1006l\x1b[?1000l\x1b[?25h\x1b[?1049l"
)

// Session runs one reader's model on a remote terminal.
type Session struct {
	program *tea.Program
	screen  *frameWriter
}

// NewSession prepares model for a terminal of width × height whose keys come
// from in and whose screen is out. It ends when the model quits or ctx ends.
func NewSession(ctx context.Context, model tea.Model, in io.Reader, out io.Writer, width, height int) *Session {
	fw := &frameWriter{out: out, width: width, height: height}
	p := tea.NewProgram(screenModel{model: model, screen: fw},
		tea.WithContext(ctx),
		tea.WithInput(in),
		tea.WithOutput(io.Discard),
		tea.WithoutRenderer(),
		tea.WithoutSignalHandler(),
	)
	return &Session{program: p, screen: fw}
}

// Run shows the model until it quits, then gives the terminal back as it was.
func (s *Session) Run() error {
	s.screen.open()
	defer s.screen.close()
	_, err := s.program.Run()
	return err
}

// Send delivers a message (a window size, a notice) to the model.
func (s *Session) Send(msg tea.Msg) { s.program.Send(msg) }

// screenModel wraps the reader's model so that every View is drawn by the
// session's frame writer; Bubble Tea's renderer is off.
type screenModel struct {
	model  tea.Model
	screen *frameWriter
}

func (s screenModel) Init() tea.Cmd { return s.model.Init() }

func (s screenModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if size, ok := msg.(tea.WindowSizeMsg); ok {
		s.screen.resize(size.Width, size.Height)
	}
	var cmd tea.Cmd
	s.model, cmd = s.model.Update(msg)
	return s, cmd
}

func (s screenModel) View() string {
	s.screen.draw(s.model.View())
	return ""
}

// frameWriter keeps what is on the remote screen and writes only the lines
// that change.
type frameWriter struct {
	mu        sync.Mutex
	out       io.Writer
	width     int
	height    int
	shown     []string // lines on the screen now
	next      string   // the newest frame
	pending   bool     // next is not on the screen yet
	scheduled bool     // a flush is set for the end of the frame interval
	lastFlush time.Time
	closed    bool
}

func (f *frameWriter) open() {
	f.mu.Lock()
	defer f.mu.Unlock()
	io.WriteString(f.out, enterScreen)
}

// close stops drawing and restores the terminal's modes.
func (f *frameWriter) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	io.WriteString(f.out, leaveScreen)
}

func (f *frameWriter) resize(width, height int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.width, f.height = width, height
	f.shown, f.next = nil, "" // the terminal may have reflowed: repaint everything
	io.WriteString(f.out, "\x1b[2J")
}

func (f *frameWriter) draw(frame string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if frame == f.next {
		return // Bubble Tea asks for a view after every message, changed or not
	}
	f.next, f.pending = frame, true
	if f.scheduled {
		return
	}
	if wait := frameInterval - time.Since(f.lastFlush); wait > 0 {
		f.scheduled = true
		time.AfterFunc(wait, f.scheduledFlush)
		return
	}
	f.flush()
}

func (f *frameWriter) scheduledFlush() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scheduled = false
	f.flush()
}

// flush writes the lines of the newest frame that differ from the screen,
// each cut to the width so that nothing wraps.
func (f *frameWriter) flush() {
	if !f.pending || f.closed {
		return
	}
	f.pending = false
	f.lastFlush = time.Now()
	lines := strings.Split(f.next, "\n")
	if f.height > 0 && len(lines) > f.height {
		lines = lines[:f.height]
	}
	var buf bytes.Buffer
	for i, line := range lines {
		if i < len(f.shown) && f.shown[i] == line {
			continue
		}
		buf.WriteString(ansi.CursorPosition(1, i+1))
		buf.WriteString(ansi.Truncate(line, f.width, ""))
		buf.WriteString(ansi.ResetStyle + ansi.EraseLineRight)
	}
	if len(f.shown) > len(lines) {
		buf.WriteString(ansi.CursorPosition(1, len(lines)+1) + ansi.EraseScreenBelow)
	}
	f.shown = lines
	if buf.Len() > 0 {
		f.out.Write(buf.Bytes())
	}
}
