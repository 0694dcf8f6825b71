import { createESLintOptions, decodeScanRequest } from './scan-config.js';

/**
 * ESLint's options module for multithreaded scans (`ESLint.fromOptionsModule`): each worker
 * thread imports it and rebuilds, from the request in this module's URL, the same options the main
 * thread has, plugin objects and the rule filter included, which cannot be sent to a thread.
 */
export default await createESLintOptions(decodeScanRequest(import.meta.url));
