#!/usr/bin/env python3
"""Checks a Spark run over pieces against the local run over the uncut capture (flows.jsonl, tasks.jsonl,
users.jsonl): a piece's frame f is frame (frames of earlier pieces) + f of the capture.
usage: compare.py REF_DIR SPARK_DIR PIECES_DIR"""
import os, re, struct, sys

ref, got, pieces = sys.argv[1:4]
offset, total = {}, 0
for name in sorted(os.listdir(pieces)):
    p = os.path.join(pieces, name)
    offset[p] = total
    with open(p, 'rb') as f:
        f.read(24)
        while True:
            h = f.read(16)
            if len(h) < 16:
                break
            f.seek(struct.unpack('<IIII', h)[2], 1)
            total += 1
FLOW = re.compile(r'^\{"file":"([^"]*)","first_frame":(\d+),')
TASK = re.compile(r'^\{"flow":"([^"]*)#(\d+)","frame":(\d+),')
def lines(p):
    with open(p) as f:
        return [l.rstrip('\n') for l in f if l.strip()]
want = sorted(FLOW.sub(lambda m: '{"first_frame":%s,' % m.group(2), l) for l in lines(os.path.join(ref, 'flows.jsonl')))
have = sorted(FLOW.sub(lambda m: '{"first_frame":%d,' % (offset[re.sub('^file:', '', m.group(1))] + int(m.group(2))), l)
              for l in lines(os.path.join(got, 'flows.jsonl')))
wantt = sorted(TASK.sub(lambda m: '{"flow":%s,"frame":%s,' % (m.group(2), m.group(3)), l) for l in lines(os.path.join(ref, 'tasks.jsonl')))
havet = sorted(TASK.sub(lambda m: '{"flow":%d,"frame":%d,' % (offset[re.sub('^file:', '', m.group(1))] + int(m.group(2)), offset[re.sub('^file:', '', m.group(1))] + int(m.group(3))), l)
               for l in lines(os.path.join(got, 'tasks.jsonl')))
ok = True
for what, a, b in (('flows', want, have), ('tasks', wantt, havet),
                   ('users', lines(os.path.join(ref, 'users.jsonl')), lines(os.path.join(got, 'users.jsonl')))):
    same = a == b
    ok &= same
    print('%s: %d reference lines, %d spark lines, %s' % (what, len(a), len(b), 'identical' if same else 'DIFFERENT'))
sys.exit(0 if ok else 1)
