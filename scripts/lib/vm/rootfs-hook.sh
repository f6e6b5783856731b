#!/bin/bash
# mmdebstrap customize hook for scripts/vm-test's Debian image: the machine an
# operator has before Confab (the packages are vm-test's), plus what the test
# harness needs to boot it under qemu and reach it without ssh. Nothing Confab
# is put here: scripts/deploy does that in the VM.
#
#   rootfs-hook.sh ROOTFS
#
# Its text is part of the image's cache key: any edit rebuilds the image.
set -euo pipefail
root="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

echo confab-vm >"$root/etc/hostname"
cat >"$root/etc/hosts" <<'EOF'
127.0.0.1 localhost
127.0.1.1 confab-vm
::1 localhost ip6-localhost ip6-loopback
EOF
echo '/dev/vda / ext4 rw,errors=remount-ro 0 0' >"$root/etc/fstab"
echo 'LANG=C.UTF-8' >"$root/etc/default/locale"

# The package made its cluster while this (build) machine's own Postgres held
# 5432, so it took the next port: give it Debian's default back, as an
# operator's fresh install has.
sed -i 's/^port = .*/port = 5432/' "$root"/etc/postgresql/*/main/postgresql.conf

# qemu's user network (the guest is 10.0.2.15, the host 10.0.2.2); static, so
# boot does not wait for DHCP. The NIC is eth0 (net.ifnames=0 on the kernel
# command line).
mkdir -p "$root/etc/systemd/network"
cat >"$root/etc/systemd/network/20-eth0.network" <<'EOF'
[Match]
Name=eth0

[Network]
Address=10.0.2.15/24
Gateway=10.0.2.2
EOF
echo 'nameserver 10.0.2.3' >"$root/etc/resolv.conf"

# The shares and the command runner (see runner.sh).
printf '%s\n' 9p 9pnet_virtio >"$root/etc/modules-load.d/9p.conf"
install -m 0755 "$here/runner.sh" "$root/usr/local/sbin/confab-vm-runner"
cat >"$root/etc/systemd/system/confab-vm-runner.service" <<'EOF'
[Unit]
Description=scripts/vm-test command runner (9p share)
After=local-fs.target systemd-modules-load.service

[Service]
Type=simple
ExecStart=/usr/local/sbin/confab-vm-runner
Environment=HOME=/root LANG=C.UTF-8
Restart=on-failure
RestartSec=2s

[Install]
WantedBy=multi-user.target
EOF

chroot "$root" systemctl enable confab-vm-runner.service systemd-networkd.service
# An empty machine-id makes firstboot prompt on the console. The apt timers
# would reach for the network at boot (the VM has none) and cost minutes of CPU
# under emulation; they are not part of what is being tested.
chroot "$root" systemctl mask systemd-firstboot.service apt-daily.timer apt-daily-upgrade.timer \
    e2scrub_all.timer e2scrub_reap.service fstrim.timer
