package tui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/tui/wholerunes"
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
	ctx     context.Context
	program *tea.Program
	screen  *frameWriter
	size    atomic.Uint64 // the newest window size, width<<32 | height
	resized atomic.Bool   // a resize is on its way to the model
	panics  panicTrap
	live    *blog.Listener // see Follow
}

// NewSession prepares model for a terminal of width × height whose keys come
// from in and whose screen is out. It ends when the model quits or ctx ends.
func NewSession(ctx context.Context, model tea.Model, in io.Reader, out io.Writer, width, height int) *Session {
	width, height = clampSize(width, height)
	fw := &frameWriter{out: out, width: width, height: height}
	p := tea.NewProgram(screenModel{model: model, screen: fw},
		tea.WithContext(ctx),
		tea.WithInput(wholerunes.New(in)),
		tea.WithOutput(io.Discard),
		tea.WithoutRenderer(),
		tea.WithoutSignalHandler(),
		tea.WithoutCatchPanics(), // the session's panicTrap catches them
	)
	s := &Session{program: p, screen: fw, ctx: ctx}
	s.panics.kill = p.Kill
	fw.session = s
	return s
}

// Run shows the model until it quits, then gives the terminal back as it was.
func (s *Session) Run() error {
	s.screen.open()
	defer s.screen.close()
	if s.live != nil {
		defer followLive(s.live, s.program.Send)()
	}
	_, err := s.program.Run()
	if p := s.panics.first.Load(); p != nil {
		return p
	}
	return err
}

// Resize tells the reader its window changed. It never waits for the reader:
// a reader that is busy, or stuck writing to a terminal that stopped reading,
// gets the newest size when it is free. The SSH connection hands window
// changes over one at a time, so waiting here would stop it reading anything
// else, even the close that ends a stuck write.
func (s *Session) Resize(width, height int) {
	width, height = clampSize(width, height)
	s.size.Store(uint64(width)<<32 | uint64(height))
	if s.resized.CompareAndSwap(false, true) {
		go s.program.Send(resizedMsg{})
	}
}

// resizedMsg wakes the model to read the newest window size.
type resizedMsg struct{}

// newestSize takes the size Resize stored and lets the next Resize wake the
// model again.
func (s *Session) newestSize() tea.WindowSizeMsg {
	s.resized.Store(false)
	size := s.size.Load()
	return tea.WindowSizeMsg{Width: int(size >> 32), Height: int(size & (1<<32 - 1))}
}

// OnStall sets what drops the session when its terminal stops taking output:
// drop runs, once, when a write has been blocked for limit (a client that
// stopped reading fills the SSH window, then the TCP connection, and would
// block it for ever). Dropping must end the blocked write, as closing the
// connection does. Call it before Run.
func (s *Session) OnStall(limit time.Duration, drop func()) {
	s.screen.stallLimit, s.screen.drop = limit, sync.OnceFunc(drop)
	context.AfterFunc(s.ctx, s.screen.hurry)
}

// OnFrame sets what hears of each frame just before it is written, for the
// metrics: keyAt is when the model took the oldest key press the frame
// answers, zero when it answers none (the first frame, a live change). It
// runs with the frame writer's lock held, so it must be quick. Call it
// before Run.
func (s *Session) OnFrame(fn func(keyAt time.Time)) { s.screen.onFrame = fn }

// screenModel wraps the reader's model so that every View is drawn by the
// session's frame writer; Bubble Tea's renderer is off.
type screenModel struct {
	model  tea.Model
	screen *frameWriter
}

func (s screenModel) Init() tea.Cmd {
	panics := &s.screen.session.panics
	defer panics.catch()
	return panics.guard(s.model.Init())
}

func (s screenModel) Update(msg tea.Msg) (next tea.Model, cmd tea.Cmd) {
	next = s // what Bubble Tea keeps if the model panics
	panics := &s.screen.session.panics
	if panics.tripped() {
		return s, nil // the program is ending; the model is in no state to go on
	}
	defer panics.catch()
	if _, ok := msg.(tea.KeyMsg); ok {
		s.screen.keyPressed()
	}
	if _, ok := msg.(resizedMsg); ok {
		msg = s.screen.session.newestSize()
	}
	switch m := msg.(type) {
	case clipboardMsg:
		s.screen.send(clipboardSequence(m.text))
		return s, nil
	case bellMsg:
		s.screen.send("\a")
		return s, nil
	}
	if size, ok := msg.(tea.WindowSizeMsg); ok {
		size.Width, size.Height = clampSize(size.Width, size.Height)
		s.screen.resize(size.Width, size.Height)
		msg = size
	}
	s.model, cmd = s.model.Update(msg)
	return s, panics.guard(cmd)
}

