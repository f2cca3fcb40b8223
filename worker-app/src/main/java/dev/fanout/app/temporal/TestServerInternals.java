package dev.fanout.app.temporal;

import com.google.protobuf.ByteString;
import io.temporal.api.taskqueue.v1.StickyExecutionAttributes;
import io.temporal.internal.testservice.ExecutionId;
import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * What the embedded server's fixes ({@link TimerLockLog}, {@link StickyQueueTimeout}, {@link
 * EndedActivityCancelGuard}) need of the pinned test server's workflow executions, reached by
 * reflection because the server keeps them private. Each fix resolves what it needs once when it is
 * installed and falls back to the server as shipped, with a warning, if the fields moved.
 *
 * <p>Locks: the server takes an execution's lock before its executions map's and before any task
 * queue's monitor, so nothing here takes an execution's lock while holding one of those.
 */
final class TestServerInternals {

  static final String PACKAGE = "io.temporal.internal.testservice.";

  private final Lock executionsLock;
  private final Map<?, ?> executions;
  private final Field sticky;
  private final Field executionLock;
  private final Field activities;
  private final Method tokenFromBytes;
  private final Method tokenExecution;

  private TestServerInternals(TestServicesStarter services) throws ReflectiveOperationException {
    Object service = services.getWorkflowService();
    Class<?> stateClass = Class.forName(PACKAGE + "TestWorkflowMutableStateImpl");
    Class<?> tokenClass = Class.forName(PACKAGE + "WorkflowTaskToken");
    executionsLock = (Lock) field(service.getClass(), "lock").get(service);
    executions = (Map<?, ?>) field(service.getClass(), "executions").get(service);
    sticky = field(stateClass, "stickyExecutionAttributes");
    executionLock = field(stateClass, "lock");
    activities = field(stateClass, "activities");
    tokenFromBytes = accessible(tokenClass.getDeclaredMethod("fromBytes", ByteString.class));
    tokenExecution = accessible(tokenClass.getDeclaredMethod("getExecutionId"));
  }

  /** The pinned server's executions, or empty if they moved (the cause in the exception). */
  static TestServerInternals of(TestServicesStarter services) throws ReflectiveOperationException {
    return new TestServerInternals(services);
  }

  /** An execution of the server: its mutable state, opaque. */
  record Execution(Object state) {}

  Optional<Execution> execution(ExecutionId id) {
    executionsLock.lock();
    try {
      return Optional.ofNullable(executions.get(id)).map(Execution::new);
    } finally {
      executionsLock.unlock();
    }
  }

  /** The execution a workflow task's token belongs to. */
  Optional<Execution> executionOfTask(ByteString taskToken) {
    try {
      return execution((ExecutionId) tokenExecution.invoke(tokenFromBytes.invoke(null, taskToken)));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty(); // not a token of this server: let the server answer it
    }
  }

  List<Execution> executions() {
    Collection<?> states;
    executionsLock.lock();
    try {
      states = new ArrayList<>(executions.values());
    } finally {
      executionsLock.unlock();
    }
    return states.stream().map(Execution::new).toList();
  }

  /** The lock the server holds while it changes the execution. */
  Lock lock(Execution execution) {
    return (Lock) get(executionLock, execution.state());
  }

  /** The sticky queue the execution's tasks go to, if any. */
  Optional<StickyExecutionAttributes> stickiness(Execution execution) {
    return Optional.ofNullable((StickyExecutionAttributes) get(sticky, execution.state()));
  }

  /** Sends the execution's next tasks to its own queue. Hold its {@link #lock}. */
  void clearStickiness(Execution execution) {
    set(sticky, execution.state(), null);
  }

  /** Whether the activity scheduled by this event is still pending. Hold its {@link #lock}. */
  boolean activityPending(Execution execution, long scheduledEventId) {
    return ((Map<?, ?>) get(activities, execution.state())).containsKey(scheduledEventId);
  }

  /** The field named {@code name} of {@code type} or a superclass, made accessible. */
  static Field field(Class<?> type, String name) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return accessible(c.getDeclaredField(name));
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(type.getName() + "." + name);
  }

  static <T extends AccessibleObject> T accessible(T member) {
    member.setAccessible(true);
    return member;
  }

  /** A field's value; the field was made accessible when it was resolved. */
  static Object get(Field field, Object owner) {
    try {
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  static void set(Field field, Object owner, Object value) {
    try {
      field.set(owner, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
