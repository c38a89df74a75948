package tui

import (
	"github.com/alecthomas/chroma/v2"
	chromastyles "github.com/alecthomas/chroma/v2/styles"
	glamouransi "github.com/charmbracelet/glamour/ansi"
	glamourstyles "github.com/charmbracelet/glamour/styles"
	"github.com/muesli/termenv"
)

// Glamour's own styles fail on a light background twice over: their code
// colours measure 1.5–2.8:1 on white, and glamour registers its chroma theme
// under one global name the first time any code block is drawn, so every
// later reader gets the code colours of whichever background came first.
// Posts are drawn instead with glamour's layout and this palette's colours,
// and code with a chroma theme of our own for each palette, registered once
// here and named in the style.

// markdownStyles are the glamour styles by palette name, made at start.
var markdownStyles = func() map[string]glamouransi.StyleConfig {
	m := map[string]glamouransi.StyleConfig{}
	for _, p := range palettes {
		m[p.name] = markdownStyle(p)
	}
	return m
}()

// markdownStyleFor is the glamour style for a terminal's look.
func markdownStyleFor(look Look) glamouransi.StyleConfig {
	return markdownStyles[paletteFor(look).name]
}

// chromaFormatterFor names the chroma formatter that emits the look's kind
// of colour: glamour's default always emits 256-colour codes.
func chromaFormatterFor(look Look) string {
	switch look.Profile {
	case termenv.TrueColor:
		return "terminal16m"
	case termenv.ANSI:
		return "terminal16"
	}
	return "terminal256"
}

// markdownStyle is glamour's dark layout (margins, prefixes, list bullets)
// with every colour taken from p, as xterm colour numbers, and code
// highlighted by a chroma theme made from p and registered under p's name.
func markdownStyle(p palette) glamouransi.StyleConfig {
	theme := p.name
	s := glamourstyles.DarkStyleConfig
	colour := func(hex string) *string {
		if hex == "" {
			return nil
		}
		index := xtermIndex(hex) // else glamour quantises with termenv
		return &index
	}
	s.Document.Color = colour(p.text)
	s.Heading.Color = colour(p.accent)
	s.H1.Color, s.H1.BackgroundColor = colour(p.onAccent), colour(p.accent)
	s.H6.Color = colour(p.subtle)
	s.HorizontalRule.Color = colour(p.subtle)
	s.Link.Color = colour(p.link)
	s.LinkText.Color = colour(p.link)
	s.Image.Color = colour(p.link)
	s.ImageText.Color = colour(p.subtle)
	s.Code.Color, s.Code.BackgroundColor = colour(p.inline), colour(p.inlineBg)
	s.CodeBlock.Color = colour(p.text)
	s.CodeBlock.Chroma = nil
	s.CodeBlock.Theme = theme
	yes := true
	s.LinkText.Underline = &yes // a link must show as one in any colours, or none
	if p.accent == "" {
		// No colours: attributes alone mark what colours would.
		s.H1.Inverse = &yes
		s.Code.Prefix, s.Code.Suffix = "`", "`"
	}
	chromastyles.Register(chroma.MustNewStyle(theme, chromaEntries(p)))
	return narrowParagraphs(s)
}

// chromaEntries colours code by kind of token. Identifiers, operators and
// punctuation keep the text colour; an empty entry inherits it.
func chromaEntries(p palette) chroma.StyleEntries {
	fg := func(hex string, extra ...string) string {
		s := hex
		for _, e := range extra {
			if s != "" {
				s += " "
			}
			s += e
		}
		return s
	}
	keyword := fg(p.link)
	if p.accent == "" {
		keyword = "bold" // no colours: keywords in bold, comments in italic
	}
	return chroma.StyleEntries{
		chroma.Text:                fg(p.text),
		chroma.Error:               fg(p.warn),
		chroma.Comment:             fg(p.subtle, "italic"),
		chroma.CommentPreproc:      fg(p.warn),
		chroma.Keyword:             keyword,
		chroma.KeywordType:         fg(p.accent),
		chroma.Operator:            fg(p.text),
		chroma.Punctuation:         fg(p.text),
		chroma.Name:                fg(p.text),
		chroma.NameBuiltin:         fg(p.number),
		chroma.NameTag:             fg(p.accent),
		chroma.NameAttribute:       fg(p.str),
		chroma.NameClass:           fg(p.accent, "bold"),
		chroma.NameDecorator:       fg(p.warn),
		chroma.NameFunction:        fg(p.accent),
		chroma.Literal:             fg(p.str),
		chroma.LiteralNumber:       fg(p.number),
		chroma.LiteralString:       fg(p.str),
		chroma.LiteralStringEscape: fg(p.number),
		chroma.GenericDeleted:      fg(p.warn),
		chroma.GenericEmph:         "italic",
		chroma.GenericInserted:     fg(p.str),
		chroma.GenericStrong:       "bold",
		chroma.GenericSubheading:   fg(p.subtle),
		chroma.Background:          "",
	}
}
