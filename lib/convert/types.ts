/**
 * Converting other tools' sequence definitions into Upnext packs: the shared vocabulary. Every
 * converter reads untrusted JSON (whatever a manager exported from Outreach, Salesloft,
 * HubSpot, Apollo, Reply.io or lemlist) and never throws on it: what it cannot carry over
 * becomes a warning with the input path it came from.
 */
import type { Entity, Pack } from '../sequence/types';

export const TOOLS = ['outreach', 'salesloft', 'hubspot', 'apollo', 'replyio', 'lemlist'] as const;
export type Tool = (typeof TOOLS)[number];

/** How the tools spell their own names. */
export const TOOL_NAMES: Record<Tool, string> = {
  outreach: 'Outreach',
  salesloft: 'Salesloft',
  hubspot: 'HubSpot',
  apollo: 'Apollo',
  replyio: 'Reply.io',
  lemlist: 'lemlist',
};

export function isTool(value: string): value is Tool {
  return (TOOLS as readonly string[]).includes(value);
}

/**
 * Something that was not carried over, or was carried over differently. `path` is where it is
 * in the input file (`data.included[3].attributes.trackOpens`, `''` for the whole file);
 * `sequence` the name of the converted sequence and `step` the id of the converted step it
 * concerns, when there is one.
 */
export interface ConversionWarning {
  sequence: string | null;
  step: string | null;
  path: string;
  message: string;
}

/** What a file was recognised as. */
export interface Recognition {
  tool: Tool;
  /** The shape in a manager's words: "Outreach API document (JSON:API)". */
  shape: string;
}

export interface ConvertOptions {
  /** Only try this tool's shapes (the CLI's `--from`). */
  from?: Tool;
  /** Which kind of record the converted sequences are for. Default: the tool's own. */
  entity?: Entity;
}

export type ConvertResult =
  | {
      ok: true;
      source: Recognition;
      /** A valid `upnext/v1` pack (checked with the pack validator before it is returned). */
      pack: Pack;
      /** The pack as the file to import: two-space indented JSON with a final newline. */
      text: string;
      entity: Entity;
      warnings: ConversionWarning[];
    }
  | {
      ok: false;
      /** Set when the file was recognised but nothing in it could be converted. */
      source: Recognition | null;
      /** One line: what the file looks like and what to export instead. */
      message: string;
    };
