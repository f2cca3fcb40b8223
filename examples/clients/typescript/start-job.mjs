// Starts a Fanout job by workflow type name, reads its progress query, waits for its result.
// Usage: TEMPORAL_ADDRESS=127.0.0.1:7233 node start-job.mjs SPEC.json
// Prints one JSON object per line: {"started": ...}, {"progress": ...}, {"result": ...}.
import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';

const [specFile] = process.argv.slice(2);
const spec = JSON.parse(await readFile(specFile, 'utf8'));
const connection = await Connection.connect({
  address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
  // The Java server allows fewer pings than the client's default keepalive sends.
  channelArgs: { 'grpc.keepalive_time_ms': 300_000 },
});
try {
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  const handle = await client.workflow.start('ParallelJob', {
    taskQueue: 'fanout-workflows',
    workflowId: `${spec.owner ?? 'anonymous'}-ts-${Date.now()}`,
    args: [spec], // the spec as a plain JSON object
  });
  console.log(JSON.stringify({ started: handle.workflowId }));
  // Queries have no deadline of their own: give one.
  const progress = await connection.withDeadline(Date.now() + 10_000, () => handle.query('progress'));
  console.log(JSON.stringify({ progress }));
  const result = await handle.result();
  console.log(JSON.stringify({ result }));
} finally {
  await connection.close();
}
