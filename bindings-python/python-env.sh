# Shared by bindings-python/test.sh, docs/build.sh and benches/compare/run.sh (sourced, not
# run): a virtual environment with exactly a requirements file, and the iuran wheel in it.
# Long steps report progress (scripts/progress.sh).

if ! declare -F quietly >/dev/null; then
    # shellcheck source=../scripts/progress.sh
    source "$(dirname "${BASH_SOURCE[0]}")/../scripts/progress.sh"
fi

# python_env VENV REQUIREMENTS [PYTHON]: make VENV with exactly REQUIREMENTS, or reuse it
# while the requirements file and the Python version are unchanged (a hash stamp).
python_env() {
    local venv="$1" requirements="$2" python="${3:-python3}"
    local stamp="$venv/.requirements.sha256" want
    want="$( { cat "$requirements"; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
    if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        echo "requirements unchanged: reusing $venv"
    else
        rm -rf "$venv"
        echo "making $venv: $("$python" --version), $(grep -cE '^[A-Za-z0-9]' "$requirements") requirements of $(basename "$requirements") and what they need"
        "$python" -m venv "$venv"
        quietly "pip install" "$venv/bin/python" -m pip install --disable-pip-version-check --no-input \
            --progress-bar off -r "$requirements"
        echo "$want" >"$stamp"
    fi
}

# install_iuran VENV PROFILE TARGET: build the iuran wheel with VENV's maturin in cargo
# PROFILE (dev or release) into TARGET/python-wheel, and install it into VENV.
install_iuran() {
    local venv="$1" profile="$2" target="$3" wheels
    wheels="$(mktemp -d)"
    quietly "maturin build --profile $profile" env -C "$(dirname "${BASH_SOURCE[0]}")" \
        CARGO_TARGET_DIR="$target/python-wheel" \
        "$venv/bin/maturin" build --profile "$profile" --interpreter "$venv/bin/python" --out "$wheels"
    quietly "pip install the wheel" "$venv/bin/python" -m pip install --disable-pip-version-check --no-input \
        --force-reinstall --no-deps "$wheels"/iuran-*.whl
    rm -rf "$wheels"
}
