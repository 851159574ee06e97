import { z } from 'zod';
import { collectionErrorSchema, collectionNoteSchema, evidenceFileSchema, redactionSummarySchema } from './evidence';
import { messageSchema } from './messages';

export const BUNDLE_FORMAT = 'runner-doctor-bundle/1';

export const bundleSourceSchema = z.object({
  id: z.string(),
  type: z.enum(['kubernetes', 'ssh', 'gitlab', 'files', 'demo']),
  /** In English (what scripts and older readers read). */
  description: z.string(),
  /** The same as a message id and parameters, for a report in another language; absent in older bundles and where the description is only names. */
  text: messageSchema.optional(),
});
export type BundleSource = z.infer<typeof bundleSourceSchema>;

/** manifest.json (CONTRACTS.md §4). Extra keys are allowed so the format can grow. */
export const manifestSchema = z.looseObject({
  format: z.string(),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  sources: z.array(bundleSourceSchema),
  files: z.array(evidenceFileSchema),
  errors: z.array(collectionErrorSchema),
  /** Remarks that are not errors (absent in bundles made before notes were kept). */
  notes: z.array(collectionNoteSchema).optional(),
  redactionSummary: redactionSummarySchema.optional(),
  /** The language report.md and report.html are written in (`en` when absent; read leniently, so a newer bundle still opens). */
  language: z.string().optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;
