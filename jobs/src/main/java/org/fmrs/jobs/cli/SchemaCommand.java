package org.fmrs.jobs.cli;

import java.util.concurrent.Callable;
import org.fmrs.jobs.tables.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fmrs schema}: prints the warehouse schema documentation (docs/schema.md). */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = "Print the documentation of every warehouse table in Markdown.")
final class SchemaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(Tables.markdown());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
