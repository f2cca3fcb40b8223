package dev.fanout.app;

/** The runnable jar's entry point. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(FanoutCommand.commandLine().execute(args));
  }
}
