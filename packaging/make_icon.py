"""Draw the Qandas icon (packaging/qandas.png and packaging/qandas.ico).

A developer tool, run once when the design changes; both files are committed so a
build needs neither this script nor Pillow. The design: the sky blue and sun gold of
Kazakhstan's flag, and a house, for a family's new home.

    python packaging/make_icon.py
"""
from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SKY = (0, 175, 202, 255)
GOLD = (254, 197, 12, 255)
WHITE = (255, 255, 255, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = 1024) -> Image.Image:
    """Drawn large and scaled down, so the edges are smooth at every icon size."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = size / 256
    pen.rounded_rectangle((8 * unit, 8 * unit, 248 * unit, 248 * unit), radius=44 * unit, fill=SKY)
    centre_x, centre_y, radius = 128 * unit, 92 * unit, 34 * unit
    for ray in range(16):
        angle = 2 * math.pi * ray / 16
        inner, outer, half = radius + 8 * unit, radius + 28 * unit, math.pi / 40
        pen.polygon([
            (centre_x + inner * math.cos(angle - half), centre_y + inner * math.sin(angle - half)),
            (centre_x + outer * math.cos(angle), centre_y + outer * math.sin(angle)),
            (centre_x + inner * math.cos(angle + half), centre_y + inner * math.sin(angle + half)),
        ], fill=GOLD)
    pen.ellipse((centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius), fill=GOLD)
    # The house: a roof and a body with a door cut out in the background colour.
    pen.polygon([(56 * unit, 164 * unit), (128 * unit, 112 * unit), (200 * unit, 164 * unit)], fill=WHITE)
    pen.rectangle((76 * unit, 160 * unit, 180 * unit, 222 * unit), fill=WHITE)
    pen.rectangle((114 * unit, 180 * unit, 142 * unit, 222 * unit), fill=SKY)
    return image


def main() -> None:
    large = draw()
    png = large.resize((256, 256), Image.LANCZOS)
    png.save(HERE / "qandas.png")
    large.save(HERE / "qandas.ico", sizes=ICO_SIZES)
    print(HERE / "qandas.png")
    print(HERE / "qandas.ico")


if __name__ == "__main__":
    main()
