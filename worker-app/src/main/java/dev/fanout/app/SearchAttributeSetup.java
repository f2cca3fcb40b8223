package dev.fanout.app;

import dev.fanout.workflow.JobSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers {@link JobSearchAttributes} on a namespace, and tells whether jobs may carry them. */
public final class SearchAttributeSetup {

  private static final Logger log = LoggerFactory.getLogger(SearchAttributeSetup.class);

  private SearchAttributeSetup() {}

  /** Registers each attribute the namespace does not have yet; returns the names it added. */
  public static List<String> register(WorkflowServiceStubs stubs, String namespace) {
    return withOperator(
        stubs,
        operator -> {
          List<String> added = new ArrayList<>();
          for (SearchAttributeKey<String> key : JobSearchAttributes.ALL) {
            try {
              operator
                  .blockingStub()
                  .addSearchAttributes(
                      AddSearchAttributesRequest.newBuilder()
                          .setNamespace(namespace)
                          .putSearchAttributes(key.getName(), key.getValueType())
                          .build());
              added.add(key.getName());
            } catch (StatusRuntimeException e) {
              if (!alreadyThere(e)) {
                throw e;
              }
            }
          }
          return added;
        });
  }

  /**
   * Whether jobs started on this namespace may carry the attributes. A cluster lists what it has,
   * and an operator registers them with {@code fanout setup}. Temporal's test server (in memory,
   * what {@code fanout dev} and {@code run} use) cannot list them, and a failed start there still
   * takes the workflow id, so the attributes are simply registered there.
   */
  static boolean usable(WorkflowServiceStubs stubs, String namespace) {
    try {
      Map<String, ?> custom =
          withOperator(
              stubs,
              operator ->
                  operator
                      .blockingStub()
                      .listSearchAttributes(
                          ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
                      .getCustomAttributesMap());
      return JobSearchAttributes.ALL.stream().allMatch(k -> custom.containsKey(k.getName()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        register(stubs, namespace);
        return true;
      }
      log.warn(
          "cannot tell whether {} are registered ({}); jobs start without them",
          JobSearchAttributes.ALL,
          e.getStatus());
      return false;
    }
  }

  private static <T> T withOperator(
      WorkflowServiceStubs stubs, Function<OperatorServiceStubs, T> call) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      return call.apply(operator);
    } finally {
      operator.shutdown();
    }
  }

  private static boolean alreadyThere(StatusRuntimeException e) {
    return e.getStatus().getCode() == Status.Code.ALREADY_EXISTS
        || String.valueOf(e.getStatus().getDescription())
            .toLowerCase(Locale.ROOT)
            .contains("already");
  }
}
