#!/usr/bin/env bash
# Install the Debian packages that Taslim needs and that are missing; do nothing when all are
# present (one dpkg-query call, well under a second).
#
#   tools/ensure-system-packages.sh run    Qt's libraries and fonts: enough to run the app
#   tools/ensure-system-packages.sh test   the above, plus what the tests and checks use
#
# As root it installs what is missing (apt-get update once, first). As anyone else it prints the
# exact command to run and exits 1. On a system without dpkg it names the packages and carries on.
set -euo pipefail

purpose="${1:-run}"

# Qt 6 (PySide6 wheels) on X11/xcb and offscreen. Qt's own error blames libxcb-cursor0 when the
# real cause is libxcb-icccm4 or libxcb-keysyms1 (QT_DEBUG_PLUGINS=1 shows it), so list them all.
qt_packages=(
  libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 libgl1 libegl1 libxkbcommon0
  libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
)
# Latin and Arabic text on screen and in PDFs.
font_packages=(fonts-dejavu-core fonts-hosny-amiri)
# A virtual screen for screenshots, and tools nobody here wrote to check the PDFs we make;
# binutils because PyInstaller (the bundle test) reads binaries with objdump and the bundle's
# ICU data is rebuilt with objcopy.
test_packages=(xvfb xauth poppler-utils qpdf zbar-tools libnss3-tools binutils)

case "$purpose" in
  run) wanted=("${qt_packages[@]}" "${font_packages[@]}") ;;
  test) wanted=("${qt_packages[@]}" "${font_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

# Debian's own Python needs python3-venv before `python3 -m venv` works, and its shared
# library (python3-dev) before PyInstaller can bundle it.
python="${PYTHON:-python3}"
if command -v "$python" >/dev/null 2>&1; then
  case "$(command -v "$python")" in
    /usr/bin/*)
      "$python" -c 'import ensurepip' >/dev/null 2>&1 || wanted+=(python3-venv)
      [ "$purpose" = test ] && wanted+=(python3-dev)
      ;;
  esac
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "note: not a Debian system; make sure the equivalents of these are installed:" >&2
  echo "  ${wanted[*]}" >&2
  exit 0
fi

missing=()
installed="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${wanted[@]}" 2>/dev/null || true)"
for package in "${wanted[@]}"; do
  if ! grep -q "^${package} ii" <<<"$installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Taslim needs these system packages. Install them with:" >&2
  echo >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  echo >&2
  exit 1
fi

echo "Installing missing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
