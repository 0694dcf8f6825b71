import { PrismaClient } from '@prisma/client';
import { Worker } from 'bullmq';

const prisma = new PrismaClient();

// ❌ Every user row is loaded into one array before the first line is written.
export const exportWorker = new Worker('export-users', async () => {
  const users = await prisma.user.findMany();
  return users.map((user) => `${user.id},${user.email}`).join('\n');
});

// ✅ fixed: keyset pagination keeps at most one page of rows in memory.
export const pagedExportWorker = new Worker('export-users-paged', async () => {
  const lines: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await prisma.user.findMany({
      take: 500,
      orderBy: { id: 'asc' },
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    if (page.length === 0) break;
    for (const user of page) lines.push(`${user.id},${user.email}`);
    cursor = page.at(-1)?.id;
  }
  return lines.length;
});
