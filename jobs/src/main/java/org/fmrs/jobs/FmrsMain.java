package org.fmrs.jobs;

import java.io.PrintWriter;
import org.fmrs.Version;
import org.fmrs.jobs.cli.Commands;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code fmrs <command>}, for {@code bin/fmrs} and for {@code spark-submit --class
 * org.fmrs.jobs.FmrsMain}.
 *
 * <p>Exit codes: 0 success; 1 the command failed (one line on stderr names the reason); 2 bad
 * usage.
 */
@Command(
    name = "fmrs",
    mixinStandardHelpOptions = true,
    versionProvider = FmrsMain.VersionProvider.class,
    description = "Distributed analytics for functional MR spectroscopy studies on Apache Spark.",
    subcommands = {CommandLine.HelpCommand.class})
public final class FmrsMain implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Version of fmrs and Java. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "fmrs " + Version.get() + " (Java " + System.getProperty("java.version") + ")"
      };
    }
  }

  /** The configured command line (for tests). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new FmrsMain());
    Commands.register(cl);
    cl.setExecutionExceptionHandler(
        (ex, line, parseResult) -> {
          PrintWriter err = line.getErr();
          String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
          err.println("fmrs " + line.getCommandName() + ": error: " + msg.replace('\n', ' '));
          err.flush();
          if (System.getenv("FMRS_DEBUG") != null) {
            ex.printStackTrace(err);
          }
          return 1;
        });
    return cl;
  }

  /** Runs a command line and returns its exit code (does not exit). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
