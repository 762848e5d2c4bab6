export { deleteRecordsBefore, deleteTopics } from './topic-reading';
export { countMessages, readTopic } from '@surge/kafka';
export { specProducer } from './spec-producer';
export { countLogLines, readLogRecords, STOREFRONT_TRACE } from './log-records';
