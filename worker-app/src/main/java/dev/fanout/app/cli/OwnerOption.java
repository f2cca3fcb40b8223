package dev.fanout.app.cli;

import picocli.CommandLine.Option;

/**
 * {@code --owner}: whose jobs a command submits or lists. The CLI reaches Temporal without the
 * API's tokens, so it takes the owner as told, by default the OS user it runs as.
 */
public class OwnerOption {

  @Option(
      names = "--owner",
      paramLabel = "OWNER",
      defaultValue = "${sys:user.name}",
      description =
          "The owner whose ledger lists the job, for a spec that names none; the owner whose jobs"
              + " `jobs` lists. Default: the OS user (${DEFAULT-VALUE}).")
  String owner;
}
