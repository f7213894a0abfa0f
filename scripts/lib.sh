# Shared by the scripts in this folder: choose the toolchain that can build
# the WASM side, and small helpers. Source it; don't run it.

# Where cargo puts build output. Scripts and CI keep it outside the clone so
# that a fresh clone still builds incrementally.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The rustup toolchain has the wasm32 target: use it as it is.
rustup_has_wasm() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

# Debian's own Rust (rustc-web) with its standard-library source: the
# fallback where rustup cannot download the wasm32 target.
debian_rust_ready() {
  [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust/library ] && [ -x /usr/bin/rust-lld ] &&
    /usr/bin/rust-lld -flavor wasm --version >/dev/null 2>&1
}

# Where scripts/setup installs wasm-opt (npm's binaryen; Debian's is too old).
BINARYEN_VERSION=123
BINARYEN_DIR=${BINARYEN_DIR:-$HOME/.cache/citizen-privacy/binaryen-$BINARYEN_VERSION}

# Sets LEPTOS_BUILD_ARGS (extra arguments for `cargo leptos`) and PATH so
# that cargo, cargo-leptos and everything they spawn use one toolchain.
use_wasm_toolchain() {
  export PATH="$BINARYEN_DIR/node_modules/.bin:$PATH"
  if rustup_has_wasm; then
    LEPTOS_BUILD_ARGS=()
  elif debian_rust_ready; then
    # Debian's cargo first in PATH; the standard library is compiled for
    # wasm32 from source, which needs the nightly-only -Zbuild-std flag.
    export PATH="/usr/bin:$PATH"
    export RUSTC_BOOTSTRAP=1
    LEPTOS_BUILD_ARGS=(--lib-cargo-args=-Zbuild-std=std,panic_abort)
  else
    echo "no Rust toolchain can build wasm32 here: run scripts/setup first" >&2
    return 1
  fi
}

# A free TCP port on the loopback interface.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The wasm-bindgen version pinned in Cargo.lock.
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# Where scripts/setup installs schemathesis.
SCHEMATHESIS_VENV=${SCHEMATHESIS_VENV:-$HOME/.cache/citizen-privacy/schemathesis}

# Where scripts/setup installs aiosmtpd; the tests start it from here.
AIOSMTPD_VENV=${AIOSMTPD_VENV:-$HOME/.cache/citizen-privacy/aiosmtpd}
export AIOSMTPD_PYTHON=${AIOSMTPD_PYTHON:-$AIOSMTPD_VENV/bin/python}
