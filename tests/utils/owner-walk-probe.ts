import type { TSESLint } from '@typescript-eslint/utils';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';
import { createOwnerWalk, ownerWalkListeners, type ClassFacts, type OwnerWalk } from '../../rules/utils/owner-facts.js';

type Context = TSESLint.RuleContext<never, []>;

/**
 * Lints `code` with the listeners `no-handler-cycle` uses to record owner facts, then hands the
 * finished walk to `decide` at `Program:exit`, as the rule does.
 */
export function lintOwnerWalk(code: string, decide: (walk: OwnerWalk, context: Context) => void, options: ProbeOptions = {}): void {
  lintWithProbe(
    code,
    (context) => {
      const walk = createOwnerWalk();
      return {
        ...ownerWalkListeners(walk),
        'Program:exit': () => decide(walk, context),
      };
    },
    options,
  );
}

/** The facts recorded for the class named `name`; throws when the walk saw no instance code of it. */
export function factsOf(walk: OwnerWalk, name: string): ClassFacts {
  for (const facts of walk.classes.values()) {
    if (facts.node.id?.name === name) return facts;
  }
  throw new Error(`no facts for class ${name}`);
}
