#!/bin/sh
# compare.sh: the same readers against sshblog serve and against what an
# operator would run without wish, OpenSSH's sshd with ForceCommand starting
# `sshblog tui` per connection, on the same data, side by side.
#
#   cmd/sshblog-load/compare.sh            # 1000 readers at 100/s
#   N=200 RATE=50 HOLD=10s cmd/sshblog-load/compare.sh
#
# Everything listens on 127.0.0.1 only. The sshd is a private one: its own
# config, host key, port and pid file in a temporary directory; the system's
# sshd is never started or touched. sshd's readers log in as a throwaway
# system user (READER_USER, made for the run and removed after it). If
# Debian's openssh-server is missing it is installed with apt-get, with
# services kept from starting.
set -eu

case "${1:-}" in
-h | --help)
	sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 0
	;;
esac

N=${N:-1000}
RATE=${RATE:-100}
HOLD=${HOLD:-30s}
KEYS=${KEYS:-200}
SSHBLOG_PORT=${SSHBLOG_PORT:-23401}
DEBUG_PORT=${DEBUG_PORT:-23402}
SSHD_PORT=${SSHD_PORT:-23403}
OUT=${OUT:-}
READER_USER=${READER_USER:-sshblog-compare}

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sshblog-compare.XXXXXX")
[ -n "$OUT" ] || OUT=$work
mkdir -p "$OUT"
pids=""
made_user=""
cleanup() {
	for pid in $pids; do kill "$pid" 2>/dev/null || true; done
	sleep 1
	[ -z "$made_user" ] || userdel "$READER_USER" 2>/dev/null || true
	rm -rf "$work/data" "$work"/*.key "$work"/ssh_host_* "$work/sshblog" "$work/sshblog-load"
}
trap cleanup EXIT INT TERM

say() { printf '%s\n' "compare.sh: $*" >&2; }

# A private sshd needs the server package; install it without letting its
# service start (policy-rc.d says no to every start while it installs).
if [ ! -x /usr/sbin/sshd ]; then
	say "installing openssh-server (its service is kept from starting)"
	guard=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
		chmod +x /usr/sbin/policy-rc.d
		guard=1
	fi
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server > /dev/null
	[ -z "$guard" ] || rm -f /usr/sbin/policy-rc.d
fi
# sshd insists on its privilege separation directory.
[ -d /run/sshd ] || mkdir -p -m 0755 /run/sshd

say "building into $work"
(cd "$repo" && go build -o "$work/sshblog" ./cmd/sshblog && go build -o "$work/sshblog-load" ./cmd/sshblog-load)
ulimit -n "$(ulimit -Hn)"

# One key for every reader of both servers.
ssh-keygen -q -t ed25519 -N '' -f "$work/reader.key"
ssh-keygen -q -t ed25519 -N '' -f "$work/ssh_host_ed25519_key"

# sshblog serve, with the per-address caps off: every reader comes from
# 127.0.0.1. It makes the data dir and loads the sample blog.
"$work/sshblog" serve --data-dir "$work/data" --listen "127.0.0.1:$SSHBLOG_PORT" \
	--debug-listen "127.0.0.1:$DEBUG_PORT" --log-level warn \
	--max-sessions 0 --max-sessions-per-address 0 --max-unauthenticated 0 \
	--max-unauthenticated-per-address 0 --connection-rate 0 \
	--max-connections 0 --max-connections-per-address 0 2> "$work/sshblog.log" &
server=$!
pids="$pids $server"


say "loading sshblog serve: $N readers at $RATE/s"
"$work/sshblog-load" -addr "127.0.0.1:$SSHBLOG_PORT" -key "$work/reader.key" -n "$N" -rate "$RATE" \
	-hold "$HOLD" -keys "$KEYS" -pid "$server" -debug "http://127.0.0.1:$DEBUG_PORT" \
	-label "sshblog serve" -json "$OUT/sshblog.json" > "$OUT/sshblog.txt" || true
kill -TERM "$server"
wait "$server" 2>/dev/null || true

# sshd's readers log in as a user of their own whose shell is /bin/sh:
# sshd runs ForceCommand through the user's shell, and the startup files of
# a developer's shell (bash reads ~/.bashrc under sshd; pyenv, nvm and the
# like fork a dozen processes there) would be measured as sshd's cost.
if ! id "$READER_USER" > /dev/null 2>&1; then
	# '*' and not useradd's '!': sshd without PAM refuses locked accounts.
	useradd --system --no-create-home --home-dir "$work" --shell /bin/sh --password '*' "$READER_USER"
	made_user=1
fi
chmod 755 "$work"
chmod -R a+rwX "$work/data" # SQLite readers of a WAL database write its -shm

cat > "$work/sshd_config" <<EOF
ListenAddress 127.0.0.1:$SSHD_PORT
HostKey $work/ssh_host_ed25519_key
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
MaxStartups 10000
MaxSessions 10
UseDNS no
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
LogLevel ERROR
ForceCommand $work/sshblog tui --data-dir $work/data
EOF
cp "$work/reader.key.pub" "$work/authorized_keys"
/usr/sbin/sshd -D -e -f "$work/sshd_config" 2> "$work/sshd.log" &
sshd=$!
pids="$pids $sshd"


say "loading sshd + ForceCommand sshblog tui: $N readers at $RATE/s"
"$work/sshblog-load" -addr "127.0.0.1:$SSHD_PORT" -key "$work/reader.key" -user "$READER_USER" -n "$N" -rate "$RATE" \
	-hold "$HOLD" -keys "$KEYS" -pid "$sshd" -tree \
	-label "sshd + ForceCommand" -json "$OUT/sshd.json" > "$OUT/sshd.txt" || true
kill -TERM "$sshd"
wait "$sshd" 2>/dev/null || true

cat "$OUT/sshd.txt" "$OUT/sshblog.txt"
echo
printf 'Machine: %s, %s cores, %s MiB; %s; %s; %s\n' \
	"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" "$(nproc)" \
	"$(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo)" "$(uname -sr)" \
	"$(go version | cut -d' ' -f3)" "$(/usr/sbin/sshd -V 2>&1 | head -1 | cut -d, -f1)"
"$work/sshblog-load" compare "$OUT/sshd.json" "$OUT/sshblog.json"
