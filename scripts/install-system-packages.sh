#!/usr/bin/env bash
# Installs the Debian packages this project needs (root, or sudo otherwise).
# The list, with why each is needed, is scripts/system-packages.json, which
# scripts/ensure-system-packages.mjs (npm's prestart and pretest) reads too.
#   bash scripts/install-system-packages.sh            every package that is missing
#   bash scripts/install-system-packages.sh NAME...    only these (ensure-system-packages.mjs passes what it found missing)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# name<TAB>why, one a line: node is here already (npm needs it), jq may not be.
listing="$(node -e '
  const list = require(process.argv[1]).packages;
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !list.some((p) => p.name === n));
  if (unknown.length) { console.error(`install-system-packages: not in system-packages.json: ${unknown.join(" ")}`); process.exit(2); }
  for (const p of list) if (wanted.length === 0 || wanted.includes(p.name)) console.log(`${p.name}\t${p.why}`);
' "$here/system-packages.json" "$@")"
missing=()
reasons=()
while IFS=$'\t' read -r name why; do
  if ! dpkg -s "$name" >/dev/null 2>&1; then missing+=("$name"); reasons+=("  $name: $why"); fi
done <<<"$listing"
if [ ${#missing[@]} -eq 0 ]; then echo "system packages: all present"; exit 0; fi
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
echo "system packages: installing ${missing[*]} with apt-get${sudo_cmd:+ through sudo}:"
printf '%s\n' "${reasons[@]}"
$sudo_cmd apt-get update -q
# env after sudo: sudo drops the caller's environment, DEBIAN_FRONTEND included.
$sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
