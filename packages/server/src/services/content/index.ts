/**
 * The content context: resumable uploads, sealed manifests, downloads, garbage collection, and
 * content integrity with its verification runs. Other contexts import it only through this
 * module (docs/adr/0013-bounded-contexts.md).
 */
export { FileService } from './file-service.js';
export type { FileProgress, FileServiceDeps, GarbageReport, IncomingRange } from './content-rules.js';
export { ContentIntegrity, SYSTEM_CALLER, type ContentIntegrityDeps } from './content-integrity.js';
export type { SegmentCrc } from './segment-check.js';
export type { RecordedContent } from './recorded-content.js';
export {
  VerificationService,
  type RunReport,
  type StepReport,
  type VerificationServiceDeps,
} from './verification-service.js';
export { VerificationSchedule, type VerificationScheduleDeps } from './verification-schedule.js';
export type { ContentTx } from './content-tx.js';
