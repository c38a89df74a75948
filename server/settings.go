package server

import (
	"context"

	"github.com/charmbracelet/ssh"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/tui"
)

// settingsOf are the reader's preferences: their identity's, or the
// defaults (a keyless reader, no accounts, or a store that fails to say).
func (s *Server) settingsOf(ctx context.Context, sess ssh.Session, v blog.Viewer) posts.Settings {
	if s.cfg.Accounts == nil {
		return posts.DefaultSettings
	}
	st, err := s.cfg.Accounts.Settings(ctx, v)
	if err != nil {
		s.cfg.Log.Warn("loading settings", "session", sessionID(sess), "err", err)
		return posts.DefaultSettings
	}
	return st
}

// themed is look with the reader's chosen theme over what the terminal
// answered. High contrast is kept in the settings for the reader's palette
// to take up; until then it draws as the terminal asked.
func themed(look tui.Look, theme string) tui.Look {
	switch theme {
	case "dark":
		look.Dark, look.Unknown = true, false
	case "light":
		look.Dark, look.Unknown = false, false
	}
	return look
}
