#!/bin/bash
# Guest side of scripts/vm-test: runs the commands the host writes into the 9p
# share, started in the order of their numbers. Installed into the VM
# image as /usr/local/sbin/confab-vm-runner and started at boot by
# confab-vm-runner.service (Type=simple: a oneshot would keep the boot
# "starting" for ever).
#
# Each runs in the background, so a command stuck in the guest does not keep
# the host from asking for the journal. Protocol, in /mnt/xchg/cmd/ (the host
# writes cmd-N.sh by rename):
#   cmd-N.sh       the command (a bash script), run as root from /
#   cmd-N.started  written just before it runs
#   cmd-N.out      its stdout and stderr
#   cmd-N.rc       its exit status, written (by rename) once it has ended
# A command that was running when the machine went down (a reboot) has .started
# but no .rc: at the next start it gets rc 255 and is never run again.
set -u

XCHG=/mnt/xchg
modprobe -a 9p 9pnet_virtio 2>/dev/null || true
# xchg: commands and results (read-write); src: the checkout; bin: the
# binaries to deploy; prev: the previous release (read-only, and only some
# machines get it: a share the host did not give fails to mount, harmlessly).
for tag in xchg src bin prev; do
    mkdir -p "/mnt/$tag"
    mountpoint -q "/mnt/$tag" && continue
    mode=ro
    [[ $tag == xchg ]] && mode=rw
    mount -t 9p -o "trans=virtio,version=9p2000.L,msize=262144,$mode" "$tag" "/mnt/$tag" 2>/dev/null || true
done
if ! mountpoint -q "$XCHG"; then
    echo "confab-vm-runner: the xchg share is not there" >&2
    exit 1
fi
mkdir -p "$XCHG/cmd"

for started in "$XCHG"/cmd/cmd-*.started; do
    [[ -e $started ]] || continue
    base=${started%.started}
    if [[ ! -e $base.rc ]]; then
        echo "confab-vm-runner: interrupted (the machine went down while it ran)" >>"$base.out"
        echo 255 >"$base.rc.tmp" && mv "$base.rc.tmp" "$base.rc"
    fi
done

echo "confab-vm-runner: ready, boot $(cat /proc/sys/kernel/random/boot_id)"
while :; do
    ran=""
    # cmd-N.sh in numeric order.
    for script in $(ls "$XCHG/cmd" 2>/dev/null | sed -n 's/^cmd-\([0-9]*\)\.sh$/\1/p' | sort -n); do
        base="$XCHG/cmd/cmd-$script"
        [[ -e $base.rc || -e $base.started ]] && continue
        : >"$base.started"
        (
            (cd / && exec bash "$base.sh") >"$base.out" 2>&1 </dev/null
            echo $? >"$base.rc.tmp"
            mv "$base.rc.tmp" "$base.rc"
        ) &
        ran=1
    done
    [[ -n $ran ]] || sleep 0.3
done
