#!/usr/bin/env bash
# Installs code-server (VS Code's own server build) into a git-ignored folder,
# once, for the headless integration tests and for `npm start` on machines
# without a desktop VS Code. Kept out of package.json on purpose: its
# postinstall builds native modules that need system packages (libkrb5-dev).
# Why 4.100.3: the newest code-server that runs on Node 20 (README, "How the tests run").
set -euo pipefail
CODE_SERVER_VERSION=4.100.3
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/.vscode-test/code-server"
marker="$dest/.installed-$CODE_SERVER_VERSION"
if [ -f "$marker" ] && [ -f "$dest/node_modules/code-server/out/node/entry.js" ]; then
  exit 0
fi
echo "provision-code-server: installing code-server $CODE_SERVER_VERSION into $dest (about 2 minutes, once)"
rm -rf "$dest"
mkdir -p "$dest"

# code-server's own postinstall runs `npm install` in lib/vscode, whose
# @vscode/ripgrep postinstall would download rg from the web. It looks in a
# cache folder first, so seed that cache from the registry's ripgrep package.
cache="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-1.15.11"
archive="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$archive" ]; then
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent @vscode/ripgrep-linux-x64 >/dev/null && tar xzf ./*.tgz)
  rg="$(find "$work/package" -type f -name rg | head -n 1)"
  [ -n "$rg" ] || { echo "provision-code-server: no rg binary in @vscode/ripgrep-linux-x64" >&2; exit 1; }
  chmod +x "$rg"
  mkdir -p "$cache"
  tar czf "$archive" -C "$(dirname "$rg")" rg
  rm -rf "$work"
fi

cd "$dest"
echo '{ "name": "code-server-host", "private": true }' > package.json
export npm_config_unsafe_perm=true npm_config_yes=true
npm install --no-audit --no-fund --unsafe-perm "code-server@$CODE_SERVER_VERSION" >"$dest/install.log" 2>&1 || {
  echo "provision-code-server: npm install failed; last lines of $dest/install.log:" >&2
  tail -n 40 "$dest/install.log" >&2
  exit 1
}
[ -f "$dest/node_modules/code-server/out/node/entry.js" ] || { echo "provision-code-server: entry.js missing after install" >&2; exit 1; }
touch "$marker"
echo "provision-code-server: done"
