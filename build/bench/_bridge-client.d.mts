export interface BridgeClient {
  call(channel: string, input?: unknown): Promise<any>;
  next(event: string, match?: (payload: any) => boolean): Promise<any>;
  on(event: string, listen: (payload: any) => void): void;
  close(): void;
}
export declare function connectBridge(url: string): Promise<BridgeClient>;
export declare function collectFiles(client: BridgeClient, files: string[]): Promise<{ findings: unknown[]; errors: unknown[] }>;
