#!/usr/bin/env bash
# Installs the Debian packages the tests and the lab need, only those that are missing.
set -euo pipefail
want=(tcpdump tshark openvswitch-switch ethtool nftables iperf3 busybox-static libpcap-dev chromium firefox-esr docker.io containerd podman openssh-server openssh-client iproute2 iputils-ping util-linux procps time gzip)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing Debian packages (${missing[*]}); run as root or install them" >&2
  exit 2
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
