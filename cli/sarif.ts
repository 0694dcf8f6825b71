import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint, Linter } from 'eslint';
import type * as Sarif from 'sarif';
import { isParseError } from './results.js';

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
}

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 for code-scanning upload. Locations are relative to the scan root (`%SRCROOT%`,
 * declared in `originalUriBaseIds`) so the log does not leak the machine's paths, and every result
 * carries a `partialFingerprints` entry that survives edits elsewhere in the file: the rule, the
 * file and the text of the reported line, not its number.
 */
export function formatSarif(
  results: readonly ESLint.LintResult[],
  rulesMeta: ESLint.LintResultData['rulesMeta'],
  { tool, root, sourceLines }: { tool: SarifTool; root: string; sourceLines: (filePath: string) => readonly string[] },
): string {
  const ruleIds = [...new Set(results.flatMap((result) => result.messages.filter(isRuleReport).map((m) => m.ruleId)))].sort();
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const sarifResults: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];

  for (const result of results) {
    const uri = artifactUri(result.filePath, root);
    const lines = result.messages.some(isRuleReport) ? sourceLines(result.filePath) : [];
    const seen = new Map<string, number>();
    for (const message of result.messages) {
      if (isParseError(message)) {
        notifications.push(parseNotification(message, uri));
      } else if (isRuleReport(message)) {
        const fingerprint = lineFingerprint(message.ruleId, uri, lines[message.line - 1] ?? '', seen);
        sarifResults.push(toSarifResult(message, uri, ruleIndex.get(message.ruleId) ?? 0, fingerprint));
      }
    }
  }

  const log: Sarif.Log = {
    version: '2.1.0',
    $schema: SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: ruleIds.map((id) => toReportingDescriptor(id, rulesMeta[id])),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(withTrailingSeparator(root)).href } },
        // A file that could not be parsed was not analysed: the run did not do all it was asked.
        invocations: [{ executionSuccessful: notifications.length === 0, toolConfigurationNotifications: notifications }],
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, undefined, 2)}\n`;
}

type RuleReport = Linter.LintMessage & { ruleId: string };

function isRuleReport(message: Linter.LintMessage): message is RuleReport {
  return message.ruleId !== null && message.fatal !== true;
}

function toReportingDescriptor(id: string, meta: ESLint.LintResultData['rulesMeta'][string] | undefined): Sarif.ReportingDescriptor {
  const descriptor: Sarif.ReportingDescriptor = { id };
  if (meta?.docs?.description) descriptor.shortDescription = { text: meta.docs.description };
  if (meta?.docs?.url) descriptor.helpUri = meta.docs.url;
  if (meta?.type) descriptor.properties = { category: meta.type };
  return descriptor;
}

function toSarifResult(message: RuleReport, uri: string, ruleIndex: number, fingerprint: string): Sarif.Result {
  return {
    ruleId: message.ruleId,
    ruleIndex,
    level: message.severity === 2 ? 'error' : 'warning',
    message: { text: message.message },
    locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: SOURCE_ROOT }, region: regionOf(message) } }],
    partialFingerprints: { 'primaryLocationLineHash/v1': fingerprint },
  };
}

function parseNotification(message: Linter.LintMessage, uri: string): Sarif.Notification {
  return {
    level: 'error',
    message: { text: message.message },
    locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: SOURCE_ROOT }, region: regionOf(message) } }],
  };
}

function regionOf(message: Linter.LintMessage): Sarif.Region {
  const region: Sarif.Region = { startLine: Math.max(message.line, 1), startColumn: Math.max(message.column, 1) };
  if (message.endLine !== undefined) region.endLine = message.endLine;
  if (message.endColumn !== undefined) region.endColumn = message.endColumn;
  return region;
}

/**
 * Rule, file and the reported line's text with its whitespace squeezed; a second identical line in
 * the same file gets `:2`, `:3`, … so two findings never share a fingerprint.
 */
function lineFingerprint(ruleId: string, uri: string, lineText: string, seen: Map<string, number>): string {
  const hash = createHash('sha256').update(`${ruleId}\0${uri}\0${lineText.replace(/\s+/g, ' ').trim()}`).digest('hex').slice(0, 32);
  const occurrence = (seen.get(hash) ?? 0) + 1;
  seen.set(hash, occurrence);
  return `${hash}:${occurrence}`;
}

function artifactUri(filePath: string, root: string): string {
  const relative = path.relative(root, filePath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return pathToFileURL(filePath).href;
  return relative.split(path.sep).map(encodeURIComponent).join('/');
}

function withTrailingSeparator(folder: string): string {
  return folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`;
}
