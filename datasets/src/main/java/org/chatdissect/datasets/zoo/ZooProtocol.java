package org.chatdissect.datasets.zoo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.chatdissect.datasets.net.MessageTag.FieldSpec;

/**
 * A random binary protocol of the zoo, drawn from a seed: a header of typed fields in random order and widths
 * (a magic number, a version, a request/response flag, a length, an opcode, a sequence number, a session id, a user
 * id, a flags byte; each but the magic and the opcode optional), then a body of random bytes; one opcode per user task, a
 * heartbeat, a login, a logout and a sync that follows each login. Nothing here is tuned to what the trainer finds:
 * the draws are uniform over the ranges below, which cover what published binary protocols use.
 *
 * <p>The truth types are the paper's: magic and version are constants, the session and user ids are none of its
 * types (unidentified: a signature must not hold one user), the body is not part of the header. A flags byte is typed
 * bit by bit: one bit tells a response from a request, some bits are constant, the others vary per message.
 */
public final class ZooProtocol {
    /** What a header field carries. */
    public enum Kind { MAGIC, VERSION, REQRESP, LENGTH, OPCODE, SEQUENCE, SESSION, USER, FLAGS }

    /**
     * A flags byte: {@code response} is the bit set in responses and clear in requests, {@code constantMask} the bits
     * every message carries as in {@code constantBits}; the remaining bits are drawn per message.
     */
    public record Flags(int response, int constantMask, int constantBits) {
        public int varyingMask() {
            return 0xff & ~constantMask & ~response;
        }
    }

    /**
     * One header field.
     *
     * @param value  MAGIC and VERSION: the bytes; REQRESP: request then response byte; else unused
     * @param adjust LENGTH: message length = value + adjust (0 when it counts the whole message, the bytes up to its
     *               end when it counts what follows it)
     */
    public record Field(Kind kind, int offset, int length, boolean little, byte[] value, int adjust) {
        public int end() {
            return offset + length;
        }
    }

    /** Tasks every protocol has besides its user tasks. */
    public static final String LOGIN = "login";
    public static final String LOGOUT = "logout";
    public static final String HEARTBEAT = "heartbeat";
    public static final String SYNC = "sync";

    public final long seed;
    public final boolean tcp;
    public final int port;
    public final List<Field> header;
    public final int headerLength;
    /** User tasks, in catalogue order. */
    public final List<String> tasks;
    /** Opcode value of every task, user tasks and the four system ones. */
    public final Map<String, Long> opcodes;
    public final long heartbeatMicros;
    /** The flags byte's bits, or null when the header has none. */
    public final Flags flags;

    private ZooProtocol(long seed, boolean tcp, int port, List<Field> header, List<String> tasks,
            Map<String, Long> opcodes, long heartbeatMicros, Flags flags) {
        this.seed = seed;
        this.tcp = tcp;
        this.port = port;
        this.header = List.copyOf(header);
        this.headerLength = header.isEmpty() ? 0 : header.get(header.size() - 1).end();
        this.tasks = List.copyOf(tasks);
        this.opcodes = Collections.unmodifiableMap(new LinkedHashMap<>(opcodes));
        this.heartbeatMicros = heartbeatMicros;
        this.flags = flags;
    }

