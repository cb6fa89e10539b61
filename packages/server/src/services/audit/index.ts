/**
 * The audit context: the audit trail with its hash chain, denials, and the periodic review of
 * the registry. Other contexts import it only through this module
 * (docs/adr/0013-bounded-contexts.md).
 */
export { AuditService, type AuditServiceDeps, type ChainCheck, type Denial } from './audit-service.js';
export { ReportService, type RegistryReport, type ReportServiceDeps } from './report-service.js';
