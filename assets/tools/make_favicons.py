#!/usr/bin/env python3
"""Write hoanhap's own favicon (favicon.svg + favicon.ico) into OUT_DIR.

The mark is two overlapping rings in GOV.UK blue (#1d70b8): no crown, no text.
Pure standard library and no compression, so the output is byte-identical on
every machine and every run.

Usage: python3 make_favicons.py OUT_DIR [--png FILE.png]   (--png: preview only)
"""
import struct
import sys
from pathlib import Path

BLUE = (0x1D, 0x70, 0xB8)
# Geometry in a 32x32 design grid: two circles, stroked.
CIRCLES = ((11.5, 16.0), (20.5, 16.0))
RADIUS = 8.5
STROKE = 4.0

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<g fill="none" stroke="#1d70b8" stroke-width="4">'
    '<circle cx="11.5" cy="16" r="8.5"/><circle cx="20.5" cy="16" r="8.5"/>'
    "</g></svg>\n"
)


def coverage(size, samples=8):
    """Alpha (0-255) per pixel, rows top to bottom, by supersampling."""
    scale = 32.0 / size
    inner, outer = RADIUS - STROKE / 2, RADIUS + STROKE / 2
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            hits = 0
            for sy in range(samples):
                y = (py + (sy + 0.5) / samples) * scale
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) * scale
                    for cx, cy in CIRCLES:
                        d2 = (x - cx) ** 2 + (y - cy) ** 2
                        if inner * inner <= d2 <= outer * outer:
                            hits += 1
                            break
            row.append((hits * 255 + samples * samples // 2) // (samples * samples))
        rows.append(row)
    return rows


def ico_image(size):
    """One 32-bit BMP (DIB) icon image: header, BGRA bottom-up, AND mask."""
    alpha = coverage(size)
    pixels = b"".join(
        struct.pack("<4B", BLUE[2], BLUE[1], BLUE[0], a)
        for row in reversed(alpha)
        for a in row
    )
    mask_row = ((size + 31) // 32) * 4
    mask = bytes(mask_row * size)  # all zero: transparency comes from alpha
    header = struct.pack(
        "<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0
    )
    return header + pixels + mask


def ico(sizes=(16, 32)):
    images = [ico_image(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for s, img in zip(sizes, images, strict=True):
        out += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(img), offset)
        offset += len(img)
    return out + b"".join(images)


def preview_png(path, size=128):
    """Preview on white (uses zlib; not part of the shipped output)."""
    import zlib

    raw = b""
    for row in coverage(size, samples=4):
        raw += b"\x00" + b"".join(
            bytes(round(255 + (c - 255) * a / 255) for c in BLUE) for a in row
        )

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    Path(path).write_bytes(png)


def main(argv):
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    (out / "favicon.svg").write_text(SVG, encoding="ascii", newline="\n")
    (out / "favicon.ico").write_bytes(ico())
    if len(argv) == 4 and argv[2] == "--png":
        preview_png(argv[3])


if __name__ == "__main__":
    main(sys.argv)