    /** The protocol of one seed: same seed, same protocol. */
    public static ZooProtocol draw(long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5A00_5EEDL);
        boolean tcp = r.nextInt(3) == 0;
        List<Kind> kinds = new ArrayList<>(List.of(Kind.MAGIC, Kind.OPCODE));
        if (tcp || r.nextInt(5) < 4) {
            kinds.add(Kind.LENGTH);
        }
        for (Kind k : List.of(Kind.VERSION, Kind.REQRESP, Kind.SEQUENCE, Kind.SESSION, Kind.USER)) {
            if (r.nextInt(10) < (k == Kind.SEQUENCE ? 8 : k == Kind.REQRESP ? 6 : 4)) {
                kinds.add(k);
            }
        }
        for (int i = kinds.size() - 1; i > 0; i--) {
            Collections.swap(kinds, i, r.nextInt(i + 1));
        }
        // the flags byte is drawn from a stream of its own, so that the protocols drawn before it existed keep every
        // other field (shifted by one byte where it is inserted)
        SplittableRandom fr = new SplittableRandom(seed ^ 0xF1A9_5EEDL);
        Flags flags = null;
        if (fr.nextInt(10) < 4) {
            int response = 1 << fr.nextInt(8);
            int constantMask = 0;
            for (int want = 2 + fr.nextInt(4); Integer.bitCount(constantMask) < want; ) {
                int bit = 1 << fr.nextInt(8);
                if (bit != response) {
                    constantMask |= bit;
                }
            }
            flags = new Flags(response, constantMask, fr.nextInt(256) & constantMask);
            kinds.add(fr.nextInt(kinds.size() + 1), Kind.FLAGS);
        }
        int opcodeWidth = r.nextInt(4) == 0 ? 2 : 1;
        List<Field> header = new ArrayList<>();
        int off = 0;
        boolean lengthCountsAll = r.nextBoolean();
        for (Kind k : kinds) {
            if (k == Kind.FLAGS) {
                header.add(new Field(k, off, 1, false, new byte[0], 0));
                off++;
                continue;
            }
            int len = switch (k) {
                case MAGIC -> 1 + r.nextInt(4);
                case VERSION -> 1 + r.nextInt(2);
                case REQRESP -> 1;
                case LENGTH -> r.nextInt(3) == 0 ? 4 : 2;
                case OPCODE -> opcodeWidth;
                case SEQUENCE -> r.nextInt(3) == 0 ? 4 : 2;
                case SESSION, USER -> 4;
                case FLAGS -> throw new AssertionError();
            };
            boolean little = r.nextBoolean();
            byte[] value = switch (k) {
                case MAGIC, VERSION -> nonZeroBytes(r, len);
                case REQRESP -> twoDistinct(r);
                default -> new byte[0];
            };
            int adjust = k == Kind.LENGTH && !lengthCountsAll ? off + len : 0;
            header.add(new Field(k, off, len, little, value, adjust));
            off += len;
        }
        int userTasks = 5 + r.nextInt(6);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < userTasks; i++) {
            tasks.add("task_" + (char) ('a' + i));
        }
        Map<String, Long> opcodes = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(tasks);
        all.addAll(List.of(LOGIN, LOGOUT, HEARTBEAT, SYNC));
        java.util.Set<Long> used = new java.util.HashSet<>();
        long limit = opcodeWidth == 1 ? 256 : 65536;
        for (String t : all) {
            long v;
            do {
                v = 1 + r.nextLong(limit - 1);
            } while (!used.add(v));
            opcodes.put(t, v);
        }
        int port = 1024 + r.nextInt(60000);
        long heartbeat = (20 + r.nextInt(41)) * 1_000_000L;
        return new ZooProtocol(seed, tcp, port, header, tasks, opcodes, heartbeat, flags);
    }

    private static byte[] nonZeroBytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (1 + r.nextInt(255));
        }
        return b;
    }

    private static byte[] twoDistinct(SplittableRandom r) {
        int a = r.nextInt(256);
        int b = (a + 1 + r.nextInt(255)) % 256;
        return new byte[] {(byte) a, (byte) b};
    }

    /** The field of a kind, or null. */
    public Field field(Kind k) {
        for (Field f : header) {
            if (f.kind() == k) {
                return f;
            }
        }
        return null;
    }

    /**
     * One message: the header, then {@code bodyLength} random bytes.
     *
     * @param session per flow; @param user per device; @param seq the request's sequence number (a response echoes it)
     */
    public byte[] message(boolean request, String task, long seq, long session, long user, int bodyLength,
            SplittableRandom rnd) {
        return message(request, task, seq, session, user, bodyLength, rnd, 0);
    }

    /**
     * The version field's bytes for client version {@code version}: version 0 is the drawn value; each later version
     * adds one to its last byte (skipping zero), as client releases bump a version number.
     */
    public byte[] versionValue(int version) {
        Field f = field(Kind.VERSION);
        if (f == null) {
            return new byte[0];
        }
        byte[] v = f.value().clone();
        int last = v[v.length - 1] & 0xff;
        for (int i = 0; i < version; i++) {
            last = last == 255 ? 1 : last + 1;
        }
        v[v.length - 1] = (byte) last;
        return v;
    }

    /** A message of a client of the given version (see {@link #versionValue}). */
    public byte[] message(boolean request, String task, long seq, long session, long user, int bodyLength,
            SplittableRandom rnd, int version) {
        byte[] m = new byte[headerLength + bodyLength];
        for (int i = headerLength; i < m.length; i++) {
            m[i] = (byte) rnd.nextInt(256);
        }
        for (Field f : header) {
            switch (f.kind()) {
                case MAGIC -> System.arraycopy(f.value(), 0, m, f.offset(), f.length());
                case VERSION -> System.arraycopy(versionValue(version), 0, m, f.offset(), f.length());
                case REQRESP -> m[f.offset()] = f.value()[request ? 0 : 1];
                case LENGTH -> put(m, f, m.length - f.adjust());
                case OPCODE -> put(m, f, opcodes.get(task));
                case SEQUENCE -> put(m, f, seq);
                case SESSION -> put(m, f, session);
                case USER -> put(m, f, user);
                case FLAGS -> m[f.offset()] = (byte) (flags.constantBits() | (request ? 0 : flags.response())
                        | rnd.nextInt(256) & flags.varyingMask());
            }
        }
        return m;
    }

    private static void put(byte[] m, Field f, long v) {
        for (int i = 0; i < f.length(); i++) {
            int shift = 8 * (f.little() ? i : f.length() - 1 - i);
            m[f.offset() + i] = (byte) (v >>> shift);
        }
    }

    /** The opcode of a task as the trainer writes it: the field's bytes in wire order, lower-case hex. */
    public String opcodeHex(String task) {
        Field f = field(Kind.OPCODE);
        byte[] b = new byte[f.length()];
        long v = opcodes.get(task);
        for (int i = 0; i < f.length(); i++) {
            b[i] = (byte) (v >>> (8 * (f.little() ? i : f.length() - 1 - i)));
        }
        return java.util.HexFormat.of().formatHex(b);
    }

    /** The header's truth fields in the paper's types, for truth-messages.jsonl. */
    public List<FieldSpec> truthFields() {
        List<FieldSpec> out = new ArrayList<>();
        for (Field f : header) {
            if (f.kind() == Kind.FLAGS) {
                out.add(new FieldSpec(f.offset(), 1, "reqresp", null, flags.response()));
                out.add(new FieldSpec(f.offset(), 1, "constant", null, flags.constantMask()));
                if (flags.varyingMask() != 0) {
                    out.add(new FieldSpec(f.offset(), 1, "unidentified", null, flags.varyingMask()));
                }
                continue;
            }
            String endian = f.length() > 1 ? (f.little() ? "le" : "be") : null;
            out.add(switch (f.kind()) {
                case MAGIC, VERSION -> new FieldSpec(f.offset(), f.length(), "constant");
                case REQRESP -> new FieldSpec(f.offset(), f.length(), "reqresp");
                case LENGTH -> new FieldSpec(f.offset(), f.length(), "length", endian);
                case OPCODE -> new FieldSpec(f.offset(), f.length(), "opcode");
                case SEQUENCE -> new FieldSpec(f.offset(), f.length(), "sequence", endian);
                case SESSION, USER -> new FieldSpec(f.offset(), f.length(), "unidentified");
                case FLAGS -> throw new AssertionError("typed bit by bit above");
            });
        }
        return out;
    }

    /** e.g. {@code udp:40123 [0-1 MAGIC be, 2 OPCODE, 3-4 LENGTH le +5, ...]}, for logs and benchmark tables. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(tcp ? "tcp:" : "udp:").append(port).append(" [");
        for (int i = 0; i < header.size(); i++) {
            Field f = header.get(i);
            sb.append(i == 0 ? "" : ", ").append(f.offset());
            if (f.length() > 1) {
                sb.append('-').append(f.end() - 1);
            }
            sb.append(' ').append(f.kind());
            if (f.length() > 1 && f.kind() != Kind.MAGIC && f.kind() != Kind.VERSION) {
                sb.append(f.little() ? " le" : " be");
            }
            if (f.kind() == Kind.LENGTH && f.adjust() != 0) {
                sb.append(" +").append(f.adjust());
            }
            if (f.kind() == Kind.FLAGS) {
                sb.append(String.format(" response %02x constant %02x=%02x", flags.response(), flags.constantMask(),
                        flags.constantBits()));
            }
        }
        return sb.append("]").toString();
    }
}
