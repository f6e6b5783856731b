# A Redis Cluster of three masters and three replicas on loopback ports, from
# Debian's redis-server, joined with `redis-cli --cluster create` (sourced
# after lib/services.sh, whose ensure_redis installs both).
#
# Choose BASE below the ephemeral range (32768 and up on Linux): a port in it
# may be held by any client socket of the machine, or by one in TIME_WAIT
# after a test run's thousands of connections (seen once in CI).
#
#   start_redis_cluster BASE DIR   nodes on BASE..BASE+5 (bus on +100), files in
#                                  DIR; returns when every slot is served and
#                                  every replica linked; sets REDIS_CLUSTER_PORTS
#                                  and REDIS_CLUSTER_URLS (comma-separated)
#   stop_redis_cluster DIR         kills the nodes started in DIR
# shellcheck shell=bash

# Whole: every node serves every slot, and every replica is linked to its master.
_redis_cluster_whole() {
    local port info
    for port in "${REDIS_CLUSTER_PORTS[@]}"; do
        redis-cli -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
        info=$(redis-cli -p "$port" info replication 2>/dev/null)
        if grep -q '^role:slave' <<<"$info"; then
            grep -q '^master_link_status:up' <<<"$info" || return 1
        fi
    done
}

start_redis_cluster() {
    local base="$1" dir="$2" port i addresses=() urls=()
    REDIS_CLUSTER_PORTS=()
    for i in 0 1 2 3 4 5; do REDIS_CLUSTER_PORTS+=($((base + i))); done
    mkdir -p "$dir"
    for port in "${REDIS_CLUSTER_PORTS[@]}"; do
        ! _redis_answers "$port" || die "port $port is taken (choose other ports)"
        # A replica takes over however long it was cut off (validity factor 0):
        # the fault run kills masters on purpose.
        redis-server --daemonize yes --bind 127.0.0.1 --port "$port" \
            --cluster-enabled yes --cluster-port $((port + 100)) \
            --cluster-config-file "$dir/nodes-$port.conf" --cluster-node-timeout 2000 \
            --cluster-replica-validity-factor 0 \
            --save '' --appendonly no --dir "$dir" \
            --pidfile "$dir/$port.pid" --logfile "$dir/$port.log" >&2 ||
            die "redis-server did not start on $port"
    done
    for port in "${REDIS_CLUSTER_PORTS[@]}"; do
        _wait_for_redis "$port" "$dir/$port.log" "redis-server on $port did not answer"
        addresses+=("127.0.0.1:$port")
        urls+=("redis://127.0.0.1:$port")
    done
    redis-cli --cluster create "${addresses[@]}" --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1 ||
        { cat "$dir/create.log" >&2; die "redis-cli --cluster create failed"; }
    for ((i = 0; i < 300; i++)); do
        _redis_cluster_whole && break
        sleep 0.1
    done
    _redis_cluster_whole || die "the Redis Cluster did not become whole within 30 s"
    REDIS_CLUSTER_URLS=$(
        IFS=,
        echo "${urls[*]}"
    )
    log "redis cluster: $(redis-cli -p "$base" cluster nodes | grep -c master) masters and $(redis-cli -p "$base" cluster nodes | grep -c slave) replicas (${#REDIS_CLUSTER_PORTS[@]} redis-server processes) on ports ${REDIS_CLUSTER_PORTS[*]}"
}

stop_redis_cluster() {
    local dir="$1" pidfile
    for pidfile in "$dir"/*.pid; do
        [[ -s $pidfile ]] && kill "$(<"$pidfile")" 2>/dev/null
    done
    return 0
}
