#!/usr/bin/env python3
"""Reads a PNG (8-bit RGB or RGBA, not interlaced: what Chromium's --screenshot writes) with the
standard library only, and prints facts about its pixels for the browser test:

    png_pixels.py FILE.png [#rrggbb ...]

prints "size W H", "distinct N" (distinct colours), "nonwhite F" (fraction of pixels that are not
near-white), then one "colour #rrggbb COUNT" line per colour asked for (pixels within 12 per channel).
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + predictor) & 255
        rows.append(bytes(line))
        previous = line
    pixels = [tuple(row[x * channels:x * channels + 3]) for row in rows for x in range(width)]
    return width, height, pixels


def main():
    width, height, pixels = read_png(sys.argv[1])
    print("size", width, height)
    print("distinct", len(set(pixels)))
    nonwhite = sum(1 for p in pixels if min(p) < 235)
    print("nonwhite", round(nonwhite / len(pixels), 4))
    for hex_colour in sys.argv[2:]:
        want = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        count = sum(1 for p in pixels if all(abs(a - b) <= 12 for a, b in zip(p, want)))
        print("colour", hex_colour, count)


if __name__ == "__main__":
    main()
