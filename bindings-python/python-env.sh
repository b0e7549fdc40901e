# Shared by bindings-python/test.sh and benches/compare/run.sh (sourced, not run):
# a virtual environment with exactly a requirements file, and the iuran wheel in it.

# python_env VENV REQUIREMENTS [PYTHON]: make VENV with exactly REQUIREMENTS, or reuse it
# while the requirements file and the Python version are unchanged (a hash stamp).
python_env() {
    local venv="$1" requirements="$2" python="${3:-python3}"
    local stamp="$venv/.requirements.sha256" want
    want="$( { cat "$requirements"; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
    if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        echo "requirements unchanged: reusing it"
    else
        rm -rf "$venv"
        "$python" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
        echo "$want" >"$stamp"
    fi
}

# install_iuran VENV PROFILE TARGET: build the iuran wheel with VENV's maturin in cargo
# PROFILE (dev or release) into TARGET/python-wheel, and install it into VENV.
install_iuran() {
    local venv="$1" profile="$2" target="$3" wheels
    wheels="$(mktemp -d)"
    (cd "$(dirname "${BASH_SOURCE[0]}")" && CARGO_TARGET_DIR="$target/python-wheel" \
        "$venv/bin/maturin" build --profile "$profile" --interpreter "$venv/bin/python" --out "$wheels" --quiet)
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheels"/iuran-*.whl
    rm -rf "$wheels"
}
