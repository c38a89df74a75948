package server

import (
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// agentRequest asks the server to forward the client's SSH agent.
// charmbracelet/ssh says yes to it and forwards nothing; nothing here would
// use an agent, so the answer is no.
const agentRequest = "auth-agent-req@openssh.com"

// refuseAgent answers agent forwarding requests no before the library sees
// them. (When the session's request filter lands, this is one case of it.)
func refuseAgent(next ssh.ChannelHandler) ssh.ChannelHandler {
	return func(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
		next(srv, conn, noAgentChannel{newChan}, ctx)
	}
}

type noAgentChannel struct{ gossh.NewChannel }

func (n noAgentChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := n.NewChannel.Accept()
	if err != nil {
		return nil, nil, err
	}
	passed := make(chan *gossh.Request)
	go func() {
		defer close(passed)
		for req := range reqs {
			if req.Type == agentRequest {
				req.Reply(false, nil)
				continue
			}
			passed <- req
		}
	}()
	return ch, passed, nil
}
