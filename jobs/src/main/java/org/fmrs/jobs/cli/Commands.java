package org.fmrs.jobs.cli;

import picocli.CommandLine;

/** Registers the subcommands on the root {@code fmrs} command line. */
public final class Commands {
  private Commands() {}

  public static void register(CommandLine root) {
    root.addSubcommand(new SimulateCommand());
    root.addSubcommand(new FitCommand());
    root.addSubcommand(new EffectsCommand());
    root.addSubcommand(new DemoCommand());
    root.addSubcommand(new SchemaCommand());
    root.addSubcommand(new BenchCommand());
    root.addSubcommand(new IngestCommand());
    root.addSubcommand(new PreprocessCommand());
    root.addSubcommand(new BasisCommand());
    root.addSubcommand(new ReportCommand());
  }
}
