/** What every tool's converter module provides (one module per tool in this folder). */
import type { Entity } from '../sequence/types';
import type { DraftSequence, Note } from './draft';
import type { Tool } from './types';

/**
 * `shape`: the file is this tool's sequence definition, in the manager's words;
 * `refuse`: the file is this tool's, but not a sequence definition (one line: what it looks
 * like and what to export instead).
 */
export type ToolRecognition = { shape: string } | { refuse: string };

export interface ToolConverter {
  tool: Tool;
  /** Who the tool's sequences are for, when the manager does not say. */
  entity: Entity;
  recognize(value: unknown): ToolRecognition | undefined;
  /** Drafts of every sequence in a recognised file, and notes about the file as a whole. */
  convert(value: unknown): { sequences: DraftSequence[]; notes: Note[] };
}
