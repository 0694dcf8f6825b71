import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lintWithProbe } from '../helpers/probe.js';
import { createGlobalReferences } from '../../rules/utils/global-references.js';
import { isVisiblyObjectKey, isWeakKeyCandidate, weakCounterpartEdit } from '../../rules/utils/weak-collection-keys.js';

/** For each `key(x)` call: whether `x` may be a weak key, and whether it is visibly an object. */
function keyVerdicts(code: string): Record<string, { candidate: boolean; visiblyObject: boolean }> {
  const verdicts: Record<string, { candidate: boolean; visiblyObject: boolean }> = {};
  lintWithProbe(code, (context) => ({
    'CallExpression[callee.name="key"]'(call: TSESTree.CallExpression) {
      const { sourceCode } = context;
      const file = { sourceCode, globals: createGlobalReferences(sourceCode) };
      const argument = call.arguments[0]!;
      verdicts[sourceCode.getText(argument)] = { candidate: isWeakKeyCandidate(file, argument), visiblyObject: isVisiblyObjectKey(file, argument) };
    },
  }));
  return verdicts;
}

/** The weak twin edit for each module-level `const`'s initialiser, as text: `callee→WeakMap (annotation)`. */
function editsOf(code: string, keysAreObjects: boolean): Record<string, string | null> {
  const edits: Record<string, string | null> = {};
  lintWithProbe(code, (context) => ({
    VariableDeclarator(declarator: TSESTree.VariableDeclarator) {
      if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return;
      const kind = declarator.id.name.endsWith('Set') ? 'set' : 'map';
      const edit = weakCounterpartEdit(context.sourceCode, kind, declarator.init, declarator.id.typeAnnotation?.typeAnnotation, keysAreObjects);
      edits[declarator.id.name] = edit && `${edit.callee.name}→${edit.weakName}${edit.annotationName ? ' (annotation)' : ''}`;
    },
  }));
  return edits;
}

describe('isWeakKeyCandidate and isVisiblyObjectKey', () => {
  it('accepts bindings and fresh objects, rejects visible primitives', () => {
    const verdicts = keyVerdicts(`
      declare function key(value: unknown): void;
      class Conn {}
      export function handle(conn: Conn, id: string, anything: unknown, req: { id: string }) {
        const count = 1;
        const made = new Conn();
        key(conn);
        key(id);
        key(anything);
        key(count);
        key(made);
        key(this);
        key({});
        key(req.id);
        key(String(conn));
        key(JSON.stringify(conn));
        key(\`\${id}\`);
      }
    `);
    expect(verdicts).toEqual({
      conn: { candidate: true, visiblyObject: true },
      id: { candidate: false, visiblyObject: false },
      anything: { candidate: false, visiblyObject: false },
      count: { candidate: false, visiblyObject: false },
      made: { candidate: true, visiblyObject: true },
      this: { candidate: true, visiblyObject: true },
      '{}': { candidate: true, visiblyObject: true },
      'req.id': { candidate: false, visiblyObject: false },
      'String(conn)': { candidate: false, visiblyObject: false },
      'JSON.stringify(conn)': { candidate: false, visiblyObject: false },
      '`${id}`': { candidate: false, visiblyObject: false },
    });
  });

  it('takes an untyped binding as a candidate but not as visibly an object', () => {
    const verdicts = keyVerdicts(`
      declare function key(value: unknown): void;
      export function handle(socket) { key(socket); }
    `);
    expect(verdicts.socket).toEqual({ candidate: true, visiblyObject: false });
  });
});

describe('weakCounterpartEdit', () => {
  it('renames the constructor and a matching annotation when the keys are objects', () => {
    expect(
      editsOf(
        `
        class Conn {}
        const plainMap = new Map();
        const typedMap: Map<Conn, number> = new Map();
        const argumentMap = new Map<Conn, number>();
        const plainSet = new Set();
        const seededMap = new Map([[new Conn(), 1]]);
        const stringMap: Map<string, number> = new Map();
        const otherAnnotationMap: ReadonlyMap<Conn, number> = new Map();
      `,
        true,
      ),
    ).toEqual({
      plainMap: 'Map→WeakMap',
      typedMap: 'Map→WeakMap (annotation)',
      argumentMap: 'Map→WeakMap',
      plainSet: 'Set→WeakSet',
      seededMap: null,
      stringMap: null,
      otherAnnotationMap: null,
    });
  });

  it('needs an object key type when the keys do not show objects, and no local WeakMap', () => {
    expect(
      editsOf(
        `
        class Conn {}
        const untypedMap = new Map();
        const typedMap = new Map<Conn, number>();
      `,
        false,
      ),
    ).toEqual({ untypedMap: null, typedMap: 'Map→WeakMap' });
    expect(editsOf(`class WeakMap {} const shadowedMap = new Map();`, true)).toEqual({ shadowedMap: null });
  });
});
