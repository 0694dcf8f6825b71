import pg from 'pg';
import { parentPort, workerData } from 'node:worker_threads';

interface ReportRequest {
  accountId: string;
}

// ❌ The client is closed only when the query succeeds: a throw leaves the connection open, and a
// worker pool that restarts workers piles them up until Postgres refuses new connections.
parentPort?.on('message', async (request: ReportRequest) => {
  const client = new pg.Client({ connectionString: workerData.databaseUrl });
  await client.connect();
  const { rows } = await client.query('SELECT total FROM invoices WHERE account_id = $1', [request.accountId]);
  parentPort?.postMessage(rows);
  await client.end();
});

// ✅ fixed: the client is closed in `finally`, on every path.
export async function buildReport(request: ReportRequest): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: workerData.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT total FROM invoices WHERE account_id = $1', [request.accountId]);
    return rows;
  } finally {
    await client.end();
  }
}
