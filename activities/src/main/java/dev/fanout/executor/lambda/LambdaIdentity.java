package dev.fanout.executor.lambda;

import dev.fanout.cache.FunctionIdentity;
import dev.fanout.job.FunctionRef;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/**
 * What a Lambda function is: its ARN, version and code digest as GetFunctionConfiguration says. An
 * endpoint that cannot say (a local emulator without that call) leaves the function uncached: a
 * function's name alone would reuse outputs across deployments.
 */
public final class LambdaIdentity implements FunctionIdentity {

  private static final Logger log = LoggerFactory.getLogger(LambdaIdentity.class);

  private final LambdaExecutor executor;

  public LambdaIdentity(LambdaExecutor executor) {
    this.executor = executor;
  }

  @Override
  public String of(FunctionRef function) throws InterruptedException, TimeoutException {
    try {
      GetFunctionConfigurationResponse config =
          executor
              .client()
              .getFunctionConfiguration(b -> b.functionName(function.function()))
              .get(30, TimeUnit.SECONDS);
      if (config.codeSha256() == null) {
        return null;
      }
      return "lambda:" + config.functionArn() + "@" + config.version() + ":" + config.codeSha256();
    } catch (ExecutionException e) {
      log.info(
          "not caching {}: its code digest is unknown ({})",
          function.function(),
          e.getCause().toString());
      return null;
    }
  }
}
