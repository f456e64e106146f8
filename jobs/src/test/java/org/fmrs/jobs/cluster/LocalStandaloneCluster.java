package org.fmrs.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster (one master, one worker) on 127.0.0.1, started from the Spark
 * jars Maven resolved, in child JVMs. For integration tests only.
 *
 * <p>Spark's worker launches executors with {@code $SPARK_HOME/jars/*} on their class path, so a
 * throw-away SPARK_HOME is laid out under the work directory with a {@code jars/} folder of
 * symbolic links to the Spark/Scala/Hadoop runtime jars (the provided-scope class path the build
 * writes to {@code jobs/target/classpath.txt}). The fmrs code itself reaches executors only through
 * the application jar given to {@link #submit}, as on a real cluster.
 *
 * <p>Every child JVM (master, worker and the executors it forks, spark-submit drivers) is killed
 * with its whole process tree by {@link #close()}, and by a JVM shutdown hook should the test JVM
 * exit without closing. Logs are kept in the work directory: {@code master.log}, {@code
 * worker.log}, {@code submit-*.log}, executor logs under {@code worker-work/}.
 */
public final class LocalStandaloneCluster implements AutoCloseable {

  /** Spark's own Java 17 module flags (org.apache.spark.launcher.JavaModuleOptions). */
  public static final List<String> SPARK_JAVA_OPTS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-modules=jdk.incubator.vector",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false",
          "-Dio.netty.tryReflectionSetAccessible=true");

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  /** Result of one child JVM run. */
  public record Run(int exitCode, String stdout, Path log) {}

  private final Path workDir;
  private final List<String> sparkClasspath;
  private final int workerCores;
  private final String workerMemory;
  private final List<Process> processes = new CopyOnWriteArrayList<>();
  private final Thread shutdownHook = new Thread(this::killAll, "kill-spark-test-cluster");
  private Path sparkHome;
  private int masterPort;
  private int masterUiPort;
  private boolean closed;

  /**
   * @param workDir where SPARK_HOME, logs and the worker's work dir go (created if absent)
   * @param sparkClasspath Spark runtime jars (Spark, Scala, Hadoop client and dependencies)
   * @param workerCores cores the worker offers
   * @param workerMemory memory the worker offers, e.g. {@code "2g"}
   */
  public LocalStandaloneCluster(
      Path workDir, List<String> sparkClasspath, int workerCores, String workerMemory) {
    this.workDir = workDir.toAbsolutePath();
    this.sparkClasspath = List.copyOf(sparkClasspath);
    this.workerCores = workerCores;
    this.workerMemory = workerMemory;
  }

  /**
   * Reads a path-separator separated class path file (as written by dependency:build-classpath).
   */
  public static List<String> readClasspathFile(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).trim();
    List<String> entries = new ArrayList<>();
    for (String e : text.split(Pattern.quote(File.pathSeparator))) {
      if (!e.isBlank()) {
        entries.add(e.trim());
      }
    }
    return entries;
  }

  /** Starts master and worker and waits until the worker has registered. */
  public LocalStandaloneCluster start() throws IOException, InterruptedException {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Files.createDirectories(workDir);
    sparkHome = layOutSparkHome();
    masterPort = freePort();
    masterUiPort = freePort();
    int workerUiPort = freePort();

    processes.add(
        launch(
            "master",
            List.of("-Xmx512m"),
            List.of(
                "org.apache.spark.deploy.master.Master",
                "--host",
                HOST,
                "--port",
                Integer.toString(masterPort),
                "--webui-port",
                Integer.toString(masterUiPort))));
    awaitAliveWorkers(0);

    Path workerWork = Files.createDirectories(workDir.resolve("worker-work"));
    processes.add(
        launch(
            "worker",
            List.of("-Xmx512m"),
            List.of(
                "org.apache.spark.deploy.worker.Worker",
                masterUrl(),
                "--host",
                HOST,
                "--cores",
                Integer.toString(workerCores),
                "--memory",
                workerMemory,
                "--webui-port",
                Integer.toString(workerUiPort),
                "--work-dir",
                workerWork.toString())));
    awaitAliveWorkers(1);
    return this;
  }

  /** {@code spark://127.0.0.1:<port>} of the running master. */
  public String masterUrl() {
    return "spark://" + HOST + ":" + masterPort;
  }

  /** The master's web UI JSON status ({@code /json}). */
  public String masterJson() throws IOException {
    HttpURLConnection c =
        (HttpURLConnection)
            URI.create("http://" + HOST + ":" + masterUiPort + "/json").toURL().openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(5000);
    try (var in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  /**
   * Runs {@code org.apache.spark.deploy.SparkSubmit} in a child JVM in client deploy mode against
   * this cluster, with the Java 17 flags for driver and executors, and waits for it.
   *
   * @param name log file stem ({@code <workDir>/submit-<name>.log} gets stderr)
   * @param sparkSubmitOptions extra options before the app jar (e.g. {@code --conf k=v})
   * @param appJar application jar
   * @param mainClass its main class
   * @param appArgs application arguments
   */
  public Run submit(
      String name,
      List<String> sparkSubmitOptions,
      Path appJar,
      String mainClass,
      List<String> appArgs,
      Duration timeout)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    args.add("org.apache.spark.deploy.SparkSubmit");
    args.addAll(List.of("--master", masterUrl(), "--deploy-mode", "client"));
    args.addAll(List.of("--class", mainClass));
    args.addAll(
        List.of("--conf", "spark.executor.extraJavaOptions=" + String.join(" ", SPARK_JAVA_OPTS)));
    args.addAll(List.of("--conf", "spark.driver.host=" + HOST));
    args.addAll(List.of("--conf", "spark.driver.bindAddress=" + HOST));
    args.addAll(List.of("--conf", "spark.ui.enabled=false"));
    args.addAll(sparkSubmitOptions);
    args.add(appJar.toAbsolutePath().toString());
    args.addAll(appArgs);
    return runJava("submit-" + name, List.of("-Xmx1g"), sparkClasspath, args, timeout);
  }

  /**
   * Runs a main class in a child JVM with the Spark flags and the given class path; stdout is
   * captured and returned, stderr goes to {@code <workDir>/<name>.log}.
   */
  public Run runJava(
      String name,
      List<String> jvmOpts,
      List<String> classpath,
      List<String> args,
      Duration timeout)
      throws IOException, InterruptedException {
    Path log = workDir.resolve(name + ".log");
    Path out = workDir.resolve(name + ".out");
    List<String> cmd = javaCommand(jvmOpts, classpath, args);
    Files.writeString(log, String.join(" ", cmd) + System.lineSeparator(), StandardCharsets.UTF_8);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    environment(pb.environment());
    pb.redirectOutput(out.toFile());
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    processes.add(p);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        killTree(p);
        throw new IllegalStateException(
            name + " did not finish within " + timeout + "\n" + tail(log));
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), log);
    } finally {
      killTree(p);
      processes.remove(p);
    }
  }

  /** Kills master, worker, executors and any running submission; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // already shutting down: the hook runs (or ran) killAll itself
    }
  }

  /** Last lines of a log, for assertion messages. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "---- "
          + log
          + " (tail) ----\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log " + log + ": " + e + ")";
    }
  }

  // ---------------------------------------------------------------------------------------------

  private Path layOutSparkHome() throws IOException {
    Path home = workDir.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    Set<String> names = new HashSet<>();
    try (var existing = Files.list(jars)) {
      for (Path p : (Iterable<Path>) existing::iterator) {
        Files.delete(p);
      }
    }
    for (String entry : sparkClasspath) {
      Path jar = Path.of(entry);
      if (!Files.isRegularFile(jar) || !entry.endsWith(".jar")) {
        continue;
      }
      String name = jar.getFileName().toString();
      for (int i = 1; !names.add(name); i++) {
        name = i + "-" + jar.getFileName();
      }
      Files.createSymbolicLink(jars.resolve(name), jar.toAbsolutePath());
    }
    // Marks a binary distribution layout (jars/ rather than assembly/target/...).
    Files.writeString(home.resolve("RELEASE"), "fmrs test SPARK_HOME\n", StandardCharsets.UTF_8);
    return home;
  }

  private Process launch(String name, List<String> jvmOpts, List<String> args) throws IOException {
    Path log = workDir.resolve(name + ".log");
    List<String> cmd = javaCommand(jvmOpts, sparkClasspath, args);
    Files.writeString(log, String.join(" ", cmd) + System.lineSeparator(), StandardCharsets.UTF_8);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    environment(pb.environment());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  private List<String> javaCommand(
      List<String> jvmOpts, List<String> classpath, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(SPARK_JAVA_OPTS);
    cmd.addAll(jvmOpts);
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classpath));
    cmd.addAll(args);
    return cmd;
  }

  private void environment(Map<String, String> env) {
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", HOST);
    env.put("SPARK_LOG_DIR", workDir.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    // a developer's own Spark settings must not leak into the test cluster
    env.remove("SPARK_CONF_DIR");
    env.remove("SPARK_MASTER_OPTS");
    env.remove("SPARK_WORKER_OPTS");
    env.remove("SPARK_SUBMIT_OPTS");
    env.remove("HADOOP_CONF_DIR");
  }

  private void awaitAliveWorkers(int expected) throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    String last = "(no answer)";
    while (Instant.now().isBefore(deadline)) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "a Spark daemon exited with " + p.exitValue() + "\n" + logs());
        }
      }
      try {
        last = masterJson();
        Matcher m = ALIVE_WORKERS.matcher(last);
        if (m.find() && Integer.parseInt(m.group(1)) >= expected) {
          return;
        }
      } catch (IOException notYetUp) {
        last = notYetUp.toString();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "cluster not up with "
            + expected
            + " worker(s) within "
            + START_TIMEOUT
            + "; last: "
            + last
            + "\n"
            + logs());
  }

  private String logs() {
    return tail(workDir.resolve("master.log")) + "\n" + tail(workDir.resolve("worker.log"));
  }

  private void killAll() {
    // newest first: submissions, worker (and its executors), master
    List<Process> all = new ArrayList<>(processes);
    java.util.Collections.reverse(all);
    for (Process p : all) {
      killTree(p);
    }
    processes.clear();
  }

  /** Destroys a process and all its descendants: politely, then forcibly after 10 s. */
  static void killTree(Process p) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.add(p.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle h : tree) {
      long left = deadline - System.nanoTime();
      try {
        h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (Exception timeoutOrInterrupt) {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  @Override
  public String toString() {
    return "LocalStandaloneCluster" + Arrays.asList(masterUrl(), workDir);
  }
}
