#!/usr/bin/env python3
"""Cuts a classic pcap into N pieces of about equal size at packet boundaries (benchmark input).
usage: split-pcap.py CAPTURE.pcap N OUTDIR   -> OUTDIR/piece-000.pcap ..."""
import os, struct, sys

src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)
size = os.path.getsize(src)
with open(src, 'rb') as f:
    header = f.read(24)
    magic = struct.unpack('<I', header[:4])[0]
    fmt = '<IIII' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>IIII'
    target = (size - 24) / n
    i, written, o = 0, 0, None
    while True:
        rec = f.read(16)
        if len(rec) < 16:
            break
        incl = struct.unpack(fmt, rec)[2]
        if o is None or (written >= target * (i) and i < n):
            if o:
                o.close()
            o = open(os.path.join(out, 'piece-%03d.pcap' % i), 'wb')
            o.write(header)
            i += 1
        o.write(rec)
        o.write(f.read(incl))
        written += 16 + incl
    o.close()
print(i, 'pieces')
