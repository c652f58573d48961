export declare const INSTALL_HINT: string;
export declare function locateBrowser(): { path: string } | { problem: string };
