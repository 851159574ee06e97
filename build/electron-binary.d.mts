export declare function installedElectronBinary(): string | undefined;
