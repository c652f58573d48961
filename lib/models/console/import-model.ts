/**
 * Import a pack (docs/sequence-format.md, "Import, export and activation"): read a file or pasted JSON, show the dry run (`planImport`),
 * then apply all or nothing (`importPack`). Every problem comes back with its path, line and
 * column and is listed at once.
 *
 * A sequence exported from another tool (Outreach, Salesloft, HubSpot, Apollo, Reply.io,
 * lemlist) is converted here, in the page, into an `upnext/v1` pack; the background receives
 * that pack and validates it as any other. What did not carry over is kept for the panel.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';

import type { ConversionWarning, Recognition } from '../../convert/types';
import type { PlanSummary } from '../../sequence/plan';
import type { Problem } from '../../sequence/problem';
import type { Entity } from '../../sequence/types';
import { errorMessage, problemsOf, type Transport } from './transport';
import { latestRequest } from '../latest-request';

type ImportStatus = 'idle' | 'planning' | 'planned' | 'importing' | 'done' | 'invalid' | 'error';

/** A file from another tool, converted into a pack. */
export interface ImportConversion {
  source: Recognition;
  /** Record type of the converted sequences (the tool's own unless the manager chose). */
  entity: Entity;
  sequences: number;
  warnings: ConversionWarning[];
  /** The converted pack: what is checked and imported. */
  text: string;
}

export interface ImportModel {
  text: ReadonlySignal<string>;
  fileName: ReadonlySignal<string | null>;
  status: ReadonlySignal<ImportStatus>;
  plan: ReadonlySignal<PlanSummary | null>;
  problems: ReadonlySignal<Problem[]>;
  error: ReadonlySignal<string | null>;
  /** How many sequences and CRMs the running import writes (for the progress text). */
  importing: ReadonlySignal<number>;
  /** Custom CRM addresses the seller did not allow during the import (they can later). */
  notAllowed: ReadonlySignal<string[]>;
  /** Set when the text is another tool's sequence export, converted into a pack. */
  conversion: ReadonlySignal<ImportConversion | null>;
  busy: ReadonlySignal<boolean>;
  canApply: ReadonlySignal<boolean>;
  /** Action: text typed or pasted; forgets any earlier plan. */
  setText: (text: string, fileName?: string | null) => void;
  /** Action: read a chosen or dropped file, then plan it. */
  loadFile: (file: Blob & { name: string }) => Promise<void>;
  /** Action: the dry run. */
  check: () => Promise<void>;
  /** Action: convert another tool's file for this record type, and check it again. */
  setEntity: (entity: Entity) => Promise<void>;
  /** Action: apply the planned import, all or nothing. */
  apply: () => Promise<boolean>;
  clear: () => void;
}

