#!/usr/bin/env bash
# Installs the oldest framework versions kube-harden's peer ranges admit (the `^` floors in package.json's
# peerDependencies) into a copy of the checkout and runs the adapter suites against them, so every range we publish
# starts at a version CI has proved. Usage: bash scripts/ci/floor-versions.sh [extra jest args]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
work="$scratch/kube-harden"
mkdir -p "$work"
# The conformance data the suites read from ../shared.
[ -d "$root/../shared" ] && ln -s "$(cd "$root/../shared" && pwd)" "$scratch/shared"

floors=$(node -e '
  const peers = require(process.argv[1]).peerDependencies;
  console.log(Object.entries(peers).map(([name, range]) => `${name}@${range.replace(/^\^/, "")}`).join(" "));
' "$root/package.json")
echo "floor-versions: Node $(node --version); installing $floors"

# A copy of the checkout (tracked and untracked-but-not-ignored files) whose dev dependencies pin each framework at
# its floor, installed as a project pinned there would be.
(cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$work"
(cd "$work" && node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  for (const [name, range] of Object.entries(pkg.peerDependencies)) pkg.devDependencies[name] = range.replace(/^\^/, "");
  fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2));
')
(cd "$work" && npm install --prefer-offline --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
(cd "$work" && node -e '
  const peers = require("./package.json").peerDependencies;
  for (const [name, range] of Object.entries(peers)) {
    const installed = require(`${name}/package.json`).version.replace(/^v/, "");
    if (installed !== range.replace(/^\^/, "")) { console.error(`floor-versions: ${name} is ${installed}, not its floor ${range}`); process.exit(1); }
  }
  console.log("floor-versions: installed", Object.keys(peers).map((n) => `${n}@${require(`${n}/package.json`).version}`).join(", "));
')
cd "$work"
npx tsc --noEmit -p tsconfig.json
set +e
npx jest --ci test/cdk8s test/pulumi test/parity "$@"
code=$?
set -e
mkdir -p "$root/test-reports" && cp test-reports/junit.xml "$root/test-reports/junit-floor.xml"
exit $code
