# shellcheck shell=bash
# Local Postgres, Redis, nginx and Node for scripts/dev and scripts/test.
#
# Sourced, not run. Every function is idempotent and logs to stderr only, so a
# caller's stdout stays clean. The machine's own services (Postgres on 5432,
# Redis on 6379) are used when they answer; otherwise a throwaway one is started
# under $ROOT/.run/ and stop_started_services stops it again. Services this
# shell did not start are never stopped.
#
# Knobs:
#   CONFAB_PG_PORT=55432       port of the throwaway Postgres
#   CONFAB_REDIS_PORT=56379    port of the throwaway Redis
#   CONFAB_FORCE_THROWAWAY=1   ignore 5432/6379 even if they answer (to test the fallback)
#
# Exports: CONFAB_PG_ADMIN_URL, CONFAB_REDIS_ADMIN_URL, CONFAB_REDIS_SERVER_BIN,
#          CONFAB_NGINX_BIN.

# The repository root, from this file's own location (not from the environment).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="$ROOT/.run"

# What this shell started (empty = nothing): the data dir of the throwaway
# Postgres and the port of the throwaway Redis. Deliberately not exported, so
# child processes never think they own them.
CONFAB_STARTED_PG=""
CONFAB_STARTED_PG_BIN=""
CONFAB_STARTED_REDIS=""

