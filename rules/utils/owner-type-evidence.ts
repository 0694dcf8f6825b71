import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import type { Symbol as TsSymbol, Type as TsType } from 'typescript';
import type { ClassNode } from './owner-facts.js';

/**
 * With type information: whether an imported helper's class declares a property of its owner's type,
 * the evidence that `new Helper(this)` keeps the owner when the helper's code is not in the file.
 */

export interface OwnerTypeEvidence {
  services: ParserServicesWithTypeInformation;
  byCall: Map<TSESTree.NewExpression, boolean>;
  ownerSymbols: Map<ClassNode, Set<TsSymbol>>;
}

export function createOwnerTypeEvidence(services: ParserServicesWithTypeInformation): OwnerTypeEvidence {
  return { services, byCall: new Map(), ownerSymbols: new Map() };
}

export function hasOwnerTypedProperty(evidence: OwnerTypeEvidence, call: TSESTree.NewExpression, owner: ClassNode): boolean {
  let known = evidence.byCall.get(call);
  if (known === undefined) {
    known = computeTypeEvidence(evidence, call, owner);
    evidence.byCall.set(call, known);
  }
  return known;
}

function computeTypeEvidence(evidence: OwnerTypeEvidence, call: TSESTree.NewExpression, owner: ClassNode): boolean {
  const { services } = evidence;
  const checker = services.program.getTypeChecker();
  const ownerSymbols = ownerSymbolsOf(evidence, owner);
  const helperType = services.getTypeAtLocation(call);
  const helperSymbol = helperType.getSymbol();
  // `new Proxy(this, …)`-like results are the owner itself, not a helper.
  if (ownerSymbols.size === 0 || (helperSymbol && ownerSymbols.has(helperSymbol))) return false;
  return checker.getPropertiesOfType(helperType).some((property) => {
    const type = checker.getNonNullableType(checker.getTypeOfSymbol(property));
    return (type.isUnion() ? type.types : [type]).some((part) => {
      const symbol = part.getSymbol();
      return symbol !== undefined && ownerSymbols.has(symbol);
    });
  });
}

/** The owner class and its base classes declared in the project (library bases such as EventEmitter say nothing). */
function ownerSymbolsOf(evidence: OwnerTypeEvidence, node: ClassNode): Set<TsSymbol> {
  let symbols = evidence.ownerSymbols.get(node);
  if (symbols) return symbols;
  symbols = new Set();
  evidence.ownerSymbols.set(node, symbols);
  const { services } = evidence;
  const checker = services.program.getTypeChecker();
  let type: TsType = services.getTypeAtLocation(node);
  const construct = type.getConstructSignatures()[0];
  if (construct) type = construct.getReturnType();
  const pending: TsType[] = [type];
  for (let current = pending.pop(); current; current = pending.pop()) {
    const symbol = current.getSymbol();
    if (!symbol || symbols.has(symbol)) continue;
    if (current !== type && symbol.declarations?.every((declaration) => declaration.getSourceFile().isDeclarationFile)) continue;
    symbols.add(symbol);
    if (current.isClassOrInterface()) pending.push(...(checker.getBaseTypes(current) as TsType[]));
  }
  return symbols;
}