func (s screenModel) View() string {
	panics := &s.screen.session.panics
	if panics.tripped() {
		return ""
	}
	defer panics.catch()
	s.screen.draw(s.model.View())
	return ""
}

// frameWriter keeps what is on the remote screen and writes only the lines
// that change.
type frameWriter struct {
	session   *Session // for the newest window size
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
	preamble  string // written before the next frame

	// A write blocked for stallLimit drops the session; see OnStall. Every
	// write is made under mu, so a blocked one holds up only this session.
	stallLimit time.Duration
	drop       func()
	watchdog   *time.Timer
	writing    atomic.Bool // a write is under way
	ending     atomic.Bool // the session is ending: a blocked write gets less time
	failed     bool        // a write failed: the terminal is gone

	onFrame func(keyAt time.Time) // see OnFrame
	keyAt   time.Time             // the oldest key press no frame has answered yet
}

// closingStall is how long a write may block once the session is ending (the
// reader quit, the client left, the server is shutting down): a terminal
// that has stopped reading must not hold up a shutdown.
const closingStall = time.Second

// open sets the terminal's modes with the first frame: one write fewer for
// every session.
func (f *frameWriter) open() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.preamble = enterScreen
}

// close stops drawing and restores the terminal's modes.
func (f *frameWriter) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	f.ending.Store(true)
	f.write([]byte(leaveScreen))
}

// send writes a sequence of ours that is no part of a frame (OSC 52, the
// bell).
func (f *frameWriter) send(seq string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.closed {
		f.write([]byte(seq))
	}
}

func (f *frameWriter) resize(width, height int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.width, f.height = width, height
	f.shown, f.next = nil, "" // the terminal may have reflowed: repaint everything
	f.write([]byte("\x1b[2J"))
}

// bellMsg asks the screen to ring the terminal's bell, the one control
// character a reader may ask for (in the profile's settings).
type bellMsg struct{}

// write sends b to the terminal under the stall watchdog. The caller holds mu.
func (f *frameWriter) write(b []byte) {
	if f.failed {
		return
	}
	if f.drop != nil {
		limit := f.stallLimit
		if f.ending.Load() {
			limit = min(limit, closingStall)
		}
		if f.watchdog == nil {
			f.watchdog = time.AfterFunc(limit, f.drop)
		} else {
			f.watchdog.Reset(limit)
		}
		f.writing.Store(true)
		defer func() {
			f.writing.Store(false)
			f.watchdog.Stop()
		}()
	}
	if _, err := f.out.Write(b); err != nil {
		f.failed = true
	}
}

// hurry runs when the session's context ends: a write blocked now gets only
// closingStall more. It must not take mu, which the blocked write holds.
func (f *frameWriter) hurry() {
	f.ending.Store(true)
	if f.writing.Load() {
		time.AfterFunc(closingStall, func() {
			if f.writing.Load() {
				f.drop()
			}
		})
	}
}

// keyPressed notes when the model took a key press, for OnFrame.
func (f *frameWriter) keyPressed() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.onFrame != nil && f.keyAt.IsZero() {
		f.keyAt = time.Now()
	}
}

func (f *frameWriter) draw(frame string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if frame == f.next {
		if !f.pending {
			f.keyAt = time.Time{} // a key that changed nothing: no frame answers it
		}
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
	buf.WriteString(f.preamble)
	f.preamble = ""
	for i, line := range lines {
		if i < len(f.shown) && f.shown[i] == line {
			continue
		}
		buf.WriteString(ansi.CursorPosition(1, i+1))
		buf.WriteString(ansi.Truncate(noTabs(line), f.width, ""))
		buf.WriteString(ansi.ResetStyle + ansi.EraseLineRight)
	}
	if len(f.shown) > len(lines) {
		buf.WriteString(ansi.CursorPosition(1, len(lines)+1) + ansi.EraseScreenBelow)
	}
	f.shown = lines
	if buf.Len() > 0 {
		if f.onFrame != nil {
			f.onFrame(f.keyAt)
			f.keyAt = time.Time{}
		}
		f.write(buf.Bytes())
	}
}

// maxSide bounds the terminal size a session draws for. A client may claim
// any size up to 2³²−1 cells a side, and frames are as tall as the window:
// larger terminals are drawn in their top-left 1000 × 1000 cells.
const maxSide = 1000

func clampSize(width, height int) (int, int) {
	return min(max(width, 0), maxSide), min(max(height, 0), maxSide)
}