log() { printf '[confab] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# apt-get update is slow and only needed once per run, before the first install.
_APT_UPDATED=""
_apt_install() {
    ((EUID == 0)) || die "need root to apt-get install $*; install it yourself and retry"
    if [[ -z $_APT_UPDATED ]]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
        _APT_UPDATED=1
    fi
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}

# ---------------------------------------------------------------- Postgres

# Newest server binaries Debian installed (they are not on PATH).
_pg_bindir() {
    local dir
    dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    [[ -n $dir && -x $dir/pg_ctl ]] && echo "$dir"
}

# Does a trusting Postgres answer as user postgres on this port? -w: never
# prompt for a password (CI has no stdin); a password-protected server is "no".
_pg_answers() {
    PGCONNECT_TIMEOUT=3 psql -X -w -q -h 127.0.0.1 -p "$1" -U postgres -d postgres \
        -c 'select 1' >/dev/null 2>&1
}

# initdb and the server refuse to run as root: run them as the postgres user,
# from / because it may not be allowed into the caller's working directory.
_as_pg() {
    if ((EUID == 0)); then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# Where the throwaway cluster lives: .run/pg, unless the postgres user cannot
# reach it (a checkout under a private home) or the socket path would exceed
# the kernel's 107-byte limit; then a folder in /tmp named after the checkout.
_pg_dir() {
    local dir="$RUN_DIR/pg"
    mkdir -p "$dir"
    if ((${#dir} > 80)) || { ((EUID == 0)) && ! runuser -u postgres -- test -x "$RUN_DIR"; }; then
        dir="${TMPDIR:-/tmp}/confab-pg-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
        mkdir -p "$dir"
    fi
    echo "$dir"
}

_use_pg() {
    export CONFAB_PG_ADMIN_URL="postgres://postgres@127.0.0.1:$1/postgres"
}

ensure_postgres() {
    local bindir dir data port
    bindir=$(_pg_bindir || true)
    # psql is on PATH when the client package is there; fall back to the server's copy.
    if ! command -v psql >/dev/null && [[ -n $bindir ]]; then PATH="$bindir:$PATH"; fi

    if [[ -z ${CONFAB_FORCE_THROWAWAY:-} ]] && command -v psql >/dev/null && _pg_answers 5432; then
        log "postgres: using the one on 127.0.0.1:5432"
        _use_pg 5432
        return
    fi

    if [[ -z $bindir ]]; then
        _apt_install postgresql
        # The package may have started its own cluster on 5432: then use that.
        if [[ -z ${CONFAB_FORCE_THROWAWAY:-} ]] && _pg_answers 5432; then
            log "postgres: the package's cluster answers on 5432; using it"
            _use_pg 5432
            return
        fi
        bindir=$(_pg_bindir) || die "postgresql installed but no /usr/lib/postgresql/*/bin/pg_ctl"
        command -v psql >/dev/null || PATH="$bindir:$PATH"
    fi

    dir=$(_pg_dir)
    data="$dir/data"

    # Already running from an earlier call (maybe another script): reuse it,
    # on whatever port it was started with (line 4 of postmaster.pid).
    if [[ -f $data/postmaster.pid ]] && _as_pg "$bindir/pg_ctl" status -D "$data" >/dev/null 2>&1; then
        port=$(sed -n 4p "$data/postmaster.pid")
        if _pg_answers "$port"; then
            log "postgres: reusing the throwaway cluster on 127.0.0.1:$port ($data)"
            _use_pg "$port"
            return
        fi
    fi

    port="${CONFAB_PG_PORT:-55432}"
    mkdir -p "$data" "$dir/log"
    if ((EUID == 0)); then chown -R postgres:postgres "$dir"; fi
    chmod 700 "$data"

    if [[ ! -f $data/PG_VERSION ]]; then
        log "postgres: initdb $data"
        _as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale \
            >"$dir/log/initdb.log" 2>&1 || { tail -n 20 "$dir/log/initdb.log" >&2; die "initdb failed"; }
        # Our settings live in their own file, rewritten at every start so a
        # changed CONFAB_PG_PORT takes effect.
        echo "include_if_exists = 'confab.conf'" >>"$data/postgresql.conf"
    fi
    # fsync and synchronous_commit keep their defaults (on): this cluster may
    # hold a developer's data between runs, and tests should see real commit costs.
    cat >"$data/confab.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
EOF
    if ((EUID == 0)); then chown postgres:postgres "$data/confab.conf"; fi

    log "postgres: starting a throwaway cluster on 127.0.0.1:$port (log: $dir/log/postgres.log)"
    if ! _as_pg "$bindir/pg_ctl" start -w -t 60 -D "$data" -l "$dir/log/postgres.log" >/dev/null; then
        tail -n 20 "$dir/log/postgres.log" >&2 || true
        die "postgres did not start (is port $port taken? set CONFAB_PG_PORT)"
    fi
    CONFAB_STARTED_PG="$data"
    CONFAB_STARTED_PG_BIN="$bindir"
    _pg_answers "$port" || die "postgres started but does not answer on 127.0.0.1:$port"
    _use_pg "$port"
}

# create_database NAME: create it on CONFAB_PG_ADMIN_URL unless it exists.
create_database() {
    local name="$1"
    # Checked so it can go into SQL unquoted-safe.
    [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || die "bad database name: $name"
    : "${CONFAB_PG_ADMIN_URL:?call ensure_postgres first}"
    if [[ -z $(psql -X -w -q -tA "$CONFAB_PG_ADMIN_URL" \
        -c "select 1 from pg_database where datname = '$name'") ]]; then
        log "postgres: create database $name"
        psql -X -w -q "$CONFAB_PG_ADMIN_URL" -c "create database \"$name\"" >&2
    fi
}

# ---------------------------------------------------------------- Redis

_redis_answers() {
    [[ $(timeout 5 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null) == PONG ]]
}

# Waits for the Redis on PORT (--daemonize returns before it listens); if it
# does not answer within 5 s, shows the tail of LOG and dies with MESSAGE.
_wait_for_redis() {
    local port="$1" log="$2" message="$3" i
    for ((i = 0; i < 50; i++)); do
        _redis_answers "$port" && return 0
        sleep 0.1
    done
    _redis_answers "$port" && return 0
    tail -n 20 "$log" >&2 || true
    die "$message"
}

_use_redis() {
    export CONFAB_REDIS_ADMIN_URL="redis://127.0.0.1:$1"
}

ensure_redis() {
    local dir="$RUN_DIR/redis" port pid i
    # redis-server's package pulls in redis-tools (redis-cli).
    command -v redis-server >/dev/null || _apt_install redis-server
    command -v redis-cli >/dev/null || _apt_install redis-tools
    # Tests start private Redis servers of their own with this binary.
    CONFAB_REDIS_SERVER_BIN=$(command -v redis-server)
    export CONFAB_REDIS_SERVER_BIN

    if [[ -z ${CONFAB_FORCE_THROWAWAY:-} ]] && _redis_answers 6379; then
        log "redis: using the one on 127.0.0.1:6379"
        _use_redis 6379
        return
    fi

    # Already running from an earlier call: reuse it on the port it was given.
    if [[ -s $dir/redis.pid && -s $dir/port ]]; then
        pid=$(<"$dir/redis.pid")
        port=$(<"$dir/port")
        if kill -0 "$pid" 2>/dev/null && _redis_answers "$port"; then
            log "redis: reusing the throwaway server on 127.0.0.1:$port"
            _use_redis "$port"
            return
        fi
    fi

    port="${CONFAB_REDIS_PORT:-56379}"
    mkdir -p "$dir"
    log "redis: starting a throwaway server on 127.0.0.1:$port (log: $dir/redis.log)"
    # Nothing is kept on disk: it is a cache and a bus, and tests want a clean slate.
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" \
        --save '' --appendonly no \
        --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >&2 ||
        die "redis-server did not start"
    echo "$port" >"$dir/port"
    _wait_for_redis "$port" "$dir/redis.log" "redis did not answer on 127.0.0.1:$port (taken? set CONFAB_REDIS_PORT)"
    CONFAB_STARTED_REDIS="$port"
    _use_redis "$port"
}

# ---------------------------------------------------------------- nginx, node

_nginx_bin() {
    command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; }
}

# The system nginx, as Debian's package runs it (default config, /run/nginx.pid).
_system_nginx_running() {
    [[ -s /run/nginx.pid ]] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null
}

ensure_nginx() {
    local was_running=""
    if ! _nginx_bin >/dev/null; then
        _system_nginx_running && was_running=1
        _apt_install nginx
        # The package's postinst may start the system nginx on port 80. We only
        # want the binary, so stop it again -- but only if installing started it.
        if [[ -z $was_running ]] && _system_nginx_running; then
            log "nginx: the package started the system nginx; stopping it"
            "$(_nginx_bin)" -s quit >&2 || true
        fi
    fi
    CONFAB_NGINX_BIN=$(_nginx_bin) || die "nginx not found after install"
    export CONFAB_NGINX_BIN
}

ensure_node() {
    local major
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        _apt_install nodejs npm
    fi
    # The frontend's Vite needs Node 20.19+; Debian 12's own nodejs is 18.
    major=$(node -p 'process.versions.node.split(".")[0]')
    ((major >= 20)) || log "warning: node $(node --version) is older than the frontend needs (20.19+)"
}

# ---------------------------------------------------------------- stop

# Stop only what this shell started; the machine's services are left alone.
# systemd-analyze, for checking the unit files (the systemd package; nothing
# is started).
ensure_systemd_analyze() {
    command -v systemd-analyze >/dev/null || _apt_install systemd
}

# openssl, which tests use to make certificates and RSA keys.
ensure_openssl() {
    command -v openssl >/dev/null || _apt_install openssl
}

# What the Rust build links against: OpenSSL's headers for webauthn-rs (its
# signature checks), found through pkg-config.
ensure_build_deps() {
    if ! command -v pkg-config >/dev/null || ! pkg-config --exists openssl 2>/dev/null; then
        _apt_install pkg-config libssl-dev
    fi
}

# promtool, which checks and unit-tests the alert rules (deploy/prometheus).
# Debian ships it only in the prometheus package: the whole server with its web
# UI's assets (about 95 MB installed; --no-install-recommends leaves out the
# node exporter). We want the tool, not the service: if installing started a
# server (systemd, or the init script where policy-rc.d allows it), stop it.
_PROMETHEUS_PIDFILE=/run/prometheus/prometheus.pid
_system_prometheus_running() {
    if [[ -d /run/systemd/system ]]; then
        systemctl is-active --quiet prometheus 2>/dev/null
    else
        [[ -s $_PROMETHEUS_PIDFILE ]] && kill -0 "$(cat "$_PROMETHEUS_PIDFILE")" 2>/dev/null
    fi
}

ensure_promtool() {
    local was_running=""
    if ! command -v promtool >/dev/null; then
        _system_prometheus_running && was_running=1
        _apt_install prometheus
        if [[ -z $was_running ]] && _system_prometheus_running; then
            log "promtool: the package started the system prometheus; stopping it"
            if [[ -d /run/systemd/system ]]; then
                systemctl disable --now prometheus >&2 || true
            else
                kill "$(cat "$_PROMETHEUS_PIDFILE")" 2>/dev/null || true
            fi
        fi
    fi
    command -v promtool >/dev/null || die "promtool not found after installing prometheus"
}

stop_started_services() {
    local dir="$RUN_DIR/redis" pid i
    if [[ -n $CONFAB_STARTED_REDIS ]]; then
        log "redis: stopping the throwaway server on port $CONFAB_STARTED_REDIS"
        pid=$(cat "$dir/redis.pid" 2>/dev/null || true)
        timeout 10 redis-cli -h 127.0.0.1 -p "$CONFAB_STARTED_REDIS" shutdown nosave >/dev/null 2>&1 || true
        for ((i = 0; i < 50; i++)); do
            if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then break; fi
            sleep 0.1
        done
        rm -f "$dir/port"
        CONFAB_STARTED_REDIS=""
    fi
    if [[ -n $CONFAB_STARTED_PG ]]; then
        log "postgres: stopping the throwaway cluster ($CONFAB_STARTED_PG)"
        _as_pg "$CONFAB_STARTED_PG_BIN/pg_ctl" stop -m fast -w -D "$CONFAB_STARTED_PG" >/dev/null 2>&1 ||
            log "warning: pg_ctl stop failed"
        CONFAB_STARTED_PG=""
    fi
}
