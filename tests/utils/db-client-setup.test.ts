import { describe, expect, it } from 'vitest';
import { getSetup } from '../../rules/utils/db-client-setup.js';

describe('getSetup', () => {
  it('adds user clients to the catalog, with their checkouts and release methods', () => {
    const setup = getSetup({
      clients: [{ module: '@acme/db', acquire: ['createPool'], release: ['end'], checkouts: [{ method: 'lease', release: ['giveBack'] }] }],
    });
    expect(setup.isCatalogued('@acme/db')).toBe(true);
    expect(setup.isCatalogued('pg/lib/pool')).toBe(true);
    expect(setup.isCatalogued('./database/redis')).toBe(false);
    expect(setup.methodNames.has('lease')).toBe(true);
    expect(setup.methodNames.has('connect')).toBe(true);
    expect(setup.catalog.checkoutMethods.get('lease')?.map((kind) => kind.release)).toEqual([['giveBack']]);
    expect(setup.modules).toContain('@acme/db');
    expect(setup.modules).toContain('worker_threads');
  });

  it('knows the catalog classes a project can extend, and the task runners with their handle methods', () => {
    const setup = getSetup({ taskRunners: [{ module: '@acme/jobs', handles: [{ create: 'Consumer', methods: ['consume'] }] }] });
    expect(setup.catalog.classesByModule.get('@prisma/client')?.get('PrismaClient')?.role).toBe('pool');
    expect(setup.methodNames.has('consume')).toBe(true);
    expect(setup.runners.some((runner) => runner.library === '@acme/jobs')).toBe(true);
  });

  it('matches thread files with the defaults or the option, and is built once per configuration', () => {
    expect(getSetup({}).isThreadFile('src/workers/resize.ts')).toBe(true);
    expect(getSetup({}).isThreadFile('src/routes/resize.ts')).toBe(false);
    expect(getSetup({ threadFiles: ['src/processors/**'] }).isThreadFile('src/processors/mail.ts')).toBe(true);
    const options = { clients: [] };
    expect(getSetup(options)).toBe(getSetup(options));
  });
});
