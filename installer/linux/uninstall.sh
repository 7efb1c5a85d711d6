#!/bin/sh
# Removes itfriend installed by install.sh: the app folder this script lives in, the launcher,
# icon, AppStream data, command link and start-at-login entry. Your data (people, notes,
# settings, logs) is kept unless you pass --purge.
set -eu

usage() {
    echo "usage: $0 [--purge]" >&2
    exit 2
}

purge=no
while [ $# -gt 0 ]; do
    case $1 in
        --purge) purge=yes; shift ;;
        *) usage ;;
    esac
done

prefix=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
config_home=${XDG_CONFIG_HOME:-$HOME/.config}
state_home=${XDG_STATE_HOME:-$HOME/.local/state}

if [ ! -x "$prefix/itfriend" ]; then
    echo "uninstall.sh: $prefix does not look like an itfriend installation" >&2
    exit 1
fi
"$prefix/itfriend" quit >/dev/null 2>&1 || true

rm -f "$data_home/applications/io.github.itfriend.desktop"
rm -f "$data_home/icons/hicolor/scalable/apps/io.github.itfriend.svg"
rm -f "$data_home/metainfo/io.github.itfriend.metainfo.xml"
if [ "$(readlink "$HOME/.local/bin/itfriend" 2>/dev/null || true)" = "$prefix/itfriend" ]; then
    rm -f "$HOME/.local/bin/itfriend"
fi
# The start-at-login entry, whether install.sh or itfriend's own setting wrote it.
autostart=$config_home/autostart/itfriend.desktop
if [ -f "$autostart" ] && grep -q "$prefix/itfriend" "$autostart"; then
    rm -f "$autostart"
fi
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$data_home/applications" >/dev/null 2>&1 || true
fi

if [ "$purge" = yes ]; then
    # The folders platformdirs gives itfriend on Linux (see itfriend/core/paths.py).
    rm -rf "$data_home/itfriend" "$config_home/itfriend" "$state_home/itfriend"
    echo "itfriend and its data are removed."
else
    echo "itfriend is removed. Your data is kept in $data_home/itfriend"
fi
rm -rf "$prefix"
