package dev.fanout.app.temporal;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;

/**
 * Reaching into the pinned test server's private fields, the one way the embedded server's fixes
 * ({@link TimerLockLog}, {@link StickyQueueTimeout}) touch it. Each fix resolves its fields once
 * when it is installed and falls back to the server as shipped, with a warning, if they moved.
 */
final class TestServerInternals {

  static final String PACKAGE = "io.temporal.internal.testservice.";

  private TestServerInternals() {}

  /** The field named {@code name} of {@code type} or a superclass, made accessible. */
  static Field field(Class<?> type, String name) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return accessible(c.getDeclaredField(name));
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(type.getName() + "." + name);
  }

  static <T extends AccessibleObject> T accessible(T member) {
    member.setAccessible(true);
    return member;
  }

  /** A field's value; the field was made accessible when it was resolved. */
  static Object get(Field field, Object owner) {
    try {
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  static void set(Field field, Object owner, Object value) {
    try {
      field.set(owner, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
