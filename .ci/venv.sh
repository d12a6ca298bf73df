# Sourced by the CI scripts that need Python tools: makes (or reuses) a virtualenv with pinned
# versions of jsonschema (+ rfc3987 for its URI format checks) and pre-commit, and sets $ci_python
# and $ci_bin. COPYDESK_CI_VENV moves it; the default lives under target/, which CI builds anyway.
ci_venv=${COPYDESK_CI_VENV:-$PWD/target/ci-venv}
if [ ! -x "$ci_venv/bin/python" ]; then
  python3 -m venv "$ci_venv"
fi
"$ci_venv/bin/pip" install --quiet --disable-pip-version-check \
  jsonschema==4.26.0 rfc3987==1.3.8 pre-commit==4.7.0
ci_bin=$ci_venv/bin
ci_python=$ci_bin/python
