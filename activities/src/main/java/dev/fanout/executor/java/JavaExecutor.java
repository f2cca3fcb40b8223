package dev.fanout.executor.java;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.fanout.executor.Executor;
import dev.fanout.executor.InvocationException;
import dev.fanout.executor.InvocationInput;
import dev.fanout.executor.RunningInvocation;
import dev.fanout.executor.SpooledOutput;
import dev.fanout.job.FailureType;
import dev.fanout.jobdata.ResultManifest;
import dev.fanout.logs.TaskLog;
import dev.fanout.logs.TaskLogger;
import dev.fanout.workflow.Invocation;
import dev.fanout.workflow.Role;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Runs registered {@link JavaHandler}s on threads of this JVM. A handler dies with its worker, so
 * there is nothing to re-attach to: a retried attempt simply runs it again.
 */
public final class JavaExecutor implements Executor, AutoCloseable {

  private static final String PROCESS = ManagementFactory.getRuntimeMXBean().getName();

  private final Map<String, JavaHandler> handlers;
  private final AtomicInteger threadCount = new AtomicInteger();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fanout-java-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private final InvocationInput input;

  public JavaExecutor(InvocationInput input, Map<String, JavaHandler> handlers) {
    this.handlers = Map.copyOf(handlers);
    this.input = input;
  }

  @Override
  public RunningInvocation start(Invocation invocation, int attempt, TaskLog log)
      throws InvocationException {
    String name = invocation.function().handler();
    JavaHandler handler = handlers.get(name);
    if (handler == null) {
      throw InvocationException.badFunction(
          "handler",
          "no Java handler named '"
              + name
              + "' on this worker; it has "
              + new TreeSet<>(handlers.keySet()));
    }
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    Future<JsonNode> future =
        threads.submit(
            () -> {
              MDC.setContextMap(mdc == null ? Map.of() : mdc);
              try (ResultManifest.Results results =
                      invocation.results() == null ? null : input.results(invocation);
                  SpooledSubJobs spool = new SpooledSubJobs()) {
                HandlerContext context =
                    new HandlerContext(
                        invocation.jobId(),
                        invocation.taskIndex(),
                        invocation.taskKey(),
                        attempt,
                        new TaskLogger(log),
                        results == null ? List.of() : results,
                        invocation.role() == Role.MAPPER ? spool : SpooledSubJobs.REFUSED);
                JsonNode output = handler.handle(invocation.input(), context);
                Optional<Path> written = spool.finish();
                if (written.isPresent()) {
                  if (output != null && !output.isNull()) {
                    Files.delete(written.get());
                    throw new InvocationException(
                        FailureType.INVALID_MAPPER_OUTPUT,
                        "the mapper both wrote sub-jobs and returned some; do one or the other",
                        null);
                  }
                  return SpooledOutput.reference(written.get());
                }
                return output == null ? NullNode.getInstance() : output;
              } finally {
                MDC.clear();
              }
            });
    return new Running(future, "java:" + PROCESS + ":" + name, log);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }

  private record Running(Future<JsonNode> future, String executorId, TaskLog log)
      implements RunningInvocation {

    @Override
    public Optional<JsonNode> awaitOutput(Duration maxWait)
        throws InvocationException, InterruptedException {
      try {
        return Optional.of(future.get(maxWait.toMillis(), TimeUnit.MILLISECONDS));
      } catch (TimeoutException e) {
        return Optional.empty();
      } catch (CancellationException e) {
        throw new InvocationException(FailureType.CANCELLED, "handler was cancelled", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InvocationException ie) {
          throw ie;
        }
        if (cause instanceof InvalidInputException invalid) {
          log.line("ERROR invalid input: " + invalid.getMessage());
          throw InvocationException.invalidInput(invalid.getMessage(), invalid);
        }
        log.line("ERROR handler threw " + cause);
        throw InvocationException.named(
            cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()), cause);
      }
    }

    @Override
    public void cancel() {
      future.cancel(true);
    }
  }
}
