export { countMessages, deleteRecordsBefore, deleteTopics } from './topic-reading';
export { readTopic } from '@surge/kafka';
