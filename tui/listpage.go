package tui

import "github.com/sshblog/sshblog/posts"

// listPageHead is the top of a page listing what it loads (the inbox, the
// moderation log): its title, then "Loading…", why the list could not be
// loaded, or what the page says while it is empty.
func listPageHead(st *styles, title string, text int, loaded bool, err error, n int, what, empty string) []string {
	lines := []string{"", st.postTitle.Render(fit(title, text)), ""}
	switch {
	case !loaded:
		lines = append(lines, st.meta.Render("Loading…"))
	case err != nil:
		lines = append(lines, st.errorText.Render(fit("Could not load "+what+": "+posts.Message(err), text)))
	case n == 0:
		lines = append(lines, st.meta.Render(fit(empty, text)))
	}
	return lines
}

// selectionBar starts a listed line: the bar on the selected one.
func selectionBar(st *styles, selected bool) string {
	if selected {
		return st.selBar.Render("▌") + " "
	}
	return "  "
}
