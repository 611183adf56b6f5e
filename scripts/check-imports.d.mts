// Types of scripts/check-imports.mjs for its test.
export declare const LAYERS: Record<string, string[] | '*'>;
export declare const CORE: string[];
export declare function checkImports(srcDir: string): string[];
