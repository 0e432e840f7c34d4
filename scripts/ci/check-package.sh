#!/usr/bin/env bash
# Packs kube-harden as npm would publish it, checks what the tarball holds, then installs it into fresh consumer
# projects and type-checks and runs every entry point under each TypeScript module-resolution mode users have:
#   - cdk8s's own TypeScript app template (CommonJS, default resolution), run with the real `cdk8s synth`;
#   - node16 CommonJS, nodenext ESM and bundler.
# The mode projects set skipLibCheck, as most projects do (@pulumi/policy's own declarations do not check under node16).
# Dependencies are installed at the versions the lock file pins, so they come from npm's cache when it has them.
# Usage: bash scripts/ci/check-package.sh [NODE_BIN_DIR...]
#   Packs, installs and type-checks with the Node first on PATH, then runs the entry points, `cdk8s synth` and the
#   CLI under that Node and under each Node bin directory given.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/scripts/ci/consumer"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-package: $*" >&2; exit 1; }
version_of() { node -p "require('$root/node_modules/$1/package.json').version"; }

echo "check-package: Node $(node --version)"
(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball=$(ls "$work"/kube-harden-*.tgz)
tar tzf "$tarball" | sed 's|^package/||' | sort > "$work/contents"
for required in dist/index.js dist/index.d.ts dist/cdk8s/index.d.ts dist/pulumi/index.d.ts dist/audit/index.d.ts \
                dist/cli/main.js bin/kube-harden README.md LICENSE API.md RULES.md docs/README.md; do
  grep -qx "$required" "$work/contents" || fail "the tarball lacks $required"
done
if grep -E '^(\.docs-samples|bench|scripts|\.ci|test|lib|examples|coverage|test-reports)/|\.map$|\.tsbuildinfo$' "$work/contents"; then
  fail "the tarball ships files that are not part of the package (listed above)"
fi
echo "check-package: tarball $(basename "$tarball"): $(wc -l < "$work/contents") files, $(du -k "$tarball" | cut -f1) KiB"

app="$work/app"
mkdir -p "$app"
cp "$root/node_modules/cdk8s-cli/templates/typescript-app/tsconfig.json" "$app/tsconfig.json"
cp "$here/main.ts" "$app/main.ts"
cp "$here/imports.ts" "$app/imports.cts"
cp "$here/imports.ts" "$app/imports.mts"
printf 'language: typescript\napp: npx ts-node main.ts\n' > "$app/cdk8s.yaml"
cat > "$app/package.json" <<JSON
{
  "name": "kube-harden-consumer",
  "private": true,
  "dependencies": {
    "kube-harden": "file:$tarball",
    "cdk8s": "$(version_of cdk8s)",
    "cdk8s-plus-33": "$(version_of cdk8s-plus-33)",
    "constructs": "$(version_of constructs)",
    "@pulumi/pulumi": "$(version_of @pulumi/pulumi)",
    "@pulumi/kubernetes": "$(version_of @pulumi/kubernetes)",
    "@pulumi/policy": "$(version_of @pulumi/policy)"
  },
  "devDependencies": {
    "typescript": "$(version_of typescript)",
    "ts-node": "$(version_of ts-node)",
    "@types/node": "$(version_of @types/node)"
  }
}
JSON
(cd "$app" && npm install --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null)

mode_config() { # name module moduleResolution file
  cat > "$app/tsconfig.$1.json" <<JSON
{ "compilerOptions": { "module": "$2", "moduleResolution": "$3", "target": "ES2022", "strict": true,
  "noEmit": true, "skipLibCheck": true, "types": ["node"] }, "files": ["$4"] }
JSON
}
mode_config node16 node16 node16 imports.cts
mode_config nodenext nodenext nodenext imports.mts
mode_config bundler esnext bundler imports.mts

cd "$app"
npx tsc --noEmit -p tsconfig.json || fail "cdk8s's TypeScript template does not type-check kube-harden/cdk8s"
for mode in node16 nodenext bundler; do
  npx tsc -p "tsconfig.$mode.json" || fail "the entry points do not type-check under moduleResolution $mode"
done
echo "check-package: types resolve under the cdk8s template (node10), node16, nodenext and bundler"

npx tsc -p tsconfig.nodenext.json --noEmit false --outDir esm || fail "imports.mts does not compile"
for bin in "$(dirname "$(command -v node)")" "$@"; do
  PATH="$bin:$PATH"
  label="Node $(node --version)"
  npx ts-node imports.cts | sed "s/^/check-package: $label CommonJS: /"
  node esm/imports.mjs | sed "s/^/check-package: $label ESM: /"
  rm -rf dist
  "$root/node_modules/.bin/cdk8s" synth --no-check-upgrade >/dev/null || fail "$label: cdk8s synth failed in the template project"
  ls dist/*.k8s.yaml >/dev/null || fail "$label: cdk8s synth wrote no manifests"
  [ "$(npx kube-harden --version)" = "$(node -p "require('kube-harden/package.json').version")" ] || fail "$label: the kube-harden bin does not run"
  set +e
  npx kube-harden audit dist --fail-on error > audit.txt
  code=$?
  set -e
  [ "$code" -le 1 ] || { cat audit.txt; fail "$label: kube-harden audit of the synthesized app exited $code"; }
  echo "check-package: $label: cdk8s synth in the template project wrote $(cat dist/*.k8s.yaml | grep -c '^kind:') objects; audit $(grep -m1 'Score' audit.txt)"
done
