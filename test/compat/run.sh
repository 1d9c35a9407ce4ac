#!/usr/bin/env bash
# aws-cdk-lib compatibility job: synthesizes the reference app (defaults and every option on) and
# every example with the lowest and the newest aws-cdk-lib of the declared peer range, each in a
# copy of the repository whose node_modules has that aws-cdk-lib (the repository is not touched).
#
#   bash test/compat/run.sh [VERSION ...]    # default: the peer range's lowest and newest
#
# Needs `npm ci` done in the repository (the copies hard-link its node_modules).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

range="$(node -p 'require("./package.json").peerDependencies["aws-cdk-lib"]')"
if [ "$#" -gt 0 ]; then
  versions=("$@")
else
  lowest="${range#^}"
  # The newest release inside the range (npm lists the matching versions in publication order, not sorted).
  newest="$(npm view "aws-cdk-lib@$range" version --json | node -e '
    const v = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8")));
    const key = (s) => s.split(".").map(Number);
    v.sort((a, b) => { const x = key(a), y = key(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    console.log(v[v.length - 1])')"
  versions=("$lowest" "$newest")
fi
constructs="$(node -p 'require("./node_modules/constructs/package.json").version')"
work="$(mktemp -d -t cdp-compat-XXXXXX)"
trap 'rm -rf "$work"' EXIT

failed=()
for v in "${versions[@]}"; do
  start=$SECONDS
  echo "== aws-cdk-lib $v (peer range $range)"
  npm install --prefix "$work/deps-$v" --no-audit --no-fund --no-save --loglevel=error "aws-cdk-lib@$v" "constructs@$constructs" >/dev/null
  copy="$work/repo-$v"
  mkdir -p "$copy"
  # The sources as they are (committed or not), without build outputs; node_modules hard-linked.
  for f in "$repo"/* "$repo"/.[!.]*; do
    case "$(basename "$f")" in node_modules|cdk.out|.app|.git|coverage|test-reports|reports|.stryker-tmp*) continue ;; esac
    cp -a "$f" "$copy/"
  done
  cp -al "$repo/node_modules" "$copy/node_modules"
  for dep in "$work/deps-$v/node_modules"/* "$work/deps-$v/node_modules"/@aws-cdk/*; do
    name="${dep#"$work/deps-$v/node_modules/"}"
    [ "$name" = "@aws-cdk" ] && continue
    rm -rf "${copy:?}/node_modules/$name"
    mkdir -p "$(dirname "$copy/node_modules/$name")"
    mv "$dep" "$copy/node_modules/$name"
  done
  got="$(cd "$copy" && node -p 'require("aws-cdk-lib/package.json").version')"
  if [ "$got" != "$v" ]; then
    echo "expected aws-cdk-lib $v in the copy, found $got" >&2
    exit 1
  fi
  if (cd "$copy" && node .ci/synth-apps.js "$work/out-$v"); then
    echo "== aws-cdk-lib $v: every app synthesized ($((SECONDS - start)) s)"
  else
    echo "== aws-cdk-lib $v: FAILED ($((SECONDS - start)) s)" >&2
    failed+=("$v")
  fi
  rm -rf "$copy" "$work/out-$v" "$work/deps-$v"
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "compatibility: the apps fail to synthesize with aws-cdk-lib ${failed[*]}" >&2
  exit 1
fi
echo "compatibility: aws-cdk-lib ${versions[*]}: the reference app and every example synthesize"
