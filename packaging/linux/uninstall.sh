#!/bin/sh
# Remove what install.sh added under ~/.local, and nothing else: the files and folders
# listed in ~/.local/lib/RPGMyLife/install-manifest.txt (a folder only when empty,
# so anything you put there yourself stays). Your game (~/.local/share/RPGMyLife)
# is never touched.
set -eu

PREFIX=${RPGMYLIFE_PREFIX:-$HOME/.local}
TARGET=$PREFIX/lib/RPGMyLife
MANIFEST=$TARGET/install-manifest.txt

if [ ! -f "$MANIFEST" ]; then
    echo "uninstall.sh: RPGMyLife is not installed under $PREFIX (no $MANIFEST)." >&2
    exit 1
fi

MIME=$PREFIX/share/mime
# Whether install.sh made the MIME folder: then the caches update-mime-database wrote
# in it are the install's too, and go with it.
made_mime=$(grep -cx "d $MIME" "$MANIFEST" || true)

# Files first; then folders, innermost first (the manifest lists them outermost first).
grep '^f ' "$MANIFEST" | cut -c3- | while IFS= read -r path; do
    rm -f "$path"
done
app=$(grep '^a ' "$MANIFEST" | cut -c3-)
folders=$(grep '^d ' "$MANIFEST" | cut -c3- | awk '{ lines[NR] = $0 } END { for (i = NR; i > 0; i--) print lines[i] }')
case "$app" in
    "$TARGET") rm -rf "$app" ;;
    *) echo "uninstall.sh: the manifest names $app, not $TARGET; leaving it." >&2 ;;
esac
if [ -d "$MIME/packages" ]; then
    if [ "$made_mime" != 0 ] && [ -z "$(ls -A "$MIME/packages")" ]; then
        rm -rf "$MIME"
    elif command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$MIME" >/dev/null 2>&1 || true
    fi
fi
printf '%s\n' "$folders" | while IFS= read -r dir; do
    [ -n "$dir" ] && rmdir "$dir" 2>/dev/null || true
done
echo "RPGMyLife is removed. Your game data was not touched."
