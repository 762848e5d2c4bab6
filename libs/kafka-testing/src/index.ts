export { countMessages, deleteTopics, describeTopicConfig, readTopic } from './topic-reading';
