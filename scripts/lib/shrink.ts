/**
 * Shrinks a failing program to a small reproduction: drops statements, class members, properties,
 * array elements and arguments (largest first), then single lines, while the failure persists.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { parseTs } from './mutate.js';
import { allNodes, forEachChild } from './walk.js';

const LIST_KEYS = new Set(['body', 'consequent', 'properties', 'elements', 'arguments', 'members', 'declarations', 'specifiers']);

/** Ranges whose removal keeps a list well-formed: the element plus its trailing (or leading) comma. */
function removableRanges(code: string, ast: TSESTree.Program): [number, number][] {
  const ranges: [number, number][] = [];
  for (const node of allNodes(ast)) {
    const lists = new Map<string, TSESTree.Node[]>();
    forEachChild(node, (_child, key, list) => {
      if (list && LIST_KEYS.has(key)) lists.set(key, list);
    });
    for (const list of lists.values()) {
      for (const [index, element] of list.entries()) {
        const next = list[index + 1];
        const previous = list[index - 1];
        const separated = /^\s*,/u.test(code.slice(element.range[1]));
        if (next && separated) ranges.push([element.range[0], next.range[0]]);
        else if (previous && /,\s*$/u.test(code.slice(previous.range[1], element.range[0]))) ranges.push([previous.range[1], element.range[1]]);
        else ranges.push([element.range[0], element.range[1]]);
      }
    }
  }
  return ranges.sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
}

export function shrinkProgram(code: string, filename: string, stillFails: (code: string) => boolean, maxAttempts = 1500): { code: string; attempts: number } {
  let current = code;
  let attempts = 0;
  const tryCandidate = (candidate: string): boolean => {
    if (candidate === current || attempts >= maxAttempts) return false;
    attempts++;
    if (!stillFails(candidate)) return false;
    current = candidate;
    return true;
  };

  for (let progress = true; progress && attempts < maxAttempts; ) {
    progress = false;
    const ast = parseTs(current, filename);
    if (ast) {
      for (const [start, end] of removableRanges(current, ast)) {
        if (tryCandidate(current.slice(0, start) + current.slice(end))) {
          progress = true;
          break;
        }
      }
    }
    if (progress) continue;
    const lines = current.split('\n');
    for (let size = Math.max(1, Math.floor(lines.length / 2)); size >= 1 && !progress; size = Math.floor(size / 2)) {
      for (let start = 0; start < lines.length; start += size) {
        if (tryCandidate([...lines.slice(0, start), ...lines.slice(start + size)].join('\n'))) {
          progress = true;
          break;
        }
      }
    }
  }
  return { code: tidy(current, stillFails), attempts };
}

/** Drops blank lines when the failure does not depend on them. */
function tidy(code: string, stillFails: (code: string) => boolean): string {
  const tidied = code.replace(/\n\s*\n+/gu, '\n').trim();
  return tidied !== code && stillFails(tidied) ? tidied : code;
}
