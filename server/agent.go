package server

// agentRequest asks the server to forward the client's SSH agent.
// charmbracelet/ssh says yes to it and forwards nothing; nothing here would
// use an agent, so the session's request filter answers no.
const agentRequest = "auth-agent-req@openssh.com"
