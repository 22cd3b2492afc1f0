package org.chatdissect.core.params;

import java.util.function.Function;

/**
 * One parameter, declared once in {@link ParameterTable}: its key, type, default (the paper preset), its value in
 * the improved preset where that differs, and its check. Immutable; the table gives each its position in
 * {@link Parameters#KEYS}.
 *
 * @param <T> the value's Java type
 */
final class ParamSpec<T> {
    private final String key;
    private final ParamType<T> type;
    private final T defaultValue;
    private final T improvedValue;
    private final Check check;
    private final int index;

    private ParamSpec(String key, ParamType<T> type, T defaultValue, T improvedValue, Check check, int index) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.improvedValue = improvedValue;
        this.check = check;
        this.index = index;
    }

    static ParamSpec<Integer> integer(String key, int defaultValue) {
        return new ParamSpec<>(key, ParamType.INT, defaultValue, null, null, -1);
    }

    static ParamSpec<Double> real(String key, double defaultValue) {
        return new ParamSpec<>(key, ParamType.DOUBLE, defaultValue, null, null, -1);
    }

    static ParamSpec<Boolean> flag(String key, boolean defaultValue) {
        return new ParamSpec<>(key, ParamType.BOOLEAN, defaultValue, null, null, -1);
    }

    /** A byte count or {@code ALL} (held as 0), see {@link ParamType#SCOPE}. */
    static ParamSpec<Integer> scope(String key, int defaultValue) {
        return new ParamSpec<>(key, ParamType.SCOPE, defaultValue, null, null, -1);
    }

    static <E extends Enum<E>> ParamSpec<E> choice(String key, E defaultValue) {
        return new ParamSpec<>(key, ParamType.of(defaultValue.getDeclaringClass()), defaultValue, null, null, -1);
    }

    /** The same parameter with this check (numeric types only). */
    ParamSpec<T> check(Check c) {
        if (!type.numeric()) {
            throw new IllegalStateException(key + ": only numbers take a check");
        }
        return new ParamSpec<>(key, type, defaultValue, improvedValue, c, index);
    }

    /** The same parameter with a different value in {@link Parameters#improved()}. */
    ParamSpec<T> improved(T value) {
        return new ParamSpec<>(key, type, defaultValue, value, check, index);
    }

    /** The same parameter at position {@code i} of the table. */
    ParamSpec<T> at(int i) {
        return new ParamSpec<>(key, type, defaultValue, improvedValue, check, i);
    }

    String key() {
        return key;
    }

    int index() {
        return index;
    }

    T defaultValue() {
        return defaultValue;
    }

    /** The value in the improved preset: {@link #defaultValue()} unless declared otherwise. */
    T improvedValue() {
        return improvedValue != null ? improvedValue : defaultValue;
    }

    /** The value written as {@code text}; fails with {@code 'key' expects ...}. */
    T parse(String text) {
        return type.parse(key, text);
    }

    /** {@code value} (of this parameter's type) as {@link Parameters#toMap()} writes it. */
    String format(Object value) {
        return type.format(cast(value));
    }

    /** Fails with {@code 'key' must be ...} unless {@code value} passes the check; {@code values} gives the others. */
    void validate(Object value, Function<ParamSpec<?>, Object> values) {
        if (check != null && !check.ok(((Number) value).doubleValue(), values)) {
            throw new IllegalArgumentException("'" + key + "' " + check.text());
        }
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
        return (T) value;
    }

    @Override
    public String toString() {
        return key;
    }
}
