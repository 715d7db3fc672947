#!/usr/bin/env bash
# Install a built one-folder bundle system-wide on Linux: /opt/xclib-desk, a menu entry, an icon.
# The user's data (platformdirs: ~/.local/share/xclib-desk) is never touched by install/upgrade.
set -euo pipefail
BUNDLE=${1:-dist/xclib-desk}
[ -x "$BUNDLE/xclib-desk" ] || { echo "no bundle at $BUNDLE" >&2; exit 2; }
"$BUNDLE/xclib-desk" --self-test
rm -rf /opt/xclib-desk.new && cp -a "$BUNDLE" /opt/xclib-desk.new
rm -rf /opt/xclib-desk.old && { [ -d /opt/xclib-desk ] && mv /opt/xclib-desk /opt/xclib-desk.old || true; }
mv /opt/xclib-desk.new /opt/xclib-desk
HERE=$(dirname "$0")
install -Dm644 "$HERE/xclib-desk.desktop" /usr/share/applications/xclib-desk.desktop
install -Dm644 "$HERE/xclib-desk.svg" /usr/share/icons/hicolor/scalable/apps/xclib-desk.svg
echo "installed $(/opt/xclib-desk/xclib-desk --version)"
