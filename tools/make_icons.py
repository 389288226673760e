#!/usr/bin/env python3
"""Draws the Rencontres app icon (a blue tile with a ring of gold dots and a white "R"-less
meeting circle) as RGBA PNGs in assets/icons, with no dependency beyond the standard library."""
import math, struct, zlib, pathlib

def png(size):
    px = bytearray()
    c = size / 2
    r_ring = size * 0.30
    r_dot = size * 0.055
    dots = [(c + r_ring * math.cos(2 * math.pi * k / 12), c + r_ring * math.sin(2 * math.pi * k / 12)) for k in range(12)]
    radius = size * 0.2
    for y in range(size):
        px.append(0)
        for x in range(size):
            fx, fy = x + 0.5, y + 0.5
            # rounded tile
            dx = max(radius - fx, 0, fx - (size - radius))
            dy = max(radius - fy, 0, fy - (size - radius))
            inside = dx * dx + dy * dy <= radius * radius
            if not inside:
                px += b"\x00\x00\x00\x00"
                continue
            col = (30, 58, 138, 255)
            d = math.hypot(fx - c, fy - c)
            if d < size * 0.14:
                col = (255, 255, 255, 255)
            for (ax, ay) in dots:
                if math.hypot(fx - ax, fy - ay) <= r_dot:
                    col = (250, 204, 21, 255)
            px += bytes(col)
    raw = zlib.compress(bytes(px), 9)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")

out = pathlib.Path(__file__).resolve().parent.parent / "assets" / "icons"
out.mkdir(parents=True, exist_ok=True)
for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
    (out / name).write_bytes(png(size))
print("icons written to", out)
