/** eslump 3 ships no types; this is its one module export (see its README, "Module"). */
declare module 'eslump' {
  export interface GenerateRandomJSOptions {
    sourceType?: 'module' | 'script';
    maxDepth?: number;
    comments?: boolean;
    whitespace?: boolean;
  }
  export function generateRandomJS(options?: GenerateRandomJSOptions): string;
}
