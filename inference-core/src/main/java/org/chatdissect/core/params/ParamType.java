package org.chatdissect.core.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one kind of parameter value is read from and written as text. Parse errors are one line starting with the
 * quoted key ({@code 'key' expects ...}), which {@link Parameters} prefixes with the source of the value.
 *
 * @param <T> the value's Java type
 */
abstract class ParamType<T> {
    /** Integers, written by {@link Integer#toString(int)}. */
    static final ParamType<Integer> INT = new ParamType<>(true) {
        @Override
        Integer parse(String key, String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + key + "' expects an integer, got '" + text + "'");
            }
        }

        @Override
        String format(Integer value) {
            return Integer.toString(value);
        }
    };

    /** Finite numbers, written by {@link Double#toString(double)} ({@code 0.1}, {@code 100.0}). */
    static final ParamType<Double> DOUBLE = new ParamType<>(true) {
        @Override
        Double parse(String key, String text) {
            try {
                double d = Double.parseDouble(text);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + key + "' expects a number, got '" + text + "'");
            }
        }

        @Override
        String format(Double value) {
            return Double.toString(value);
        }
    };

    /** {@code true} or {@code false}, any case. */
    static final ParamType<Boolean> BOOLEAN = new ParamType<>(false) {
        @Override
        Boolean parse(String key, String text) {
            String v = text.toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("'" + key + "' expects true or false, got '" + text + "'");
            }
            return Boolean.parseBoolean(v);
        }

        @Override
        String format(Boolean value) {
            return Boolean.toString(value);
        }
    };

    /** A byte count where {@code ALL} (any case) means the whole payload, held as 0 and written as {@code ALL}. */
    static final ParamType<Integer> SCOPE = new ParamType<>(true) {
        @Override
        Integer parse(String key, String text) {
            return "ALL".equalsIgnoreCase(text) ? 0 : INT.parse(key, text);
        }

        @Override
        String format(Integer value) {
            return value == 0 ? "ALL" : Integer.toString(value);
        }
    };

    private final boolean numeric;

    private ParamType(boolean numeric) {
        this.numeric = numeric;
    }

    /** One constant of {@code type}, named in any case; written in lower case. */
    static <E extends Enum<E>> ParamType<E> of(Class<E> type) {
        return new ParamType<>(false) {
            @Override
            E parse(String key, String text) {
                String v = text.toUpperCase(Locale.ROOT);
                for (E e : type.getEnumConstants()) {
                    if (e.name().equals(v)) {
                        return e;
                    }
                }
                List<String> allowed = new ArrayList<>();
                for (E e : type.getEnumConstants()) {
                    allowed.add(format(e));
                }
                throw new IllegalArgumentException("'" + key + "' expects one of " + allowed + ", got '" + text + "'");
            }

            @Override
            String format(E value) {
                return value.name().toLowerCase(Locale.ROOT);
            }
        };
    }

    /** The value written as {@code text}; fails with a one-line message naming {@code key}. */
    abstract T parse(String key, String text);

    /** The value's text, as {@link Parameters#toMap()} records it; {@code parse(format(v))} gives {@code v} back. */
    abstract String format(T value);

    /** Whether values are numbers, so that a {@link Check} applies. */
    final boolean numeric() {
        return numeric;
    }
}
