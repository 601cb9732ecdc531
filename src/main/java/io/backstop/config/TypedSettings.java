package io.backstop.config;

import io.micronaut.context.env.Environment;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.naming.NameUtils;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a typed configuration bean the way operators need it: every written value that does not convert to its
 * property's type, every bean-validation constraint broken, and the bean's own rules across properties, one line each
 * naming the environment variable behind the key, all at once, before anything uses the bean. Micronaut converts and
 * the bean validator judges; this only gathers what they found onto a copy of the bean, where Micronaut's own binding
 * would stop at the first bad value with a framework message.
 */
@Singleton
public class TypedSettings {
    private final WrittenConfiguration written;
    private final Environment environment;
    private final Validator validator;

    public TypedSettings(WrittenConfiguration written, Environment environment, Validator validator) {
        this.written = written;
        this.environment = environment;
        this.validator = validator;
    }

    /**
     * @param prefix  the bean's configuration prefix, such as {@code backstop.s3}
     * @param checked the problems the bean itself finds across properties; properties whose values did not convert are
     *                null there
     */
    public <T> List<String> problems(Class<T> type, String prefix, Checked<T> checked) {
        List<String> problems = new ArrayList<>();
        BeanIntrospection<T> introspection = BeanIntrospection.getIntrospection(type);
        T bean = introspection.instantiate();
        java.util.Set<String> unconverted = new java.util.HashSet<>();
        for (BeanProperty<T, Object> property : introspection.getBeanProperties()) {
            if (property.isReadOnly()) {
                continue;
            }
            String key = key(prefix, property.getName());
            Optional<String> text = written.value(key).filter(v -> !v.isBlank());
            Optional<Object> value = text.isPresent() && (!isBoolean(property.getType()) || text.get().trim().matches("(?i)true|false"))
                    ? environment.getProperty(key, property.getType()) : Optional.empty();
            if (text.isPresent() && value.isEmpty()) {
                problems.add(written.describe(key) + ": " + expected(property.getType()) + ", was '" + text.get() + "'");
                unconverted.add(property.getName());
            }
            value.ifPresent(v -> property.set(bean, v));
        }
        for (ConstraintViolation<T> violation : validator.validate(bean)) {
            String property = lastNode(violation.getPropertyPath());
            if (unconverted.contains(property)) {
                continue; // reported above; the copy holds no value for it
            }
            String key = key(prefix, property);
            problems.add(written.describe(key) + ": " + violation.getMessage() + ", was '" + violation.getInvalidValue() + "'");
        }
        problems.addAll(checked.problems(bean));
        return problems;
    }

    /** What a bean finds wrong across its properties, such as two settings that only go together. */
    public interface Checked<T> {
        List<String> problems(T bean);
    }

    private static String key(String prefix, String property) {
        return prefix + "." + NameUtils.hyphenate(property);
    }
    /** Micronaut reads any text as a boolean (a typo is false); a setting must say true or false. */
    private static boolean isBoolean(Class<?> type) {
        return type == Boolean.class || type == boolean.class;
    }

    private static String expected(Class<?> type) {
        if (isBoolean(type)) {
            return "true or false";
        }
        if (type == Duration.class) {
            return "a duration such as 30s, 90m, 24h or 2d";
        }
        if (type == ByteSize.class) {
            return "a size such as 16MiB or 8388608";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(Locale.ROOT)).toList());
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "not a " + type.getSimpleName();
    }

    private static String lastNode(Path path) {
        String name = "";
        for (Path.Node node : path) {
            name = node.getName();
        }
        return name;
    }
}
