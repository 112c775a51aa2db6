#!/bin/sh
# Install this RPGMyLife build for the current user, under ~/.local (no root needed):
#   ~/.local/lib/RPGMyLife/                  the app (a copy of this folder)
#   ~/.local/bin/rpgmylife                   the command, for terminals and scripts
#   ~/.local/share/applications/             the menu entry
#   ~/.local/share/icons/hicolor/            the icon, SVG and PNG sizes
#   ~/.local/share/metainfo/                 the AppStream description (software centres)
#   ~/.local/share/mime/packages/            the .rpgbundle file type (then update-mime-database)
# Every file and folder it creates is written to ~/.local/lib/RPGMyLife/install-manifest.txt;
# uninstall.sh removes exactly those. Run again to upgrade (it uninstalls the old copy first).
# Your game (~/.local/share/RPGMyLife) is never touched.
set -eu

APP_ID=io.github.rpgmylife.RPGMyLife
HERE=$(cd "$(dirname "$0")" && pwd -P)
PREFIX=${RPGMYLIFE_PREFIX:-$HOME/.local}
TARGET=$PREFIX/lib/RPGMyLife
MANIFEST=$TARGET/install-manifest.txt
RES=$HERE/_internal/rpgmylife_desktop/resources

if [ ! -x "$HERE/RPGMyLife" ] || [ ! -d "$RES" ]; then
    echo "install.sh: run me from inside the unpacked RPGMyLife folder (RPGMyLife and _internal/ beside me)." >&2
    exit 1
fi
if [ "$HERE" = "$TARGET" ]; then
    echo "install.sh: this copy is already the installed one ($TARGET)." >&2
    exit 1
fi
if [ -f "$MANIFEST" ]; then
    echo "Removing the RPGMyLife installed before..."
    sh "$TARGET/uninstall.sh"
fi
if [ -e "$TARGET" ]; then
    echo "install.sh: $TARGET exists but was not installed by this script; move it away first." >&2
    exit 1
fi

# Creates the folders of $1 that are missing, and lists them, outermost first.
CREATED=""
make_dir() {
    missing=""
    dir=$1
    while [ ! -d "$dir" ]; do
        missing="$dir
$missing"
        dir=$(dirname "$dir")
    done
    mkdir -p "$1"
    CREATED="$CREATED$missing"
}
FILES=""
put() {  # put SOURCE DEST: copy one file, refusing to overwrite one we did not make
    if [ -e "$2" ] || [ -L "$2" ]; then
        echo "install.sh: $2 already exists; leaving it as it is." >&2
        return 0
    fi
    make_dir "$(dirname "$2")"
    cp "$1" "$2"
    FILES="$FILES$2
"
}

make_dir "$PREFIX/lib"
cp -R "$HERE" "$TARGET.partial"
mv "$TARGET.partial" "$TARGET"

SHARE=$PREFIX/share
sed "s|^Exec=RPGMyLife|Exec=\"$TARGET/RPGMyLife\"|" "$RES/linux/$APP_ID.desktop" > "$TARGET/$APP_ID.desktop"
put "$TARGET/$APP_ID.desktop" "$SHARE/applications/$APP_ID.desktop"
rm "$TARGET/$APP_ID.desktop"
put "$RES/linux/$APP_ID.metainfo.xml" "$SHARE/metainfo/$APP_ID.metainfo.xml"
# The .rpgbundle file type, so a file manager opens bundles with the app.
put "$RES/linux/$APP_ID.mime.xml" "$SHARE/mime/packages/$APP_ID.xml"
if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$SHARE/mime" >/dev/null 2>&1 || true
fi
put "$RES/icons/rpgmylife.svg" "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
for png in "$RES"/icons/hicolor/*/apps/$APP_ID.png; do
    size=$(basename "$(dirname "$(dirname "$png")")")
    put "$png" "$SHARE/icons/hicolor/$size/apps/$APP_ID.png"
done
make_dir "$PREFIX/bin"
if [ -e "$PREFIX/bin/rpgmylife" ] || [ -L "$PREFIX/bin/rpgmylife" ]; then
    echo "install.sh: $PREFIX/bin/rpgmylife already exists; leaving it as it is." >&2
else
    ln -s "$TARGET/rpgmylife" "$PREFIX/bin/rpgmylife"
    FILES="$FILES$PREFIX/bin/rpgmylife
"
fi

{
    echo "# Written by install.sh: what uninstall.sh removes (f: file, d: folder if empty)."
    echo "a $TARGET"
    printf '%s' "$FILES" | sed -n 's|^\(..*\)$|f \1|p'
    printf '%s' "$CREATED" | sed -n 's|^\(..*\)$|d \1|p'
} > "$MANIFEST"

echo "RPGMyLife is installed in $TARGET."
echo "Start it from your applications menu, or run: $PREFIX/bin/rpgmylife"
case ":$PATH:" in
    *":$PREFIX/bin:"*) ;;
    *) echo "(Add $PREFIX/bin to your PATH to type just 'rpgmylife'.)" ;;
esac
echo "To remove it: sh $TARGET/uninstall.sh"
