#!/usr/bin/env bash
# System packages the tests need besides Python: LibreOffice and poppler (briefing notes to PDF and
# PNG), Chromium (widget browser tests) and PostgreSQL (scale-out tests). Installs only what is
# missing, from Debian's packages; a machine without apt (or not root) gets a clear message and the
# tests that need a missing program are skipped with the same message.
set -euo pipefail

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui fonts-liberation2)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != "0" ]; then
  echo "install_system_deps: missing ${need[*]} (install them with your package manager)" >&2
  exit 0
fi
echo "install_system_deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
