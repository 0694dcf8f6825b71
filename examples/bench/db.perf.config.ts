import { DataSource } from 'typeorm';

// ❌ Query logging in the load-test configuration: the run measures console I/O and string
// formatting of every statement, not the service.
export const loadTestDataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  logging: true,
});

// ✅ fixed: only errors are logged while performance is measured.
export const quietLoadTestDataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  logging: ['error'],
});
