#!/usr/bin/env bash
# The Debian packages the tests need, installed once (needs root or sudo):
#   chromium                 the browser that shows the headless workbench
#   libkrb5-dev              code-server builds a kerberos module against it
#   iproute2, net-tools, lsof   `ip netns`, `ss`, `netstat`, `lsof`: test hosts and socket listings
#   transmission-daemon, qbittorrent-nox, deluged   real BitTorrent clients to detect (deluged is a Python program)
#   zsh, fish                the command-quoting tests run hostile values through every shell we quote for
#   nmap                     the benchmark compares our sweep with `nmap -sU`
#   ansible, openssh-server  fleet remediation: the playbook is tested against test hosts that run sshd
set -euo pipefail
packages=(chromium libkrb5-dev iproute2 net-tools lsof zsh fish transmission-daemon qbittorrent-nox deluged nmap ansible openssh-server python3 make g++)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then echo "system packages: all present"; exit 0; fi
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
echo "system packages: installing ${missing[*]}"
$sudo_cmd apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${missing[@]}"
