import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { createQueryResolver, mayHaveSelect, readQueryGates, roleOf, type InstanceOption } from '../../rules/utils/query-kinds.js';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';

interface AwaitedVerdict {
  text: string;
  gate: boolean;
  awaitedBuilder: boolean;
}

/** CommonJS code (it calls `require`) is linted as JavaScript, the rest as a TypeScript module. */
function probeOptions(code: string): ProbeOptions {
  return code.includes('require(') ? { sourceType: 'commonjs', filename: 'file.js', parser: 'espree' } : { sourceType: 'module' };
}

/** For every awaited expression: what the gate answers, and whether full resolution finds a builder that runs when awaited. */
function awaitedVerdicts(code: string): AwaitedVerdict[] {
  const verdicts: AwaitedVerdict[] = [];
  lintWithProbe(code, (context) => {
    const resolver = createQueryResolver(context.sourceCode, []);
    const awaited: TSESTree.Expression[] = [];
    return {
      AwaitExpression: (node) => void awaited.push(node.argument),
      'Program:exit'() {
        resolver.prepare();
        for (const node of awaited) {
          // The gate first, as the rule asks it: it must not depend on what full resolution cached.
          const gate = resolver.mayBeAwaitedBuilder(node);
          const awaitedBuilder = resolver.kindsOf(node).some((kind) => roleOf(kind)?.builder?.materialiseOnAwait === true);
          verdicts.push({ text: context.sourceCode.getText(node), gate, awaitedBuilder });
        }
      },
    };
  }, probeOptions(code));
  return verdicts;
}

const SERVICES = [
  `
  import { Injectable } from '@nestjs/common';
  import { InjectModel } from '@nestjs/mongoose';
  import type { Model } from 'mongoose';
  import { UsersService } from './users.service';
  @Injectable()
  export class ReportService {
    constructor(@InjectModel('Report') private readonly reports: Model<Report>, private readonly users: UsersService) {}
    async all() { return await this.reports.find({ archived: false }).sort({ at: -1 }); }
    async owner(id: string) { return await this.users.findById(id); }
    async save(report: Report) { await this.users.audit(report.id); await this.persist(report); }
    private async persist(report: Report) {}
  }`,
  `
  import knex, { type Knex } from 'knex';
  const db = knex({ client: 'pg' });
  export class Members {
    constructor(private readonly connection: Knex, private readonly mailer: Mailer) {}
    async list(team: string) {
      const rows = await this.connection('members').where({ active: true });
      await this.mailer.send(rows.length);
      await db.transaction(async (trx) => { await trx('audit').select('*'); });
      const query = db('events').where('at', '>', new Date(0));
      await query;
      return Promise.all([db.select('*').from('logs'), this.mailer.flush()]);
    }
  }`,
  `
  const mongoose = require('mongoose');
  const User = mongoose.model('User');
  const { notify } = require('./notify');
  module.exports = async function run(job) {
    const users = await User.find({ deletedAt: null });
    await notify(users);
    await mongoose.model('Event').find();
    await job.progress(50);
  };`,
  `
  import Post from '../models/post';
  import { logger } from '../logger';
  export async function export_(res) {
    const posts = await Post.find().lean();
    await logger.flush();
    await res.json(posts);
  }`,
  `
  export class Cache {
    knex;
    constructor(knexInstance) { this.knex = knexInstance; }
    async load() { return await this.knex.select('*').from('settings_cache'); }
    async other() { return await this.refresh(); }
    async refresh() {}
  }`,
  `
  const knex = require('knex')({ client: 'pg' });
  async function later() {
    let qb;
    qb = knex('jobs');
    await qb;
    const conn = knex;
    await conn.select('*').from('runs');
  }
  async function inTransaction(trx) { await trx('runs').where('done', false); }
  module.exports = { later, inTransaction };`,
];

describe('mayBeAwaitedBuilder', () => {
  it.each(SERVICES)('is true for every awaited expression that resolves to a builder run by await: %s', (code) => {
    const verdicts = awaitedVerdicts(code);
    expect(verdicts.filter((verdict) => verdict.awaitedBuilder && !verdict.gate)).toEqual([]);
    expect(verdicts.some((verdict) => verdict.awaitedBuilder)).toBe(true);
  });

  it('leaves out awaits whose chain has no link that could start such a builder', () => {
    const skipped = SERVICES.flatMap(awaitedVerdicts)
      .filter((verdict) => !verdict.gate)
      .map((verdict) => verdict.text);
    expect(skipped).toEqual([
      'this.users.findById(id)',
      'this.users.audit(report.id)',
      'this.persist(report)',
      'this.mailer.send(rows.length)',
      'job.progress(50)',
      'logger.flush()',
      'res.json(posts)',
      'this.refresh()',
    ]);
  });

  it('does not look at a computed member it cannot name', () => {
    const verdicts = awaitedVerdicts(`declare const services: Record<string, { run(): Promise<void> }>; export async function f(k: string) { await services[k].run(); }`);
    expect(verdicts).toEqual([{ text: 'services[k].run()', gate: false, awaitedBuilder: false }]);
  });

  it('keeps a type-asserted or optional chain link', () => {
    const verdicts = awaitedVerdicts(`import knex from 'knex'; const db = knex({}); export async function f() { await (db as any)?.('users'); }`);
    expect(verdicts.map((verdict) => [verdict.text, verdict.gate])).toEqual([[`(db as any)?.('users')`, true]]);
  });
});

