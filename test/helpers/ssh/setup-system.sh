#!/bin/sh
# Installs what the real-host SSH tests (test/integration/ssh) need on a Debian 12 machine,
# as root. The tests keep their users, sudoers and podman stores inside their own namespaces,
# so nothing else on the machine is configured here.
set -eu
pkgs="openssh-server openssh-client podman runc busybox-static uidmap sudo openssl curl iproute2 util-linux tar"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # --no-install-recommends keeps sshd from being enabled as a service we do not use.
  apt-get install -y -qq --no-install-recommends $missing
fi
# The tests start their own sshd on free ports; a packaged one is not needed.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now ssh.service >/dev/null 2>&1 || true
fi
mkdir -p /run/netns
echo "ssh test prerequisites are installed"
