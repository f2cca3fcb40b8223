package dev.fanout.app.cli;

import dev.fanout.job.Resources;
import dev.fanout.usage.ResourceSuggestion;
import dev.fanout.usage.ResourceUsage;
import dev.fanout.usage.UsageLog;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "resources",
    description =
        "What sub-jobs asked for and used, per function, as the slurm pool records it under"
            + " --home; and what to ask for next time.",
    subcommands = {ResourcesCommand.ListFunctions.class, ResourcesCommand.Suggest.class})
public class ResourcesCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: list, suggest");
  }

  @Command(name = "list", description = "Every function with recorded runs, and how many.")
  public static class ListFunctions extends BaseCommand {

    @Override
    protected int doCall() {
      SortedMap<String, Integer> functions = global.usageLog().functions();
      out()
          .print(
              TextTable.render(
                  List.of("function", "runs"),
                  functions.entrySet().stream()
                      .map(e -> List.of(e.getKey(), String.valueOf(e.getValue())))
                      .toList()));
      return EXIT_OK;
    }
  }

  @Command(
      name = "suggest",
      description =
          "Suggest cpus, memoryMb and walltime for a function from its recorded runs: the 95th"
              + " percentile of what completed runs used plus a margin, and at least twice a"
              + " limit that runs were killed at. A job opts in to being sized so with"
              + " \"resources\": {\"auto\": true}.")
  public static class Suggest extends BaseCommand {

    @Parameters(
        paramLabel = "FUNCTION",
        description = "As `resources list` shows it (slurm:NAME), or just its NAME.")
    String function;

    @Mixin FormatOption format;

    @Override
    protected int doCall() throws Exception {
      UsageLog usage = global.usageLog();
      String name = recorded(usage, function);
      List<ResourceUsage> runs = usage.runs(name);
      ResourceSuggestion suggestion =
          ResourceSuggestion.from(runs)
              .orElseThrow(
                  () ->
                      new UserInputException(
                          name
                              + " has "
                              + runs.stream().filter(ResourceUsage::measured).count()
                              + " completed, measured runs of "
                              + runs.size()
                              + "; a suggestion needs "
                              + ResourceSuggestion.MIN_MEASURED));
      if (format.json()) {
        FormatOption.printJson(out(), suggestion);
        return EXIT_OK;
      }
      Resources asked = runs.get(runs.size() - 1).requested();
      out()
          .printf(
              "%s: %d runs, %d completed and measured, %d timed out, %d out of memory%n",
              name,
              suggestion.runs(),
              suggestion.measured(),
              suggestion.timeouts(),
              suggestion.outOfMemory());
      out()
          .print(
              TextTable.render(
                  List.of("", "asked (latest)", "used (p95)", "suggested"),
                  List.of(
                      List.of(
                          "cpus",
                          asked(asked, Resources::cpus),
                          String.format("%.2f", suggestion.usedCpuPercent() / 100.0),
                          String.valueOf(suggestion.cpus())),
                      List.of(
                          "memoryMb",
                          asked(asked, Resources::memoryMb),
                          String.valueOf(suggestion.usedMemoryMb()),
                          String.valueOf(suggestion.memoryMb())),
                      List.of(
                          "walltime",
                          asked(asked, Resources::walltime),
                          String.valueOf(suggestion.usedElapsed()),
                          String.valueOf(suggestion.walltime())))));
      out()
          .printf(
              "in the job spec: \"resources\": {\"cpus\": %d, \"memoryMb\": %d, \"walltime\":"
                  + " \"%s\"}%n",
              suggestion.cpus(), suggestion.memoryMb(), suggestion.walltime());
      return EXIT_OK;
    }

    private static String asked(Resources asked, Function<Resources, ?> field) {
      return asked == null ? "" : Objects.toString(field.apply(asked), "");
    }

    /** The recorded function the user meant: its full name, or the one whose NAME it is. */
    private static String recorded(UsageLog usage, String function) {
      SortedMap<String, Integer> functions = usage.functions();
      if (functions.containsKey(function)) {
        return function;
      }
      List<String> named =
          functions.keySet().stream().filter(f -> f.endsWith(":" + function)).toList();
      if (named.size() == 1) {
        return named.get(0);
      }
      throw new UserInputException(
          (named.isEmpty()
                  ? "FUNCTION: no recorded runs of '" + function + "' under " + usage.root()
                  : "FUNCTION: '" + function + "' could be any of " + named)
              + (functions.isEmpty() || !named.isEmpty()
                  ? ""
                  : "; recorded: " + String.join(", ", functions.keySet())));
    }
  }
}
