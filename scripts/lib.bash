# Shared by the scripts of this folder (sourced, never run): messages, CI, and apt-get as root.

die() { printf '%s\n' "$*" >&2; exit 1; }
note() { printf '%s\n' "$*" >&2; }

# CI=true (GitHub Actions and most CI services, .ci/run): nothing may be skipped silently there.
in_ci() { case "${CI:-}" in true | TRUE | True | 1 | yes) return 0 ;; *) return 1 ;; esac }

# Sets AS_ROOT to what runs a command as root without asking anything (nothing when we are root,
# `sudo -n` when sudo needs no password); fails when neither: a script never stops to ask for a password.
can_be_root() {
  if [ "$(id -u)" = 0 ]; then
    AS_ROOT=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    AS_ROOT=(sudo -n)
  else
    return 1
  fi
}

# apt_install PACKAGE...: Debian's packages, after can_be_root; stops the script when apt-get fails.
apt_install() {
  "${AS_ROOT[@]}" apt-get update -qq || die "apt-get update a échoué : impossible d'installer $*."
  "${AS_ROOT[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || die "apt-get install $* a échoué."
}