export function createImportModel(
  transport: Transport,
  options: {
    onImported?: (plan: PlanSummary) => void;
    /**
     * Asks the browser for access to these origins (`permissions.request`). Called first thing
     * in `apply`, inside the click, so the browser sees the user gesture it requires.
     */
    requestAccess?: (origins: string[]) => Promise<boolean>;
  } = {},
): ImportModel {
  const text = signal('');
  const fileName = signal<string | null>(null);
  const status = signal<ImportStatus>('idle');
  const plan = signal<PlanSummary | null>(null);
  const problems = signal<Problem[]>([]);
  const error = signal<string | null>(null);
  const importing = signal(0);
  const notAllowed = signal<string[]>([]);
  const conversion = signal<ImportConversion | null>(null);
  let entity: Entity | null = null;
  const requests = latestRequest();

  /**
   * The pack text to send: the text itself, or, for another tool's export, its conversion.
   * Text that is not JSON, or not recognised, goes as it is: the background lists its problems.
   */
  async function prepare(): Promise<
    { text: string; converted?: ImportConversion } | { refused: string }
  > {
    let value: unknown;
    try {
      value = JSON.parse(text.value.replace(/^\uFEFF/, '')) as unknown;
    } catch {
      return { text: text.value };
    }
    // A pack (or an empty object) goes as it is. The converters, most of the import code (one
    // module per tool and an HTML-to-text library), load only for other files.
    if (
      typeof value === 'object' &&
      value !== null &&
      ('format' in value || Object.keys(value).length === 0)
    ) {
      return { text: text.value };
    }
    const { convertValue, detect } = await import('../../convert/convert');
    const detection = detect(value);
    if (detection.kind !== 'sequences' && detection.kind !== 'refused') return { text: text.value };
    const result = convertValue(value, entity === null ? {} : { entity });
    if (!result.ok) return { refused: result.message };
    return {
      text: result.text,
      converted: {
        source: result.source,
        entity: result.entity,
        sequences: result.pack.sequences.length,
        warnings: result.warnings,
        text: result.text,
      },
    };
  }

  function fail(failure: unknown): void {
    const found = problemsOf(failure);
    problems.value = found;
    error.value = errorMessage(failure);
    status.value = found.length > 0 ? 'invalid' : 'error';
  }

  function setText(next: string, name: string | null = null): void {
    requests.forget();
    text.value = next;
    fileName.value = name;
    conversion.value = null;
    entity = null;
    plan.value = null;
    problems.value = [];
    error.value = null;
    status.value = 'idle';
  }

  async function check(): Promise<void> {
    const latest = requests.begin();
    if (text.value.trim() === '') {
      plan.value = null;
      problems.value = [];
      error.value = 'Choose a pack file, drop one here, or paste its JSON first.';
      status.value = 'error';
      return;
    }
    status.value = 'planning';
    error.value = null;
    problems.value = [];
    const prepared = await prepare();
    if (!latest()) return;
    if ('refused' in prepared) {
      conversion.value = null;
      plan.value = null;
      error.value = prepared.refused;
      status.value = 'error';
      return;
    }
    conversion.value = prepared.converted ?? null;
    try {
      const reply = await transport.send('planImport', { text: prepared.text });
      if (!latest()) return;
      plan.value = reply.plan;
      status.value = 'planned';
    } catch (failure) {
      if (!latest()) return;
      plan.value = null;
      fail(failure);
    }
  }

  return {
    text,
    fileName,
    status,
    plan,
    problems,
    error,
    importing,
    notAllowed,
    conversion,
    busy: computed(() => status.value === 'planning' || status.value === 'importing'),
    canApply: computed(() => {
      const current = plan.value;
      return (
        status.value === 'planned' &&
        current !== null &&
        current.counts.create + current.counts.update > 0
      );
    }),
    setText,
    async loadFile(file) {
      let content: string;
      try {
        content = await file.text();
      } catch (failure) {
        setText('', file.name);
        error.value = `Could not read ${file.name}: ${errorMessage(failure)}`;
        status.value = 'error';
        return;
      }
      setText(content, file.name);
      await check();
    },
    check,
    async setEntity(next) {
      entity = next;
      await check();
    },
    async apply() {
      const current = plan.value;
      if (current === null || status.value !== 'planned') return false;
      // Before any await: the permission prompt needs the click's user gesture.
      const origins = current.origins;
      const access =
        origins.length > 0 && options.requestAccess
          ? options.requestAccess(origins).catch(() => false)
          : Promise.resolve(true);
      const latest = requests.begin();
      importing.value = current.counts.create + current.counts.update;
      status.value = 'importing';
      error.value = null;
      try {
        const [reply, allowed] = await Promise.all([
          transport.send('importPack', { text: conversion.value?.text ?? text.value }),
          access,
        ]);
        if (!latest()) return false;
        notAllowed.value = allowed ? [] : origins;
        plan.value = reply.plan;
        status.value = 'done';
        options.onImported?.(reply.plan);
        return true;
      } catch (failure) {
        if (!latest()) return false;
        fail(failure);
        return false;
      }
    },
    clear() {
      setText('');
    },
  };
}
