#!/usr/bin/env bash
# Builds sshblog, starts it with its limits off, holds READERS idle SSH
# readers on it (sshblog-load), and meanwhile serves the same two pages (the
# list and a post) from sshblog's web, from Debian's nginx as precompressed
# static files (gzip_static, its best case), and from two floors
# (testdata/floor) sending the responses sshblog gave: "floor", Go's
# net/http with a handler that copies them in, and "raw", Go with no HTTP
# library, one write per request, the least a Go program does. Each is loaded with wrk at 50 and 200 connections,
# three times, in turn. The readers' keystrokes are timed evenly over the
# HTTP load. Prints the runs, then one table of medians, and the keystroke
# p99 during each side's runs. Loopback only.
#   server/web/compare-nginx.sh
#   SSH_PORT=25000 WEB_PORT=25080 NGINX_PORT=25081 FLOOR_PORT=25082 RAW_PORT=25083 DURATION=5 server/web/compare-nginx.sh
set -euo pipefail
SSH_PORT=${SSH_PORT:-23282}
WEB_PORT=${WEB_PORT:-23280}
NGINX_PORT=${NGINX_PORT:-23281}
FLOOR_PORT=${FLOOR_PORT:-23283}
RAW_PORT=${RAW_PORT:-23284}
DURATION=${DURATION:-10} # seconds a wrk run
READERS=${READERS:-1000}
KEYS=${KEYS:-1200}
POST=${POST:-/posts/difference-between-networking-and-making-friends}
WEB=127.0.0.1:$WEB_PORT
command -v wrk >/dev/null && command -v nginx >/dev/null ||
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light; }

repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")"; rm -rf "$dir"' EXIT
(cd "$repo" && go build -o "$dir/sshblog" ./cmd/sshblog && go build -o "$dir/sshblog-load" ./cmd/sshblog-load &&
	go build -o "$dir/floor" ./server/web/testdata/floor)
ulimit -n "$(ulimit -Hn)"
SSHBLOG_CONNECTION_RATE=0 SSHBLOG_MAX_SESSIONS=0 SSHBLOG_MAX_SESSIONS_PER_ADDRESS=0 \
	SSHBLOG_MAX_UNAUTHENTICATED=0 SSHBLOG_MAX_UNAUTHENTICATED_PER_ADDRESS=0 \
	SSHBLOG_MAX_CONNECTIONS=0 SSHBLOG_MAX_CONNECTIONS_PER_ADDRESS=0 \
	"$dir/sshblog" serve --data-dir "$dir/data" --listen "127.0.0.1:$SSH_PORT" --http-listen "$WEB" \
	--log-level warn 2>"$dir/sshblog.log" &
pids+=($!)
for _ in $(seq 100); do curl -fsS "http://$WEB/" >/dev/null 2>&1 && break; sleep 0.1; done

mkdir -p "$dir/root$POST"
curl -fsS "http://$WEB/" >"$dir/root/index.html"
curl -fsS "http://$WEB$POST" >"$dir/root$POST/index.html"
gzip -k -9 "$dir/root/index.html" "$dir/root$POST/index.html"
mkdir "$dir/floor-pages"
for page in index "${POST#/}"; do
	path=/${page#index}
	file=$dir/floor-pages/${page//\//_}
	curl -fsS -H 'Accept-Encoding: gzip' -D "$file.headers" -o "$file.gz" "http://$WEB$path"
done
"$dir/floor" "127.0.0.1:$FLOOR_PORT" "$dir/floor-pages" 2>"$dir/floor.log" &
pids+=($!)
"$dir/floor" -raw "127.0.0.1:$RAW_PORT" "$dir/floor-pages" 2>"$dir/raw.log" &
pids+=($!)
cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 4096; }
http {
	access_log off;
	sendfile on; tcp_nopush on; keepalive_requests 100000;
	types { text/html html; }
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $dir/root;
		gzip_static on;
		location / { try_files \$uri \$uri/index.html =404; }
	}
}
CONF
nginx -c "$dir/nginx.conf"

# The readers stay idle for exactly the 48 wrk runs, keystrokes spread over them.
"$dir/sshblog-load" -addr "127.0.0.1:$SSH_PORT" -n "$READERS" -rate 100 -hold "$((48 * DURATION))s" \
	-keys "$KEYS" -keys-during-hold -keys-log "$dir/keys" -json "$dir/readers.json" \
	>"$dir/readers.txt" 2>"$dir/readers.err" &
