/** Public API of lib/convert: other tools' sequence definitions → Upnext packs. */
export { convertText, convertValue, detect } from './convert';
export type { Detection } from './convert';
export { TOOLS, isTool } from './types';
export type { ConversionWarning, ConvertOptions, ConvertResult, Recognition, Tool } from './types';
