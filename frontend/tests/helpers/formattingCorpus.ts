/**
 * The formatting corpus shared with the server's tests (docs/formatting.md):
 * every case's input, its tree and its plain text.
 */
import type { Block } from '@/utils/formatting'

import cases from '../../../docs/formatting-corpus.json'

export interface CorpusCase {
  name: string
  input: string
  plain: string
  tree: Block[]
}

export const corpus = cases as CorpusCase[]

/** The cases about script injection and look-alike text (named `xss: ...`). */
export const xssCases = corpus.filter((c) => c.name.startsWith('xss:'))
