#!/bin/sh
# Renders projects/extension/icons/icon.svg to the committed PNG icons (needs ImageMagick's convert).
set -eu
dir="$(dirname "$0")/../../projects/extension/icons"
for size in 16 32 48 128; do
  convert -background none -density 384 "$dir/icon.svg" -resize "${size}x${size}" -strip "PNG32:$dir/icon-$size.png"
done
