export { countMessages, deleteRecordsBefore, deleteTopics, readTopic } from './topic-reading';