/** The rule's two file gates on `code`: any ORM evidence, and evidence of a builder that runs when awaited. */
function fileGates(code: string, instances: InstanceOption[] = []): { orm: boolean; awaits: boolean } {
  let gates = { orm: false, awaits: false };
  lintWithProbe(code, (context) => {
    gates = readQueryGates(context.sourceCode, instances);
    return {};
  }, probeOptions(code));
  return gates;
}

describe('readQueryGates: builders run by await', () => {
  it.each(SERVICES)('holds in every file where an awaited expression resolves to a builder run by await: %s', (code) => {
    expect(awaitedVerdicts(code).some((verdict) => verdict.awaitedBuilder)).toBe(true);
    expect(fileGates(code).awaits).toBe(true);
  });

  it.each([
    [
      'a Prisma service',
      `import { Injectable } from '@nestjs/common';
      import { PrismaService } from './prisma.service';
      @Injectable()
      export class Orders {
        constructor(private readonly prisma: PrismaService) {}
        async all() { return await this.prisma.order.findMany(); }
      }`,
    ],
    [
      'a TypeORM service',
      `import { Repository } from 'typeorm';
      import { InjectRepository } from '@nestjs/typeorm';
      export class Members {
        constructor(@InjectRepository(Member) private readonly members: Repository<Member>) {}
        async all() { return await this.members.find(); }
      }`,
    ],
  ])('is false for %s: its queries are calls', (_name, code) => {
    expect(fileGates(code)).toEqual({ orm: true, awaits: false });
  });

  it("finds every spelling of the knex hint's names in the text, and no name that only contains one", () => {
    const names = ['knex', 'Knex', 'KNEX', 'knexClient', 'KnexInstance', 'knexConnection', 'trx', 'TRX', 'Trx', 'db', 'DB', 'Db'];
    for (const name of names) {
      expect(fileGates(`import { PrismaClient } from '@prisma/client';\nexport const use = (${name}: unknown) => ${name};`).awaits, name).toBe(true);
    }
    expect(fileGates(`import { PrismaClient } from '@prisma/client';\nexport const use = (dbName: string, mongodb: unknown) => [dbName, mongodb];`).awaits).toBe(false);
  });

  it('reads a knex instance by its name in the text, whatever else the file imports', () => {
    const code = `import { PrismaClient } from '@prisma/client';
    export async function copy(trx: unknown) { return (trx as any)('events'); }`;
    expect(fileGates(code).awaits).toBe(true);
    expect(fileGates(code.replace('trx', 'transaction').replace('trx', 'transaction')).awaits).toBe(false);
  });
});

describe('readQueryGates: ORM evidence from the models directory', () => {
  it.each([
    ["import User from '../models/User';\nexport const load = () => User.find();", true],
    ["import { Comment } from '../models';\nexport { Comment };", true],
    ["import db from '../models';\nexport const load = () => db.Comment.findAll();", true],
    ["import { Feature } from '../models/FeatureModel';\nexport type Features = typeof Feature;", true],
    ["import { getFeatureById, toFeatureApiInterface } from '../models/FeatureModel';\nexport const load = () => getFeatureById(1);", false],
    ["import * as features from '../models/FeatureModel';\nexport const load = () => features.getFeatureById(1);", false],
    ["import { Feature } from '../models/feature/index';\nexport const load = () => Feature.find();", false],
    ["import { FeatureInterface } from '../models/FeatureModel';\nexport const name = (feature: FeatureInterface) => feature.id;", false],
    ["import { Feature } from '../models/FeatureModel';\nexport {};", false],
  ])('%s: %s', (code, expected) => {
    expect(fileGates(code)).toEqual({ orm: expected, awaits: expected });
  });

  it('reads a configured module as its library: a knex instance has builders run by await, a Prisma client not', () => {
    const code = `import { store } from '../lib/store';\nexport const load = () => store.users.findMany();`;
    expect(fileGates(code)).toEqual({ orm: false, awaits: false });
    expect(fileGates(code, [{ library: 'knex', module: 'lib/store' }])).toEqual({ orm: true, awaits: true });
    expect(fileGates(code, [{ library: 'prisma', module: 'lib/store' }])).toEqual({ orm: true, awaits: false });
  });

  it.each([
    ["import { prisma } from '@/server/prisma';", true],
    ["import { PrismaService } from '../Prisma/prisma.service';", true],
    ["import { client } from '../PRISMA';", true],
    ["import { prismatic } from '../prismatic';", false],
    ["import { client } from '../PrIsMa';", false],
  ])('reads a Prisma module by its path: %s', (code, expected) => {
    expect(fileGates(`${code}\nexport {};`)).toEqual({ orm: expected, awaits: false });
  });

  it('counts a models module loaded with require', () => {
    expect(fileGates(`const { getUser } = require('../models/user');\nmodule.exports = getUser;`).orm).toBe(true);
  });
});

describe('mayHaveSelect', () => {
  it.each([
    ['const sql = "select id from users";', true],
    ['const sql = `SELECT id FROM users`;', true],
    ["const sql = 'Select id From users';", true],
    ['const picked = selected.filter(isElected);', false],
    ['import { app } from "electron";', false],
  ])('%s: %s', (text, expected) => {
    expect(mayHaveSelect(text)).toBe(expected);
  });
});
