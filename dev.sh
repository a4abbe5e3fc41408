#!/usr/bin/env bash
# The two set-up commands of the README:
#   bash dev.sh demo   install into .venv (when missing or stale) and build the graph of seeds/ into out/
#   bash dev.sh test   install into .venv (when missing or stale) and run the tests
# and the one that pins what they install:
#   bash dev.sh lock   regenerate constraints.txt (every package at its newest version pyproject.toml allows)
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.installed

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
            # Debian ships venv separately; install it when we may (root), else say how.
            rm -rf "$VENV"
            if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
                apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
                "$PYTHON" -m venv "$VENV"
            else
                echo "dev.sh: '$PYTHON -m venv' failed; install python3-venv (sudo apt-get install python3-venv) and retry" >&2
                exit 1
            fi
        fi
    fi
    if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ] || [ constraints.txt -nt "$STAMP" ]; then
        "$VENV/bin/python" -m pip install -q --upgrade pip
        # constraints.txt pins every package (direct or not), so a new upstream release cannot break a fresh clone.
        "$VENV/bin/python" -m pip install -q -c constraints.txt -e ".[test]"
        touch "$STAMP"
    fi
}

case "${1:-}" in
    demo)
        ensure_venv
        "$VENV/bin/kg" build seeds -o out
        ;;
    test)
        ensure_venv
        shift
        "$VENV/bin/python" -m pytest "$@"
        ;;
    lock)
        ensure_venv
        "$VENV/bin/python" -m pip install -q "uv>=0.9,<1"
        "$VENV/bin/uv" pip compile pyproject.toml --all-extras --universal --python-version 3.11 --upgrade --no-header -o constraints.txt
        ;;
    *)
        echo "usage: bash dev.sh demo|test [pytest args]|lock" >&2
        exit 2
        ;;
esac