readers=$!
pids+=($readers)
until grep -q '^sshblog-load: holding' "$dir/readers.err"; do
	kill -0 "$readers" 2>/dev/null || { cat "$dir/readers.err" "$dir/readers.txt"; exit 1; }
	sleep 0.2
done
load_start=$(cut -d' ' -f1 /proc/loadavg)

ms() { awk '{v=$1+0; if ($1 ~ /us$/) v/=1000; else if ($1 ~ /[0-9]s$/) v*=1000; printf "%.2f\n", v}' <<<"$1"; }
echo "connections page run server requests/s p50_ms p99_ms"
for c in 50 200; do for page in / "$POST"; do for run in 1 2 3; do
	for side in "sshblog $WEB" "floor 127.0.0.1:$FLOOR_PORT" "raw 127.0.0.1:$RAW_PORT" "nginx 127.0.0.1:$NGINX_PORT"; do
		set -- $side
		from=$(date +%s%3N)
		out=$(wrk -t2 -c"$c" -d"${DURATION}s" --latency -H 'Accept-Encoding: gzip' "http://$2$page")
		echo "$from $(date +%s%3N)" >>"$dir/$1-windows"
		echo "$c $page $run $1 $(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
			"$(ms "$(awk '$1=="50%" {print $2}' <<<"$out")") $(ms "$(awk '$1=="99%" {print $2}' <<<"$out")")"
	done
done; done; done | tee "$dir/runs"
load_end=$(cut -d' ' -f1 /proc/loadavg)
wait "$readers" || true

# median COLUMN C PAGE SIDE: the middle of the three runs.
median() { awk -v c="$2" -v p="$3" -v s="$4" -v k="$1" '$1==c && $2==p && $4==s {print $k}' "$dir/runs" | sort -n | sed -n 2p; }
# p99 of the latencies on stdin, nearest rank as sshblog-load counts it.
p99() { sort -n | awk '{a[NR]=$1} END {i=int(0.99*NR+0.5); if (i<1) i=1; print NR ? a[i] " ms of " NR : "none"}'; }
echo
pct() { awk -v s="$1" -v n="$2" 'BEGIN {print 100*s/n}'; }
echo "| page, connections | requests/s: sshblog, floor, raw, nginx | / nginx: sshblog, floor, raw | p50 / p99: sshblog | floor | raw | nginx |"
echo "|---|---|---|---|---|---|---|"
for c in 50 200; do for page in / "$POST"; do
	s=$(median 5 "$c" "$page" sshblog) f=$(median 5 "$c" "$page" floor) r=$(median 5 "$c" "$page" raw) n=$(median 5 "$c" "$page" nginx)
	printf '| %s, %s | %.0f, %.0f, %.0f, %.0f | %.0f%%, %.0f%%, %.0f%% | %.1f / %.1f ms | %.1f / %.1f ms | %.1f / %.1f ms | %.1f / %.1f ms |\n' \
		"$([ "$page" = / ] && echo list || echo post)" "$c" "$s" "$f" "$r" "$n" \
		"$(pct "$s" "$n")" "$(pct "$f" "$n")" "$(pct "$r" "$n")" \
		"$(median 6 "$c" "$page" sshblog)" "$(median 7 "$c" "$page" sshblog)" \
		"$(median 6 "$c" "$page" floor)" "$(median 7 "$c" "$page" floor)" \
		"$(median 6 "$c" "$page" raw)" "$(median 7 "$c" "$page" raw)" \
		"$(median 6 "$c" "$page" nginx)" "$(median 7 "$c" "$page" nginx)"
done; done
echo
jq -r '"SSH readers: \(.ok) held, \(.failed) failed; keystroke p50 / p99 over the HTTP load \(.keystroke.p50_ms) / \(.keystroke.p99_ms) ms (\(.keystroke.count) keys)"' "$dir/readers.json"
for side in sshblog floor raw nginx; do
	echo "keystroke p99 while wrk loaded $side: $(awk 'NR==FNR {from[NR]=$1; to[NR]=$2; n=NR; next}
		{for (i=1; i<=n; i++) if ($1>=from[i] && $1<=to[i]) {print $2; next}}' "$dir/$side-windows" "$dir/keys" | p99)"
done
printf 'Machine: %s, %s cores, %s MiB; %s; %s; load average %s at the start of the HTTP load, %s at its end\n' \
	"$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" "$(nproc)" \
	"$(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo)" "$(uname -sr)" "$(nginx -v 2>&1 | cut -d' ' -f3)" \
	"$load_start" "$load_end"
