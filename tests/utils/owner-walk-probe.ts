import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { lintWithProbe, type ProbeOptions } from '../helpers/probe.js';
import {
  createOwnerWalk,
  enterFieldInitializer,
  enterMethodOrFunction,
  enterStaticBlock,
  leaveThisContext,
  MEMBER_ASSIGNMENT,
  recordRegistration,
  recordRemoval,
  recordStore,
  recordThis,
  REGISTRATION_CALL,
  REMOVAL_CALL,
  type ClassFacts,
  type OwnerWalk,
} from '../../rules/utils/owner-facts.js';

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
      const enterFunction = (node: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression): void => enterMethodOrFunction(walk, node);
      const enterField = (node: TSESTree.PropertyDefinition | TSESTree.AccessorProperty): void => enterFieldInitializer(walk, node);
      const leave = (): void => leaveThisContext(walk);
      return {
        FunctionDeclaration: enterFunction,
        FunctionExpression: enterFunction,
        'FunctionDeclaration:exit': leave,
        'FunctionExpression:exit': leave,
        PropertyDefinition: enterField,
        AccessorProperty: enterField,
        'PropertyDefinition:exit': leave,
        'AccessorProperty:exit': leave,
        StaticBlock: () => enterStaticBlock(walk),
        'StaticBlock:exit': leave,
        [MEMBER_ASSIGNMENT]: (node: TSESTree.AssignmentExpression) => recordStore(walk, node),
        [REGISTRATION_CALL]: (node: TSESTree.CallExpression) => recordRegistration(walk, node),
        [REMOVAL_CALL]: (node: TSESTree.CallExpression) => recordRemoval(walk, node),
        ThisExpression: (node: TSESTree.ThisExpression) => recordThis(walk, node),
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
