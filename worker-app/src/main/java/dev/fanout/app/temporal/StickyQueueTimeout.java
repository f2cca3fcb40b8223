package dev.fanout.app.temporal;

import static dev.fanout.app.temporal.TestServerInternals.PACKAGE;
import static dev.fanout.app.temporal.TestServerInternals.accessible;
import static dev.fanout.app.temporal.TestServerInternals.field;
import static dev.fanout.app.temporal.TestServerInternals.get;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.temporal.api.common.v1.Priority;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.ShutdownWorkerRequest;
import io.temporal.internal.common.ProtobufTimeUtils;
import io.temporal.internal.testservice.ExecutionId;
import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives Temporal's test server the sticky-queue timeout every real server has, so a job outlives
 * the workflow worker that ran it.
 *
 * <p>A workflow worker asks the server to send a workflow's next tasks to its own <em>sticky</em>
 * queue, where it keeps the workflow in memory. A real server gives up on a sticky queue once a
 * task has waited there for the worker's schedule-to-start timeout (5 s by default), or at once
 * when the worker says it is shutting down: it clears the workflow's stickiness and puts the task
 * on the workflow's normal queue, where any worker takes it and replays the history. Temporal's
 * test server (temporal-test-server 1.38.0) has neither rule: once the worker that holds a workflow
 * dies, every later task and query of that workflow waits on a queue nobody polls, and the job
 * never moves again.
 *
 * <p>This looks at the sticky queues once a second and does what a real server does, reaching the
 * pinned server's internals by reflection: tasks that waited past their timeout, or on the queue of
 * a worker that shut down, move to their workflow's normal queue, and the workflow's stickiness is
 * cleared. A real server also records a {@code WorkflowTaskTimedOut} event; this records nothing,
 * which no replay depends on. If a later SDK moves the fields, the server runs as shipped and a
 * warning says so; {@code StickyQueueTimeoutTest} fails on the pinned one.
 */
