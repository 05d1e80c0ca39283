// Types for scripts/readmeScreenshots.mjs, which npm test runs as plain JavaScript.
export declare const README_SCREENSHOTS: Readonly<Record<string, string>>;
export declare function refreshReadmeScreenshots(repo: string): { copied: string[]; missing: string[] };
