package dev.fanout.app.cli;

import dev.fanout.job.SpecDocument;
import picocli.CommandLine.Option;

/** {@code --resume}: the spec's {@code "resume": true}, for {@code run} and {@code submit}. */
public class ResumeOption {

  @Option(
      names = "--resume",
      description =
          "Reuse the outputs of earlier successful runs of the same sub-jobs (as the spec's"
              + " \"resume\": true): only what changed runs.")
  boolean resume;

  /** The spec as submitted: resumed when asked. */
  SpecDocument applied(SpecDocument spec) {
    return resume ? spec.resumed() : spec;
  }
}
