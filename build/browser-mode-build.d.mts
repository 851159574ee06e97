export declare const browserHostOutDir: string;
export declare function buildBrowserHost(): Promise<string>;
