import type { ParserServicesWithTypeInformation, TSESLint } from '@typescript-eslint/utils';

/**
 * The type services of a typed parse, or undefined when the file was parsed without a program.
 * Rules call this only behind an explicit option, so type information never changes a verdict silently.
 */
export function getTypeServices(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): ParserServicesWithTypeInformation | undefined {
  const services = context.sourceCode.parserServices;
  if (!services?.program) return undefined;
  return services as ParserServicesWithTypeInformation;
}
