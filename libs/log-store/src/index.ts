export {
  DEFAULT_LOG_INDEX_PREFIX,
  LOG_INDEX_PREFIX_PATTERN,
  expiredLogIndices,
  logIndexDay,
  logIndexName,
  logIndexPattern,
} from './log-index';
export { logDocumentId } from './log-document';
export type { LogDocument, LogPosition } from './log-document';
export { LOG_LEVEL_ORDER, TRACE_LINE_LIMIT, logSearchBody, orderJourneyBody } from './log-query';
export type { LogFilter } from './log-query';
export { LogStore } from './log-store';
export type { BulkResult, LogStoreOptions } from './log-store';
export { BulkIncompleteError, LogStoreUnavailableError } from './log-store-errors';
