#!/usr/bin/env python3
"""Two X11 actions the install test needs and Debian's tools lack (python3-xlib, DISPLAY set):
  x11.py close WINDOW_ID   send WM_DELETE_WINDOW, as a window manager's close button does
  x11.py shot FILE.png     save the whole screen as a PNG (no ImageMagick needed)
"""
import struct
import sys
import zlib

from Xlib import X, display, protocol


def close(window_id):
    d = display.Display()
    w = d.create_resource_object("window", int(window_id, 16))
    protocols, delete = d.intern_atom("WM_PROTOCOLS"), d.intern_atom("WM_DELETE_WINDOW")
    w.send_event(protocol.event.ClientMessage(window=w, client_type=protocols,
                                              data=(32, [delete, X.CurrentTime, 0, 0, 0])))
    d.sync()


def shot(path):
    root = display.Display().screen().root
    g = root.get_geometry()
    raw = root.get_image(0, 0, g.width, g.height, X.ZPixmap, 0xFFFFFFFF).data
    stride = g.width * 4
    rows = bytearray()
    for y in range(g.height):
        line = raw[y * stride:(y + 1) * stride]
        rgb = bytearray(g.width * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = line[2::4], line[1::4], line[0::4]
        rows += b"\0" + rgb

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", g.width, g.height, 8, 2, 0, 0, 0))
                  + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    {"close": close, "shot": shot}[sys.argv[1]](sys.argv[2])
