#!/bin/sh
# Installs itfriend for the current user, from the unpacked release tarball:
#   the app folder      -> ~/.local/opt/itfriend (or --prefix DIR)
#   the menu launcher   -> ~/.local/share/applications/io.github.itfriend.desktop
#   the icon            -> ~/.local/share/icons/hicolor/scalable/apps/io.github.itfriend.svg
#   the AppStream data  -> ~/.local/share/metainfo/io.github.itfriend.metainfo.xml
#   the command         -> ~/.local/bin/itfriend (a link)
# With --autostart the same launcher is copied to ~/.config/autostart/itfriend.desktop, the
# entry itfriend's own "start at login" setting manages. No root needed; run it again to update.
set -eu

usage() {
    echo "usage: $0 [--prefix DIR] [--autostart]" >&2
    exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
config_home=${XDG_CONFIG_HOME:-$HOME/.config}
prefix=$HOME/.local/opt/itfriend
autostart=no
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || usage; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --autostart) autostart=yes; shift ;;
        -h|--help) usage ;;
        *) usage ;;
    esac
done

if [ ! -x "$here/itfriend/itfriend" ]; then
    echo "install.sh: $here/itfriend/itfriend is missing: run me from the unpacked tarball" >&2
    exit 1
fi
case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac

# A running itfriend keeps files of the old version open: ask it to quit first.
if [ -x "$prefix/itfriend" ]; then
    "$prefix/itfriend" quit >/dev/null 2>&1 || true
fi

# Copy next to the target, then swap, so a failed copy never leaves half an app behind.
mkdir -p "$(dirname "$prefix")"
staging="$prefix.new.$$"
rm -rf "$staging"
cp -R "$here/itfriend" "$staging"
cp "$here/uninstall.sh" "$staging/uninstall.sh"
chmod 755 "$staging/uninstall.sh"
rm -rf "$prefix"
mv "$staging" "$prefix"

exec_path=$prefix/itfriend
# Desktop entry Exec values quote paths that contain spaces or reserved characters.
case $exec_path in
    *[!A-Za-z0-9_./-]*) exec_value="\"$(printf '%s' "$exec_path" | sed 's/[\\"`$]/\\\\&/g')\"" ;;
    *) exec_value=$exec_path ;;
esac

desktop_dir=$data_home/applications
icon_dir=$data_home/icons/hicolor/scalable/apps
metainfo_dir=$data_home/metainfo
mkdir -p "$desktop_dir" "$icon_dir" "$metainfo_dir" "$HOME/.local/bin"
sed "s|^Exec=.*|Exec=$exec_value|" "$here/io.github.itfriend.desktop" \
    > "$desktop_dir/io.github.itfriend.desktop"
cp "$here/io.github.itfriend.svg" "$icon_dir/io.github.itfriend.svg"
cp "$here/io.github.itfriend.metainfo.xml" "$metainfo_dir/io.github.itfriend.metainfo.xml"
ln -sf "$exec_path" "$HOME/.local/bin/itfriend"

if [ "$autostart" = yes ]; then
    mkdir -p "$config_home/autostart"
    cp "$desktop_dir/io.github.itfriend.desktop" "$config_home/autostart/itfriend.desktop"
fi

# Refresh the menu and icon caches where the tools exist; menus also notice on their own.
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$desktop_dir" >/dev/null 2>&1 || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$data_home/icons/hicolor" >/dev/null 2>&1 || true
fi

echo "itfriend is installed in $prefix"
echo "Start it from your applications menu, or run: $exec_path"
echo "To remove it: $prefix/uninstall.sh (your data is kept unless you add --purge)"
