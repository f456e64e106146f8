package org.fmrs.fid;

/**
 * Instances of the classes compiled against the JDK's incubating vector API
 * (common/src/main/vector: {@code VectorFft}, {@code VectorDotKernels}). They are made only when
 * the running JVM has the module {@code jdk.incubator.vector} (Spark's JVM options and {@code
 * bin/fmrs} add it) and {@code -Dfmrs.vector-api=false} is not set; callers fall back to their
 * scalar code otherwise.
 */
public final class VectorApi {
  private static final boolean ENABLED =
      Boolean.parseBoolean(System.getProperty("fmrs.vector-api", "true"))
          && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private VectorApi() {}

  /**
   * A new instance (no-argument constructor) of class {@code name} as {@code type}, or null when
   * the vector API is off or the class cannot be loaded, initialised or made.
   */
  public static <T> T instance(String name, Class<T> type) {
    if (!ENABLED) {
      return null;
    }
    try {
      java.lang.reflect.Constructor<?> c = Class.forName(name).getDeclaredConstructor();
      c.setAccessible(true);
      return type.cast(c.newInstance());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }
}
