export declare const INSTALL_HINT: string;
export declare function findBrowser(): string | null;
