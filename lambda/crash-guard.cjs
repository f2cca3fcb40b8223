// serverless-offline 13 crashes the whole server when an Event invocation's function throws (an
// unhandled rejection made fatal by Framework v3). Registering a listener first stands that down.
process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection in a function:', reason && reason.message);
});
