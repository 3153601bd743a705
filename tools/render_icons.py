"""Render resources/icons/studyapp.svg to the PNG sizes desktops and the window ask for.

    .venv/bin/python tools/render_icons.py [--check]

Run it after editing the SVG and commit the PNGs: the window and the bundle use the PNGs, so
the app never needs the SVG plugins at run time. `--check` only says whether they are current.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Rendering needs no display; a desktop session's own platform would work too, but this keeps
# the script usable over ssh and in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SVG = ICONS / "studyapp.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return ICONS / f"studyapp-{size}.png"


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a PNG is out of date")
    args = parser.parse_args()
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"error: {SVG} is not a valid SVG for QtSvg", file=sys.stderr)
        return 1
    stale = []
    for size in SIZES:
        png = render(renderer, size)
        target = png_path(size)
        if args.check:
            if not target.is_file() or target.read_bytes() != png:
                stale.append(target.name)
            continue
        target.write_bytes(png)
        print(f"wrote {target.relative_to(ICONS.parents[1])} ({len(png)} bytes)")
    if stale:
        print(f"out of date: {', '.join(stale)}; run tools/render_icons.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
