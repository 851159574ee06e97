export declare const repoRoot: string;
export declare const rendererOutDir: string;
export declare function rendererIsStale(): boolean;
export declare function buildRenderer(options?: { quiet?: boolean }): Promise<void>;
export declare function ensureRenderer(options?: { quiet?: boolean }): Promise<void>;