final class StickyQueueTimeout implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StickyQueueTimeout.class);

  /** How often the sticky queues are looked at: a task moves at most this late. */
  static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

  /**
   * How long a worker's shutdown is remembered: a worker that is draining may still finish a task
   * and make its workflow sticky to itself again.
   */
  static final Duration STOPPED_WORKER_MEMORY = Duration.ofMinutes(1);

  private final Internals server;
  private final LongSupplier nanoClock;
  private final ScheduledExecutorService sweeper;

  /** When each task already seen waiting on a sticky queue is due to move, by task object. */
  private Map<Object, Long> deadlines = new IdentityHashMap<>();

  /** Sticky queues of workers that said they are shutting down, with when they said it. */
  private final Map<String, Long> stoppedWorkers = new ConcurrentHashMap<>();

  private StickyQueueTimeout(Internals server, LongSupplier nanoClock, boolean inBackground) {
    this.server = server;
    this.nanoClock = nanoClock;
    this.sweeper = inBackground ? startSweeper() : null;
  }

  /** Starts looking after the server's sticky queues, or says why it cannot and returns empty. */
  static Optional<StickyQueueTimeout> install(TestServicesStarter services) {
    return Internals.of(services).map(s -> new StickyQueueTimeout(s, System::nanoTime, true));
  }

  /** For tests: one that sweeps only when asked, on the given clock (nanoseconds). */
  static Optional<StickyQueueTimeout> withoutSweeper(
      TestServicesStarter services, LongSupplier nanoClock) {
    return Internals.of(services).map(s -> new StickyQueueTimeout(s, nanoClock, false));
  }

  /**
   * The worker polling {@code stickyQueue} is shutting down: hand its workflows on now, as a real
   * server does when a worker calls {@code ShutdownWorker}.
   */
  void workerStopped(String stickyQueue) {
    if (!stickyQueue.isEmpty()) {
      stoppedWorkers.put(stickyQueue, nanoClock.getAsLong());
    }
  }

  /**
   * Tells this of every {@code ShutdownWorker} call the server receives, which the test server
   * itself ignores.
   */
  ServerInterceptor shutdownListener() {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
            next.startCall(call, headers)) {
          @Override
          public void onMessage(Q message) {
            if (message instanceof ShutdownWorkerRequest request) {
              workerStopped(request.getStickyTaskQueue());
            }
            super.onMessage(message);
          }
        };
      }
    };
  }

  /** Moves every sticky task that is due to its workflow's normal queue; how many moved. */
  int sweep() {
    long now = nanoClock.getAsLong();
    stoppedWorkers.values().removeIf(at -> now - at > STOPPED_WORKER_MEMORY.toNanos());
    Set<String> stopped = Set.copyOf(stoppedWorkers.keySet());
    if (!stopped.isEmpty()) {
      server.clearStickinessTo(stopped);
    }
    Map<Object, Long> stillWaiting = new IdentityHashMap<>();
    List<Internals.Waiting> due = new ArrayList<>();
    for (Internals.Queue queue : server.workflowTaskQueues()) {
      List<Internals.Waiting> waiting = queue.stickyTasks();
      List<Internals.Waiting> dueHere = new ArrayList<>();
      for (Internals.Waiting task : waiting) {
        Long deadline = deadlines.get(task.task());
        if (deadline == null) {
          deadline = now + timeout(task).toNanos();
        }
        if (stopped.contains(task.stickyQueue()) || deadline - now <= 0) {
          dueHere.add(task);
        } else {
          stillWaiting.put(task.task(), deadline);
        }
      }
      due.addAll(queue.take(dueHere));
    }
    deadlines = stillWaiting;
    for (Internals.Waiting task : due) {
      server.clearStickiness(task.execution(), task.stickyQueue());
      server.enqueueOnNormalQueue(task);
    }
    if (!due.isEmpty()) {
      log.info(
          "{} workflow task(s) waited on the sticky queue of a worker that is gone; moved to their"
              + " workflows' own queues",
          due.size());
    }
    return due.size();
  }

  /** The wait its worker asked for when it made the workflow sticky; none if it no longer is. */
  private Duration timeout(Internals.Waiting task) {
    return server
        .executions
        .execution(task.execution())
        .flatMap(server.executions::stickiness)
        .filter(sticky -> sticky.getWorkerTaskQueue().getName().equals(task.stickyQueue()))
        .map(sticky -> ProtobufTimeUtils.toJavaDuration(sticky.getScheduleToStartTimeout()))
        .orElse(Duration.ZERO);
  }

  private ScheduledExecutorService startSweeper() {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sticky-queue-timeout");
              t.setDaemon(true);
              return t;
            });
    long interval = SWEEP_INTERVAL.toMillis();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            sweep();
          } catch (RuntimeException e) {
            // A scheduled task that throws never runs again: keep looking after the queues.
            log.warn("could not look at the test server's sticky queues: {}", e.toString());
          }
        },
        interval,
        interval,
        TimeUnit.MILLISECONDS);
    return executor;
  }

  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
  }

  /**
   * The parts of the pinned test server this needs, resolved once: its workflow task queues and
   * their backlogs, and its executions' sticky attributes. A queue's monitor is held only to look
   * at or take from its backlog, never while taking another lock.
   */
  static final class Internals {

    private final Object store;
    private final Lock storeLock;
    private final Map<?, ?> workflowTaskQueues;
    private final Method queueById;
    private final Constructor<?> newQueueId;
    private final Method queueIdNamespace;
    private final Method queueIdName;
    private final Field backlog;
    private final Method add;
    private final Field elementValue;
    private final Field elementPriority;
    final TestServerInternals executions;

    private Internals(TestServicesStarter services) throws ReflectiveOperationException {
      Class<?> storeClass = Class.forName(PACKAGE + "TestWorkflowStoreImpl");
      Class<?> queueIdClass = Class.forName(PACKAGE + "TestWorkflowStore$TaskQueueId");
      Class<?> queueClass = Class.forName(PACKAGE + "TaskQueue");
      Class<?> elementClass = Class.forName(PACKAGE + "TaskQueue$TaskQueueElement");
      store = field(TestServicesStarter.class, "workflowStore").get(services);
      storeLock = (Lock) field(storeClass, "lock").get(store);
      workflowTaskQueues = (Map<?, ?>) field(storeClass, "workflowTaskQueues").get(store);
      queueById =
          accessible(storeClass.getDeclaredMethod("getWorkflowTaskQueueQueue", queueIdClass));
      newQueueId = accessible(queueIdClass.getConstructor(String.class, String.class));
      queueIdNamespace = accessible(queueIdClass.getMethod("getNamespace"));
      queueIdName = accessible(queueIdClass.getMethod("getTaskQueueName"));
      backlog = field(queueClass, "backlog");
      add = accessible(queueClass.getDeclaredMethod("add", Object.class, Priority.class));
      elementValue = field(elementClass, "value");
      elementPriority = field(elementClass, "priority");
      executions = TestServerInternals.of(services);
    }

    static Optional<Internals> of(TestServicesStarter services) {
      try {
        return Optional.of(new Internals(services));
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.warn(
            "Temporal's test server could not be given a sticky-queue timeout ({}); a job whose"
                + " workflow worker dies will not move again",
            e.toString());
        return Optional.empty();
      }
    }

    /**
     * A workflow task (or query) waiting on a sticky queue.
     *
     * @param task the server's task object, moved as it is
     * @param normalQueue the queue of the task's workflow, where it goes instead
     */
    record Waiting(
        Object task,
        Priority priority,
        String namespace,
        String stickyQueue,
        String normalQueue,
        ExecutionId execution) {}

    /** One of the server's workflow task queues. */
    final class Queue {
      private final Object queue;
      private final String namespace;
      private final String name;

      private Queue(Object id, Object queue) throws ReflectiveOperationException {
        this.queue = queue;
        this.namespace = (String) queueIdNamespace.invoke(id);
        this.name = (String) queueIdName.invoke(id);
      }

      /**
       * The tasks in its backlog that stickiness routed here: their workflow's queue is another.
       */
      List<Waiting> stickyTasks() {
        List<Waiting> waiting = new ArrayList<>();
        synchronized (queue) {
          for (Object element : (Iterable<?>) get(backlog, queue)) {
            if (get(elementValue, element) instanceof PollWorkflowTaskQueueResponse.Builder task) {
              String normal = task.getWorkflowExecutionTaskQueue().getName();
              if (!normal.isEmpty() && !normal.equals(name)) {
                waiting.add(
                    new Waiting(
                        task,
                        (Priority) get(elementPriority, element),
                        namespace,
                        name,
                        normal,
                        new ExecutionId(namespace, task.getWorkflowExecution())));
              }
            }
          }
        }
        return waiting;
      }

      /** Removes these tasks from the backlog; those a worker took meanwhile are not returned. */
      List<Waiting> take(List<Waiting> tasks) {
        if (tasks.isEmpty()) {
          return tasks;
        }
        Map<Object, Waiting> wanted = new IdentityHashMap<>();
        tasks.forEach(t -> wanted.put(t.task(), t));
        List<Waiting> taken = new ArrayList<>();
        synchronized (queue) {
          Iterator<?> elements = ((Iterable<?>) get(backlog, queue)).iterator();
          while (elements.hasNext()) {
            Waiting task = wanted.get(get(elementValue, elements.next()));
            if (task != null) {
              elements.remove();
              taken.add(task);
            }
          }
        }
        return taken;
      }
    }

    List<Queue> workflowTaskQueues() {
      List<Queue> queues = new ArrayList<>();
      storeLock.lock();
      try {
        for (Map.Entry<?, ?> entry : workflowTaskQueues.entrySet()) {
          queues.add(new Queue(entry.getKey(), entry.getValue()));
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      } finally {
        storeLock.unlock();
      }
      return queues;
    }

    void enqueueOnNormalQueue(Waiting task) {
      try {
        Object queue =
            queueById.invoke(store, newQueueId.newInstance(task.namespace(), task.normalQueue()));
        add.invoke(queue, task.task(), task.priority());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Sends the workflow's next tasks to its own queue, if it is still sticky to this one. */
    void clearStickiness(ExecutionId id, String stickyQueue) {
      executions
          .execution(id)
          .ifPresent(execution -> clearStickiness(execution, Set.of(stickyQueue)));
    }

    /** {@link #clearStickiness(ExecutionId, String)} for every workflow sticky to these queues. */
    void clearStickinessTo(Set<String> stickyQueues) {
      executions.executions().forEach(execution -> clearStickiness(execution, stickyQueues));
    }

    private void clearStickiness(TestServerInternals.Execution execution, Set<String> queues) {
      Lock lock = executions.lock(execution);
      lock.lock();
      try {
        if (executions
            .stickiness(execution)
            .filter(sticky -> queues.contains(sticky.getWorkerTaskQueue().getName()))
            .isPresent()) {
          executions.clearStickiness(execution);
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
